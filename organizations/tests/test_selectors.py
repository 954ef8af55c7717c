"""Selectors: what they return, scoped to one organization, in a fixed number of queries."""

import uuid
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.models import User
from common.errors import NotFound
from organizations.models import (
    Invitation,
    InvitationStatus,
    Membership,
    Team,
    TeamMembership,
)
from organizations.roles import OrganizationRole, TeamRole
from organizations.selectors.invitations import organization_invitations
from organizations.selectors.members import organization_members
from organizations.selectors.organizations import (
    effective_country,
    effective_locale,
    organization_for_member,
    user_memberships,
)
from organizations.selectors.teams import organization_teams
from organizations.services.invitation import invitation_create
from organizations.services.organization import organization_update
from organizations.services.team import team_create, team_member_add
from organizations.tests.factories import UserFactory, add_member

# Listing N rows and touching what a page shows of each must cost the same at every N.
MEMBERS_QUERIES = 2  # memberships with their users; team memberships with their teams
INVITATIONS_QUERIES = 2  # invitations with their inviters; their teams
TEAMS_QUERIES = 1  # teams with their member count
USER_MEMBERSHIPS_QUERIES = 1  # memberships with organization and plan
SIZES = [10, 200]


def bulk_users(count: int, prefix: str) -> list[User]:
    return User.objects.bulk_create(
        User(email=f"{prefix}{number}@bulk.test", name=f"{prefix} {number:04d}")
        for number in range(count)
    )


def bulk_teams(organization, count: int, prefix: str) -> list[Team]:
    group_names = [f"team:{uuid.uuid4()}" for _ in range(count)]
    Group.objects.bulk_create(Group(name=name) for name in group_names)
    groups = Group.objects.filter(name__in=group_names).order_by("name")
    return Team.objects.bulk_create(
        Team(organization=organization, name=f"{prefix} {number:04d}", group=group)
        for number, group in enumerate(groups)
    )


def bulk_members(organization, count: int, *, teams, prefix: str = "member") -> list[User]:
    users = bulk_users(count, prefix)
    Membership.objects.bulk_create(
        Membership(user=user, organization=organization, role=OrganizationRole.VIEWER)
        for user in users
    )
    TeamMembership.objects.bulk_create(
        TeamMembership(team=team, user=user, role=TeamRole.MEMBER)
        for user in users
        for team in teams
    )
    return users


# user_memberships


def test_user_memberships_lists_each_organization_with_the_role(
    organization, member, other_organization, django_assert_num_queries
):
    add_member(other_organization, member, OrganizationRole.VIEWER)

    with django_assert_num_queries(USER_MEMBERSHIPS_QUERIES):
        rows = [
            (row.organization.display_name, row.organization.plan.code, row.role)
            for row in user_memberships(member)
        ]

    assert rows == [("Acme", "pro", "member"), ("Globex", "free", "viewer")]


def test_user_memberships_of_a_user_without_organization_is_empty(db):
    assert list(user_memberships(UserFactory())) == []


# organization_for_member


def test_organization_for_member_returns_the_members_organization(organization, member):
    assert organization_for_member(user=member, organization_id=organization.pk) == organization
    assert (
        organization_for_member(user=member, organization_id=str(organization.pk)) == organization
    )


@pytest.mark.parametrize(
    "organization_id",
    [
        pytest.param("not-a-uuid", id="garbage"),
        pytest.param("", id="empty"),
        pytest.param(None, id="none"),
        pytest.param(42, id="number"),
        pytest.param("' OR 1=1 --", id="injection"),
        pytest.param(uuid.uuid4(), id="unknown-uuid"),
    ],
)
def test_organization_for_member_refuses_unknown_ids(organization, member, organization_id):
    with pytest.raises(NotFound):
        organization_for_member(user=member, organization_id=organization_id)


def test_organization_for_member_hides_other_organizations(
    organization, member, other_organization
):
    with pytest.raises(NotFound):
        organization_for_member(user=member, organization_id=other_organization.pk)
    with pytest.raises(NotFound):
        organization_for_member(user=member, organization_id=str(other_organization.pk))


# organization_members


