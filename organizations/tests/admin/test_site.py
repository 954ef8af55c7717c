"""Every admin page opens, list pages run a fixed number of queries whatever the number of
rows, and rows written by the services are read-only."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from organizations.models import (
    AuditEvent,
    Invitation,
    Membership,
    Team,
)
from organizations.tests.admin.helpers import (
    change_url,
    changelist_url,
    populate,
)

CHANGELISTS = [
    "accounts_user",
    "organizations_plan",
    "organizations_organization",
    "organizations_membership",
    "organizations_team",
    "organizations_teammembership",
    "organizations_invitation",
    "organizations_auditevent",
]


@pytest.mark.parametrize("name", CHANGELISTS)
def test_every_changelist_opens(operator_client, organization, admin, member, invitation, name):
    response = operator_client.get(changelist_url(name))

    assert response.status_code == 200


def test_every_change_page_opens(operator_client, organization, owner, member, invitation):
    team = organization.teams.get()
    objects = [
        owner,
        organization.plan,
        organization,
        Membership.objects.get(organization=organization, user=member),
        team,
        team.memberships.get(user=member),
        invitation,
        AuditEvent.objects.filter(organization=organization).first(),
    ]

    for obj in objects:
        response = operator_client.get(change_url(obj))
        assert response.status_code == 200, obj._meta.model_name


@pytest.mark.parametrize("name", ["accounts_user", "organizations_organization"])
def test_add_pages_open(operator_client, name):
    assert operator_client.get(reverse(f"admin:{name}_add")).status_code == 200


@pytest.mark.parametrize("name", CHANGELISTS)
def test_changelist_query_count_does_not_grow_with_rows(
    operator_client, django_assert_num_queries, name
):
    url = changelist_url(name)
    populate(3)
    operator_client.get(url)  # warm up the session and caches
    with CaptureQueriesContext(connection) as small:
        response = operator_client.get(url)
    assert response.status_code == 200
    rows_small = len(response.context["cl"].result_list)

    populate(27)
    with django_assert_num_queries(len(small)):
        response = operator_client.get(url)
    assert len(response.context["cl"].result_list) > rows_small


@pytest.mark.parametrize("model", [Membership, Team, Invitation])
def test_rows_written_by_services_are_read_only(operator_client, organization, invitation, model):
    obj = model.objects.first()
    name = f"admin:organizations_{model._meta.model_name}"

    assert operator_client.get(reverse(f"{name}_add")).status_code == 403
    assert operator_client.post(change_url(obj), {}).status_code == 403
    assert operator_client.post(reverse(f"{name}_delete", args=[obj.pk])).status_code == 403
