"""A user's admin page lists their organizations, read-only."""

from organizations.models import Membership
from organizations.tests.admin.helpers import change_url


def test_user_change_page_lists_memberships_read_only(operator_client, organization, member):
    response = operator_client.get(change_url(member))

    inline = response.context["inline_admin_formsets"][0]
    assert inline.formset.model is Membership
    assert not inline.has_change_permission
    assert [form.instance.organization for form in inline.formset.forms] == [organization]
