"""Organization → Users tab: members and roles, invitations, Invite a new user."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from organizations.models import Invitation, InvitationStatus, Membership, Plan
from organizations.models.team import DEFAULT_TEAM_NAME
from organizations.roles import OrganizationRole, TeamRole
from organizations.selectors.teams import TEAMS_LISTED
from organizations.services.invitation import invitation_create
from organizations.services.team import team_add_with_group, team_create
from organizations.tests.factories import UserFactory, add_member, plan
from organizations.views.members import MEMBERS_PER_PAGE

USERS = reverse("organization_users")
INVITE = reverse("organization_invite")


def role_url(membership):
    return reverse("organization_member_role", args=[membership.pk])


def remove_url(membership):
    return reverse("organization_member_remove", args=[membership.pk])


def membership_of(user, organization):
    return Membership.objects.get(user=user, organization=organization)


def invite_data(organization, **overrides):
    my_team = organization.teams.get(name=DEFAULT_TEAM_NAME)
    return {
        "email": "newbie@example.test",
        "name": "Nina Newbie",
        "role": OrganizationRole.MEMBER,
        "teams": [str(my_team.pk)],
        "team_role": TeamRole.MEMBER,
        "note": "Welcome aboard!",
        **overrides,
    }


@pytest.fixture
def pending(organization, owner):
    return invitation_create(
        acting_user=owner, organization=organization, email="pending@example.test"
    )


# The page ----------------------------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_log_in(client, db):
    response = client.get(USERS)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_every_member_sees_the_member_list_with_roles(client, organization, admin, member, viewer):
    client.force_login(viewer)

    response = client.get(USERS)

    assert response.status_code == 200
    content = response.content.decode()
    for name in ("Olivia Owner", "Adam Admin", "Mia Member", "Victor Viewer"):
        assert name in content
    assert [m.role for m in response.context["members"]].count(OrganizationRole.OWNER) == 1


def test_owner_sees_the_invite_button_and_pending_and_expired_invitations(
    client, organization, owner, pending
):
    expired = invitation_create(
        acting_user=owner, organization=organization, email="late@example.test"
    )
    Invitation.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(days=1))
    client.force_login(owner)

    response = client.get(USERS)

    content = response.content.decode()
    assert "Invite a new user" in content
    assert "pending@example.test" in content
    assert "late@example.test" in content
    statuses = {i.email: i.display_status for i in response.context["invitations"]}
    assert statuses == {"pending@example.test": "pending", "late@example.test": "expired"}
    assert "Resend" in content


def test_invite_form_defaults_to_member_in_my_team_as_team_member(client, organization, owner):
    team_create(acting_user=owner, organization=organization, name="Analysts")
    client.force_login(owner)

    form = client.get(USERS).context["invitation_form"]

    my_team = organization.teams.get(name=DEFAULT_TEAM_NAME)
    assert form["role"].value() == OrganizationRole.MEMBER
    assert form["teams"].value() == [my_team.pk]
    assert form["team_role"].value() == TeamRole.MEMBER
    assert [name for _value, name in form.fields["teams"].choices] == ["Analysts", "My Team"]


def test_invite_form_offers_only_the_roles_the_inviter_may_grant(client, organization, admin):
    client.force_login(admin)

    form = client.get(USERS).context["invitation_form"]

    assert [value for value, _label in form.fields["role"].choices] == [
        "admin",
        "member",
        "viewer",
    ]


@pytest.mark.parametrize("role_fixture", ["member", "viewer"])
def test_members_and_viewers_see_no_invite_button_nor_invitations(
    request, client, organization, pending, role_fixture
):
    client.force_login(request.getfixturevalue(role_fixture))

    response = client.get(USERS)

    assert "Invite a new user" not in response.content.decode()
    assert "pending@example.test" not in response.content.decode()
    assert "invitation_form" not in response.context


# The Role column's dropdown ------------------------------------------------------------------


def test_owner_may_change_everyone_but_themselves(client, organization, owner, admin, member):
    client.force_login(owner)

    members = {m.user_id: m for m in client.get(USERS).context["members"]}

    assert not members[owner.pk].actions
    assert [r.value for r in members[admin.pk].actions.roles] == ["member", "viewer"]
    assert members[admin.pk].actions.may_remove
    assert [r.value for r in members[member.pk].actions.roles] == ["admin", "viewer"]


def test_admin_cannot_see_the_owners_nor_another_admins_remove(
    client, organization, owner, admin, member, viewer
):
    other_admin = add_member(organization, UserFactory(), OrganizationRole.ADMIN)
    client.force_login(admin)

    response = client.get(USERS)

    members = {m.user_id: m for m in response.context["members"]}
    assert not members[owner.pk].actions
    assert not members[other_admin.pk].actions
    assert not members[admin.pk].actions
    assert members[member.pk].actions.may_remove
    assert [r.value for r in members[viewer.pk].actions.roles] == ["admin", "member"]
    content = response.content.decode()
    assert remove_url(membership_of(owner, organization)) not in content
    assert remove_url(membership_of(member, organization)) in content


def test_a_rows_menu_is_one_form_whose_remove_button_asks_first(
    client, organization, owner, member
):
    target = membership_of(member, organization)
    client.force_login(owner)

    content = client.get(USERS, {"page": 1, "q": "mia"}).content.decode()

    assert content.count(f'action="{role_url(target)}"') == 1
    assert f' action="{remove_url(target)}"' not in content
    assert (
        f'<button type="submit" formaction="{remove_url(target)}" '
        'class="menu__item menu__item--danger" '
        'data-confirm-title="Remove Mia Member from the organization?" '
        'data-confirm="They leave all its teams and lose what was shared with them; their '
        'dashboards and datasets go to the owner." data-confirm-button="Remove">Remove</button>'
    ) in content
    assert '<span class="visually-hidden"> — change the role of Mia Member</span>' in content
    assert 'name="list_query" value="page=1&amp;q=mia"' in content


def test_member_sees_no_dropdown(client, organization, owner, member, viewer):
    client.force_login(member)

    response = client.get(USERS)

    assert not any(m.actions for m in response.context["members"])
    assert "organization_member_remove" not in response.content.decode()
    assert "/remove/" not in response.content.decode()


def test_changing_a_role(client, organization, owner, member):
    client.force_login(owner)

    response = client.post(
        role_url(membership_of(member, organization)), {"role": "admin"}, follow=True
    )

    assert membership_of(member, organization).role == "admin"
    assert "The role of Mia Member is now Admin." in response.content.decode()


def test_admin_cannot_change_the_owners_role(client, organization, owner, admin):
    client.force_login(admin)

    response = client.post(role_url(membership_of(owner, organization)), {"role": "viewer"})

    assert response.status_code == 403
    assert membership_of(owner, organization).role == OrganizationRole.OWNER


def test_nobody_is_made_owner_through_the_dropdown(client, organization, owner, member):
    client.force_login(owner)

    response = client.post(role_url(membership_of(member, organization)), {"role": "owner"})

    assert response.status_code == 403
    assert membership_of(member, organization).role == OrganizationRole.MEMBER


def test_an_unknown_role_is_a_flash_error(client, organization, owner, member):
    client.force_login(owner)

    response = client.post(
        role_url(membership_of(member, organization)), {"role": "emperor"}, follow=True
    )

    assert "Choose a role" in response.content.decode()
    assert membership_of(member, organization).role == OrganizationRole.MEMBER


def test_removing_a_user(client, organization, owner, member):
    client.force_login(owner)

    response = client.post(remove_url(membership_of(member, organization)), follow=True)

    assert not Membership.objects.filter(user=member, organization=organization).exists()
    assert "Mia Member was removed from the organization." in response.content.decode()


def test_admin_cannot_remove_the_owner(client, organization, owner, admin):
    client.force_login(admin)

    response = client.post(remove_url(membership_of(owner, organization)))

    assert response.status_code == 403
    assert "can&#x27;t be removed" in response.content.decode()
    assert Membership.objects.filter(user=owner, organization=organization).exists()


def test_member_cannot_remove_anyone(client, organization, member, viewer):
    client.force_login(member)

    response = client.post(remove_url(membership_of(viewer, organization)))

    assert response.status_code == 403
    assert Membership.objects.filter(user=viewer, organization=organization).exists()


def test_members_of_another_organization_are_not_found(
    client, organization, owner, outsider, other_organization
):
    client.force_login(owner)
    elsewhere = membership_of(outsider, other_organization)

    for url in (role_url(elsewhere), remove_url(elsewhere)):
        response = client.post(url, {"role": "viewer"})
        assert response.status_code == 404
    assert membership_of(outsider, other_organization).role == OrganizationRole.OWNER


# Invite a new user -------------------------------------------------------------------------


def test_inviting_sends_the_email_and_says_so(
    client, organization, owner, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(owner)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(INVITE, invite_data(organization), follow=True)

    invitation = Invitation.objects.get(organization=organization, email="newbie@example.test")
    assert invitation.status == InvitationStatus.PENDING
    assert invitation.note == "Welcome aboard!"
    assert [team.name for team in invitation.teams.all()] == [DEFAULT_TEAM_NAME]
    assert "Invitation sent to newbie@example.test." in response.content.decode()
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["newbie@example.test"]


def test_invite_shows_field_errors_and_saves_nothing(client, organization, owner, member):
    client.force_login(owner)

    response = client.post(INVITE, invite_data(organization, email=member.email))

    assert response.status_code == 200
    form = response.context["invitation_form"]
    assert "already a member" in form.errors["email"][0]
    assert response.context["invitation_form_open"]
    assert not Invitation.objects.filter(organization=organization).exists()


def test_invite_without_a_team_is_refused_on_the_team_field(client, organization, owner):
    client.force_login(owner)

    response = client.post(INVITE, invite_data(organization, teams=[]))

    assert response.context["invitation_form"].errors["teams"] == ["Select at least one team."]
    assert not Invitation.objects.filter(organization=organization).exists()


def test_invite_with_a_team_of_another_organization_is_refused(
    client, organization, owner, other_organization
):
    client.force_login(owner)
    foreign_team = other_organization.teams.get()

    response = client.post(INVITE, invite_data(organization, teams=[str(foreign_team.pk)]))

    assert response.context["invitation_form"].errors["teams"]
    assert not Invitation.objects.filter(organization=organization).exists()


def test_member_gets_403_on_invite_post(client, organization, member):
    client.force_login(member)

    response = client.post(INVITE, invite_data(organization, role="viewer"))

    assert response.status_code == 403
    assert not Invitation.objects.filter(organization=organization).exists()


def test_seat_limit_reached_is_shown_and_refused(client, organization, owner, admin):
    organization.plan = plan("free")
    organization.save(update_fields=["plan"])
    seats = organization.plan.seats
    for number in range(seats - 2):
        add_member(organization, UserFactory(email=f"filler{number}@example.test"))
    client.force_login(owner)

    response = client.get(USERS)

    assert response.context["seats_full"]
    assert "fill them" in response.content.decode()
    response = client.post(INVITE, invite_data(organization), follow=True)
    assert "fill them" in response.content.decode()
    assert not Invitation.objects.filter(organization=organization).exists()


def many_teams(organization):
    for number in range(TEAMS_LISTED + 1):
        team_add_with_group(organization=organization, name=f"Team {number:03}")


def test_with_many_teams_the_invite_form_takes_typed_team_names(client, organization, owner):
    many_teams(organization)
    client.force_login(owner)

    form = client.get(USERS).context["invitation_form"]
    response = client.post(
        INVITE, invite_data(organization, teams=["team 003, My Team", " Team 007 "])
    )

    assert form["teams"].value() == [DEFAULT_TEAM_NAME]
    assert 'value="My Team"' in str(form["teams"])
    assert response.status_code == 302
    invitation = Invitation.objects.get(organization=organization, email="newbie@example.test")
    assert sorted(team.name for team in invitation.teams.all()) == [
        "My Team",
        "Team 003",
        "Team 007",
    ]


@pytest.mark.parametrize(
    "teams",
    [
        ["Team 001, Nope"],
        ["Their team"],
        ["x" * 5000],
        [", ,"],
        [", ".join(["Team 001"] * 60)],
        ["Team\x00 001"],
    ],
    ids=["unknown", "elsewhere", "long", "commas", "too-many", "nul"],
)
def test_typed_team_names_of_no_team_here_are_refused(
    client, organization, owner, other_organization, teams
):
    many_teams(organization)
    team_add_with_group(organization=other_organization, name="Their team")
    client.force_login(owner)

    response = client.post(INVITE, invite_data(organization, teams=teams))

    assert response.status_code == 200
    assert response.context["invitation_form"].errors["teams"]
    assert not Invitation.objects.filter(organization=organization).exists()


# Resend and Remove an invitation -----------------------------------------------------------


def test_resend_replaces_the_link(client, organization, owner, pending, mailoutbox):
    client.force_login(owner)

    response = client.post(
        reverse("organization_invitation_resend", args=[pending.pk]), follow=True
    )

    assert Invitation.objects.get(pk=pending.pk).status == InvitationStatus.REVOKED
    assert Invitation.objects.filter(
        organization=organization, email=pending.email, status=InvitationStatus.PENDING
    ).exists()
    assert "A new invitation was sent to pending@example.test" in response.content.decode()


def test_remove_revokes_the_invitation(client, organization, owner, pending):
    client.force_login(owner)

    response = client.post(
        reverse("organization_invitation_remove", args=[pending.pk]), follow=True
    )

    assert Invitation.objects.get(pk=pending.pk).status == InvitationStatus.REVOKED
    assert "The invitation to pending@example.test was removed." in response.content.decode()
    assert "pending@example.test</td>" not in response.content.decode()


def test_removing_an_accepted_invitation_is_a_flash_error(client, organization, owner, pending):
    Invitation.objects.filter(pk=pending.pk).update(status=InvitationStatus.ACCEPTED)
    client.force_login(owner)

    response = client.post(
        reverse("organization_invitation_remove", args=[pending.pk]), follow=True
    )

    assert "Only a pending or expired invitation can be changed." in response.content.decode()


def test_member_cannot_resend_or_remove_invitations(client, organization, member, pending):
    client.force_login(member)

    for name in ("organization_invitation_resend", "organization_invitation_remove"):
        assert client.post(reverse(name, args=[pending.pk])).status_code == 403
    assert Invitation.objects.get(pk=pending.pk).status == InvitationStatus.PENDING


def test_invitations_of_another_organization_are_not_found(
    client, organization, owner, outsider, other_organization
):
    foreign = invitation_create(
        acting_user=outsider, organization=other_organization, email="x@example.test"
    )
    client.force_login(owner)

    for name in ("organization_invitation_resend", "organization_invitation_remove"):
        assert client.post(reverse(name, args=[foreign.pk])).status_code == 404
    assert Invitation.objects.get(pk=foreign.pk).status == InvitationStatus.PENDING


# Queries -----------------------------------------------------------------------------------

# Session, user, active organization (locale), active membership, members and their teams,
# invitations and their teams, the invite form's teams, the two seat counts, the sidebar.
USERS_TAB_QUERIES = 12


def _fill(organization, owner, count):
    # A plan with a seat limit, so that the page counts the seats taken.
    organization.plan = Plan.objects.create(code="large", name="Large", seats=1000)
    organization.save(update_fields=["plan"])
    for number in range(count - Membership.objects.filter(organization=organization).count()):
        add_member(organization, UserFactory(email=f"member{number}@example.test"))
    for number in range(3):
        invitation_create(
            acting_user=owner, organization=organization, email=f"invitee{number}@example.test"
        )


@pytest.mark.parametrize("members", [10, 200])
def test_users_tab_runs_the_same_queries_at_10_and_200_members(
    client, organization, owner, django_assert_num_queries, members
):
    _fill(organization, owner, members)
    client.force_login(owner)

    with django_assert_num_queries(USERS_TAB_QUERIES):
        response = client.get(USERS)

    # One page of them: the tab is paged (issue 11).
    assert len(response.context["members"]) == min(members, MEMBERS_PER_PAGE)


def test_the_invite_form_says_when_the_seats_are_full(client, owner, organization):
    organization.plan = plan("free")
    organization.save(update_fields=["plan"])
    for _number in range(4):
        add_member(organization, UserFactory())
    client.force_login(owner)

    content = client.get(reverse("organization_users")).content.decode()

    assert "Your plan (Free) has 5 seats, and members plus pending invitations fill them." in (
        content
    )
