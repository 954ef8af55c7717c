"""Helpers of the admin tests: URLs of admin pages, the messages a response flashed, the
management data of read-only inlines, rows to fill list pages."""

from django.contrib.messages import get_messages
from django.urls import reverse

from organizations.models import Plan
from organizations.services.invitation import invitation_create
from organizations.tests.factories import OrganizationFactory, UserFactory, add_member


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def populate(count: int) -> None:
    """Organizations on a plan of their own, with an owner, a member and a pending
    invitation each."""
    for _number in range(count):
        owner = UserFactory()
        own_plan = Plan.objects.create(code=f"custom-{owner.pk}", name=f"Custom {owner.email}")
        organization = OrganizationFactory(owner=owner, country="BE", plan=own_plan)
        add_member(organization, UserFactory())
        invitation_create(
            acting_user=owner, organization=organization, email=f"guest-{organization.slug}@x.test"
        )


def changelist_url(name: str) -> str:
    return reverse(f"admin:{name}_changelist")


def change_url(obj) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def inline_management_data(response) -> dict[str, int]:
    """Management-form data for the change page's inlines: all read-only, so no rows."""
    data = {}
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        data[management.add_prefix("TOTAL_FORMS")] = 0
        data[management.add_prefix("INITIAL_FORMS")] = 0
    return data