def test_organization_members_lists_roles_and_teams_of_this_organization_only(
    owner, organization, admin, member, viewer, outsider, other_organization
):
    data_team = team_create(acting_user=owner, organization=organization, name="Data")
    team_member_add(acting_user=owner, team=data_team, user=member, role=TeamRole.ADMIN)
    # The member also belongs to Globex and its team: none of it shows in Acme's list.
    add_member(other_organization, member)

    rows = {
        row.user.email: (
            row.role,
            [(tm.team.name, tm.role) for tm in row.user.organization_team_memberships],
        )
        for row in organization_members(organization)
    }

    assert rows == {
        owner.email: ("owner", [("My Team", "admin")]),
        admin.email: ("admin", [("My Team", "member")]),
        member.email: ("member", [("Data", "admin"), ("My Team", "member")]),
        viewer.email: ("viewer", [("My Team", "member")]),
    }
    assert outsider.email not in rows


def test_organization_members_are_ordered_by_name(organization, admin, member, viewer, owner):
    names = [row.user.name for row in organization_members(organization)]
    assert names == ["Adam Admin", "Mia Member", "Olivia Owner", "Victor Viewer"]


@pytest.mark.parametrize("size", SIZES)
def test_organization_members_query_count_is_fixed(
    owner, organization, other_organization, size, django_assert_num_queries
):
    acme_teams = [*organization.teams.all(), *bulk_teams(organization, 2, "Squad")]
    users = bulk_members(organization, size, teams=acme_teams)
    # The same people in Globex's team: must not leak into Acme's list.
    globex_team = other_organization.teams.get()
    TeamMembership.objects.bulk_create(TeamMembership(team=globex_team, user=u) for u in users)

    with django_assert_num_queries(MEMBERS_QUERIES):
        rows = [
            (
                row.user.email,
                row.role,
                [tm.team.name for tm in row.user.organization_team_memberships],
            )
            for row in organization_members(organization)
        ]

    assert len(rows) == size + 1
    bulk_rows = [row for row in rows if row[0].endswith("@bulk.test")]
    assert len(bulk_rows) == size
    assert all(teams == ["My Team", "Squad 0000", "Squad 0001"] for _e, _r, teams in bulk_rows)


# organization_invitations


@pytest.fixture
def invitations(owner, admin, organization):
    pending = invitation_create(
        acting_user=owner, organization=organization, email="pending@example.test"
    )
    expired = invitation_create(
        acting_user=admin, organization=organization, email="expired@example.test"
    )
    Invitation.objects.filter(pk=expired.pk).update(
        sent_at=timezone.now() - timedelta(days=8),
        expires_at=timezone.now() - timedelta(days=1),
    )
    accepted = invitation_create(
        acting_user=owner, organization=organization, email="accepted@example.test"
    )
    revoked = invitation_create(
        acting_user=owner, organization=organization, email="revoked@example.test"
    )
    Invitation.objects.filter(pk=accepted.pk).update(status=InvitationStatus.ACCEPTED)
    Invitation.objects.filter(pk=revoked.pk).update(status=InvitationStatus.REVOKED)
    return {"pending": pending, "expired": expired, "accepted": accepted, "revoked": revoked}


def test_organization_invitations_shows_pending_and_expired_by_default(
    organization, invitations, other_organization, outsider
):
    invitation_create(acting_user=outsider, organization=other_organization, email="x@globex.test")

    rows = {
        invitation.email: invitation.display_status
        for invitation in organization_invitations(organization)
    }

    assert rows == {"pending@example.test": "pending", "expired@example.test": "expired"}
    # The stored status of the expired one is still pending: expiry is computed.
    assert invitations["expired"].status == InvitationStatus.PENDING


def test_organization_invitations_filters_by_status(organization, invitations):
    def emails(statuses):
        return {
            invitation.email
            for invitation in organization_invitations(organization, statuses=statuses)
        }

    assert emails(["expired"]) == {"expired@example.test"}
    assert emails(["pending"]) == {"pending@example.test"}
    assert emails(["accepted", "revoked"]) == {"accepted@example.test", "revoked@example.test"}


def test_an_invitation_past_expiry_by_a_second_is_expired(organization, owner):
    invitation = invitation_create(
        acting_user=owner, organization=organization, email="late@example.test"
    )
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    (row,) = organization_invitations(organization)
    assert row.display_status == "expired"


