"""Securables in the admin: read-only, a fixed number of queries, guardian's permission pages
sharing and revoking through the services as an operator."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from organizations.models import (
    AuditAction,
    AuditEvent,
    SecurableType,
)
from organizations.roles import AccessLevel
from organizations.securable_access import NO_ACCESS, securable_access_level
from organizations.selectors.securables import securable_share_level
from organizations.services.securable import (
    securable_create,
    securable_share_with_team,
    securable_share_with_user,
)
from organizations.services.team import team_create
from organizations.tests.factories import UserFactory, add_member


def create(author, organization, name="Sales", type=SecurableType.DASHBOARD, **fields):
    return securable_create(
        acting_user=author, organization=organization, type=type, name={"en": name}, **fields
    )


@pytest.fixture
def dashboard(member, organization):
    return create(member, organization, contents={"items": []})


@pytest.fixture
def colleague(organization):
    return add_member(organization, UserFactory(name="Carl Colleague"), team_role=None)


@pytest.fixture
def analysts(owner, organization):
    return team_create(acting_user=owner, organization=organization, name="Analysts")


def populate_securables(owner, organization, team, count: int) -> None:
    for number in range(count):
        securable = create(owner, organization, f"Bulk {number}")
        securable_share_with_user(
            acting_user=owner, securable=securable, email=UserFactory().email, level=2
        )
        securable_share_with_team(acting_user=owner, securable=securable, team=team, level=1)


def test_the_securable_list_runs_a_fixed_number_of_queries(
    operator_client, owner, organization, analysts, django_assert_num_queries
):
    url = reverse("admin:organizations_securable_changelist")
    populate_securables(owner, organization, analysts, 3)
    operator_client.get(url)
    with CaptureQueriesContext(connection) as small:
        response = operator_client.get(url)
    assert response.status_code == 200
    row = response.context["cl"].result_list[0]
    assert (row.user_share_count, row.team_share_count) == (1, 1)

    populate_securables(owner, organization, analysts, 20)
    with django_assert_num_queries(len(small)):
        response = operator_client.get(url)
    assert len(response.context["cl"].result_list) == 23


def test_the_admin_is_read_only_with_guardians_permission_pages(
    operator_client, dashboard, member, colleague, analysts
):
    securable_share_with_user(
        acting_user=member, securable=dashboard, email=colleague.email, level=2
    )
    securable_share_with_team(acting_user=member, securable=dashboard, team=analysts, level=3)

    change = operator_client.get(
        reverse("admin:organizations_securable_change", args=[dashboard.pk])
    )
    assert change.status_code == 200
    assert not change.context["adminform"].form.fields
    assert "Object permissions" in change.content.decode()
    assert operator_client.get(reverse("admin:organizations_securable_add")).status_code == 403

    page = operator_client.get(
        reverse("admin:organizations_securable_permissions", args=[dashboard.pk])
    )
    assert page.status_code == 200
    text = page.content.decode()
    assert colleague.email in text
    assert "Acme · Analysts" in text
    assert "Use" in text and "Modify" in text


def test_operators_share_and_revoke_through_the_services(
    operator_client, operator, dashboard, colleague, analysts
):
    user_url = reverse(
        "admin:organizations_securable_permissions_manage_user", args=[dashboard.pk, colleague.pk]
    )
    assert operator_client.get(user_url).status_code == 200
    operator_client.post(user_url, {"level": "3"})
    assert securable_access_level(colleague, dashboard) == AccessLevel.MODIFY
    event = AuditEvent.objects.get(action=AuditAction.SECURABLE_SHARED)
    assert (event.actor, event.by_operator) == (operator, True)

    operator_client.post(user_url, {"level": "0"})
    assert securable_access_level(colleague, dashboard) == NO_ACCESS

    team_url = reverse(
        "admin:organizations_securable_permissions_manage_group",
        args=[dashboard.pk, analysts.group_id],
    )
    operator_client.post(team_url, {"level": "1"})
    assert securable_share_level(dashboard, team=analysts) == AccessLevel.READ

    plain_group = Group.objects.create(name="not a team")
    not_a_team = reverse(
        "admin:organizations_securable_permissions_manage_group",
        args=[dashboard.pk, plain_group.pk],
    )
    assert operator_client.get(not_a_team).status_code == 404


def test_a_refused_operator_share_is_a_message_not_an_error(operator_client, dashboard, member):
    url = reverse(
        "admin:organizations_securable_permissions_manage_user", args=[dashboard.pk, member.pk]
    )
    response = operator_client.post(url, {"level": "1"}, follow=True)
    assert response.status_code == 200
    assert "already has full access" in response.content.decode()
    assert not dashboard.user_grants.exists()


def test_the_team_choice_names_teams_by_organization(operator_client, dashboard, analysts):
    page = operator_client.get(
        reverse("admin:organizations_securable_permissions", args=[dashboard.pk])
    )
    choices = [label for _value, label in page.context["group_form"].fields["group"].choices]
    assert "Acme · Analysts" in choices
    assert "Acme · My Team" in choices
