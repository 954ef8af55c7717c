"""The admin's organization and team pages on large organizations: inlines show their
first rows and link to the filtered changelist, in the same queries at any size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from organizations.admin.previews import PREVIEW_ROWS
from organizations.models import Membership
from organizations.tests.factories import UserFactory, add_member


@pytest.fixture
def operator_client(client, db):
    client.force_login(UserFactory(name="Oscar Operator", is_staff=True, is_superuser=True))
    return client


def grow(organization, members):
    for number in range(members - Membership.objects.filter(organization=organization).count()):
        add_member(organization, UserFactory(name=f"Member {number:03}"))


def organization_page(operator_client, organization):
    url = reverse("admin:organizations_organization_change", args=[organization.pk])
    with CaptureQueriesContext(connection) as queries:
        response = operator_client.get(url)
    assert response.status_code == 200
    return response, len(queries)


@pytest.mark.parametrize("members", [PREVIEW_ROWS + 5, 3 * PREVIEW_ROWS])
def test_the_organization_page_shows_the_first_members_and_links_to_all(
    operator_client, organization, members
):
    grow(organization, members)

    response, _queries = organization_page(operator_client, organization)

    formset = next(
        f.formset
        for f in response.context["inline_admin_formsets"]
        if f.formset.model is Membership
    )
    assert formset.initial_form_count() == PREVIEW_ROWS
    assert formset.total == members
    link = reverse("admin:organizations_membership_changelist")
    assert escape(f"{link}?organization__id__exact={organization.pk}") in response.content.decode()
    assert f"The first {PREVIEW_ROWS} of {members}" in response.content.decode()


def test_the_organization_page_runs_the_same_queries_at_two_sizes(operator_client, organization):
    grow(organization, PREVIEW_ROWS + 1)
    _, small = organization_page(operator_client, organization)
    grow(organization, 4 * PREVIEW_ROWS)
    _, large = organization_page(operator_client, organization)

    assert small == large


def test_the_link_lists_exactly_the_organizations_members(
    operator_client, organization, other_organization
):
    grow(organization, PREVIEW_ROWS + 2)
    changelist = reverse("admin:organizations_membership_changelist")

    response = operator_client.get(f"{changelist}?organization__id__exact={organization.pk}")

    assert response.status_code == 200
    assert response.context["cl"].result_count == PREVIEW_ROWS + 2


def test_a_small_organization_shows_no_link(operator_client, organization):
    response, _ = organization_page(operator_client, organization)

    assert "see them all" not in response.content.decode()