@pytest.mark.parametrize("size", SIZES)
def test_organization_invitations_query_count_is_fixed(
    owner, organization, size, django_assert_num_queries
):
    teams = [*organization.teams.all(), *bulk_teams(organization, 2, "Squad")]
    now = timezone.now()
    created = Invitation.objects.bulk_create(
        Invitation(
            organization=organization,
            email=f"invitee{number}@example.test",
            invited_by=owner,
            token_hash=uuid.uuid4().hex,
            sent_at=now - timedelta(days=number % 10),
            expires_at=now + timedelta(days=7 - number % 10),
        )
        for number in range(size)
    )
    Invitation.teams.through.objects.bulk_create(
        Invitation.teams.through(invitation_id=invitation.pk, team_id=team.pk)
        for invitation in created
        for team in teams
    )

    with django_assert_num_queries(INVITATIONS_QUERIES):
        rows = [
            (
                invitation.email,
                invitation.display_status,
                invitation.invited_by.name,
                [team.name for team in invitation.teams.all()],
            )
            for invitation in organization_invitations(organization)
        ]

    assert len(rows) == size
    assert {row[2] for row in rows} == {"Olivia Owner"}
    assert all(row[3] == ["My Team", "Squad 0000", "Squad 0001"] for row in rows)
    assert {row[1] for row in rows} == {"pending", "expired"}


# organization_teams


def test_organization_teams_counts_members(owner, organization, admin, member, viewer):
    data_team = team_create(acting_user=owner, organization=organization, name="Data")
    team_member_add(acting_user=owner, team=data_team, user=member)
    team_create(acting_user=owner, organization=organization, name="Empty")

    counts = {team.name: team.member_count for team in organization_teams(organization)}

    assert counts == {"Data": 1, "Empty": 0, "My Team": 4}


def test_organization_teams_lists_this_organization_only(organization, other_organization):
    assert [team.organization_id for team in organization_teams(organization)] == [organization.pk]


@pytest.mark.parametrize("size", SIZES)
def test_organization_teams_query_count_is_fixed(organization, size, django_assert_num_queries):
    teams = bulk_teams(organization, size, "Squad")
    users = bulk_users(3, "squaddie")
    TeamMembership.objects.bulk_create(
        TeamMembership(team=team, user=user) for team in teams for user in users
    )

    with django_assert_num_queries(TEAMS_QUERIES):
        rows = [(team.name, team.member_count) for team in organization_teams(organization)]

    assert len(rows) == size + 1
    assert rows[0] == ("My Team", 1)
    assert all(count == 3 for _name, count in rows[1:])


# effective_locale and effective_country


def test_effective_locale_prefers_the_user(owner, organization, member):
    organization_update(acting_user=owner, organization=organization, locale="nl")
    member.locale = "fr"
    member.save()
    member.refresh_from_db()
    assert effective_locale(member) == "fr"
    assert effective_locale(member, organization) == "fr"


def test_effective_locale_falls_back_to_the_organization(owner, organization, member):
    organization_update(acting_user=owner, organization=organization, locale="nl")
    member.refresh_from_db()
    assert member.locale == ""
    assert effective_locale(member) == "nl"


def test_effective_locale_uses_the_given_organization_over_the_active_one(
    owner, organization, member, other_organization, outsider
):
    organization_update(acting_user=outsider, organization=other_organization, locale="fr")
    other_organization.refresh_from_db()
    member.refresh_from_db()
    assert effective_locale(member, other_organization) == "fr"
    assert effective_locale(member) == "en"


def test_effective_locale_shows_a_locale_the_ui_does_not_speak_in_english(
    owner, organization, member
):
    # Luzmo's catalogue is wider than the UI's three languages: German is stored, English shown.
    organization_update(acting_user=owner, organization=organization, locale="de")
    organization.refresh_from_db()
    member.refresh_from_db()
    assert (organization.locale, effective_locale(member)) == ("de", "en")
    member.locale = "ja"
    member.save()
    organization_update(acting_user=owner, organization=organization, locale="nl")
    assert effective_locale(member) == "en"


def test_effective_locale_falls_back_to_the_site_default(organization, member):
    Membership.objects.filter(user=member).delete()
    member.active_organization = None
    member.save()
    assert effective_locale(member) == "en"
    assert effective_locale(None) == "en"


def test_effective_country_prefers_the_user(owner, organization, member):
    organization_update(acting_user=owner, organization=organization, country="NL")
    member.country = "BE"
    member.save()
    member.refresh_from_db()
    assert effective_country(member) == "BE"


def test_effective_country_falls_back_to_the_organization(owner, organization, member):
    organization_update(acting_user=owner, organization=organization, country="NL")
    member.refresh_from_db()
    assert effective_country(member) == "NL"


def test_effective_country_uses_the_given_organization(
    organization, member, other_organization, outsider
):
    organization_update(acting_user=outsider, organization=other_organization, country="FR")
    other_organization.refresh_from_db()
    member.refresh_from_db()
    assert effective_country(member, other_organization) == "FR"
    assert effective_country(member) == ""


def test_effective_country_is_empty_without_any(db):
    user = UserFactory()
    assert user.active_organization is None
    assert effective_country(user) == ""
