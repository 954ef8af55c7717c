"""The invitation lifecycle: invite, e-mail, accept, revoke, resend, and the accept page."""

import hashlib
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import transaction
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils import timezone

from common.errors import InvalidInput, NotFound, PermissionDenied
from organizations.models import (
    AuditAction,
    AuditEvent,
    Invitation,
    InvitationStatus,
    Membership,
    TeamMembership,
)
from organizations.models.team import DEFAULT_TEAM_NAME
from organizations.roles import OrganizationRole, TeamRole
from organizations.services.invitation import (
    invitation_accept,
    invitation_create,
    invitation_resend,
    invitation_revoke,
)
from organizations.services.membership import membership_remove
from organizations.services.team import team_create, team_delete
from organizations.tests.factories import OrganizationFactory, UserFactory, add_member, plan
from organizations.tests.snapshots import database_snapshot

INVITEE_EMAIL = "newbie@example.test"


# Helpers ------------------------------------------------------------------------------------


def invite(organization, acting_user, email=INVITEE_EMAIL, **fields):
    return invitation_create(
        acting_user=acting_user, organization=organization, email=email, **fields
    )


def expire(invitation):
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )


def my_team(organization):
    return organization.teams.get(name=DEFAULT_TEAM_NAME)


def on_free_plan(organization):
    organization.plan = plan("free")
    organization.save(update_fields=["plan"])
    return organization


@pytest.fixture
def sales(organization, owner):
    return team_create(acting_user=owner, organization=organization, name="Sales")


@pytest.fixture
def invitee(db):
    return UserFactory(name="Nina Newbie", email=INVITEE_EMAIL)


# invitation_create --------------------------------------------------------------------------


@pytest.mark.parametrize("inviter", ["owner", "admin"])
def test_owner_and_admin_invite(request, organization, inviter):
    acting_user = request.getfixturevalue(inviter)

    invitation = invite(organization, acting_user, name="Nina", role=OrganizationRole.VIEWER)

    stored = Invitation.objects.get(pk=invitation.pk)
    assert stored.organization == organization
    assert stored.email == INVITEE_EMAIL
    assert stored.name == "Nina"
    assert stored.role == OrganizationRole.VIEWER
    assert stored.team_role == TeamRole.MEMBER
    assert stored.status == InvitationStatus.PENDING
    assert stored.invited_by == acting_user
    assert stored.current_status == InvitationStatus.PENDING
    event = AuditEvent.objects.get(organization=organization, action=AuditAction.INVITATION_SENT)
    assert event.actor == acting_user
    assert event.target_email == INVITEE_EMAIL
    assert event.data["invitation_id"] == str(invitation.pk)
    assert event.data["role"] == OrganizationRole.VIEWER


@pytest.mark.parametrize("inviter", ["member", "viewer"])
def test_members_and_viewers_may_not_invite(request, organization, inviter):
    acting_user = request.getfixturevalue(inviter)
    before = database_snapshot()

    with pytest.raises(PermissionDenied):
        invite(organization, acting_user)

    assert database_snapshot() == before


def test_outsider_gets_not_found(organization, outsider):
    before = database_snapshot()

    with pytest.raises(NotFound):
        invite(organization, outsider)

    assert database_snapshot() == before


def test_email_is_normalized(organization, owner):
    invitation = invite(organization, owner, email="  NewBie@Example.TEST ")

    assert Invitation.objects.get(pk=invitation.pk).email == INVITEE_EMAIL


def test_only_the_tokens_hash_is_stored(organization, owner):
    invitation = invite(organization, owner)

    assert len(invitation.token) >= 32
    stored = Invitation.objects.get(pk=invitation.pk)
    assert stored.token_hash == hashlib.sha256(invitation.token.encode()).hexdigest()
    assert stored.token_hash != invitation.token
    assert not hasattr(stored, "token")
    assert not Invitation.objects.filter(token_hash=invitation.token).exists()


def test_each_invitation_gets_its_own_token(organization, owner):
    first = invite(organization, owner, email="first@example.test")
    second = invite(organization, owner, email="second@example.test")

    assert first.token != second.token
    assert first.token_hash != second.token_hash


def test_invitation_expires_seven_days_after_it_was_sent(organization, owner):
    before = timezone.now()
    invitation = invite(organization, owner)

    stored = Invitation.objects.get(pk=invitation.pk)
    assert before <= stored.sent_at <= timezone.now()
    assert stored.expires_at - stored.sent_at == timedelta(days=7)


def test_default_team_is_my_team(organization, owner, sales):
    invitation = invite(organization, owner)

    assert list(invitation.teams.all()) == [my_team(organization)]


def test_invite_to_chosen_teams_with_a_team_role(organization, owner, sales):
    invitation = invite(
        organization, owner, teams=[sales, my_team(organization)], team_role=TeamRole.VIEWER
    )

    stored = Invitation.objects.get(pk=invitation.pk)
    assert set(stored.teams.all()) == {sales, my_team(organization)}
    assert stored.team_role == TeamRole.VIEWER


def test_note_is_kept(organization, owner):
    invitation = invite(organization, owner, note="  Welcome aboard!  ")

    assert Invitation.objects.get(pk=invitation.pk).note == "Welcome aboard!"


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"email": "not-an-email"}, "email", "valid e-mail"),
        ({"email": ""}, "email", "valid e-mail"),
        ({"role": OrganizationRole.OWNER}, "role", "Ownership"),
        ({"role": "superuser"}, "role", "Choose a role"),
        ({"team_role": "boss"}, "team_role", "team role"),
        ({"teams": []}, "teams", "at least one team"),
        ({"note": "x" * 2001}, "note", "2000"),
    ],
)
def test_invalid_input_is_refused_and_creates_nothing(organization, owner, fields, field, words):
    before = database_snapshot()

    with pytest.raises(InvalidInput) as refused:
        invite(organization, owner, **fields)

    assert refused.value.field == field
    assert words in str(refused.value)
    assert database_snapshot() == before


@pytest.mark.parametrize("email_case", [str.lower, str.upper, str.title])
def test_existing_member_is_refused(organization, owner, member, email_case):
    address = email_case(member.email)
    before = database_snapshot()

    with pytest.raises(InvalidInput) as refused:
        invite(organization, owner, email=address)

    assert refused.value.field == "email"
    assert "already a member" in str(refused.value)
    assert member.email in str(refused.value)
    assert database_snapshot() == before


def test_the_owner_is_an_existing_member_too(organization, admin, owner):
    with pytest.raises(InvalidInput, match="already a member"):
        invite(organization, admin, email=owner.email.upper())


def test_pending_invitation_to_the_same_email_is_refused(organization, owner, admin):
    invite(organization, owner)
    before = database_snapshot()

    with pytest.raises(InvalidInput) as refused:
        invite(organization, admin, email=INVITEE_EMAIL.upper())

    assert refused.value.field == "email"
    assert "pending invitation" in str(refused.value)
    assert database_snapshot() == before


def test_same_email_may_be_invited_to_another_organization(
    organization, owner, other_organization, outsider
):
    invite(organization, owner)

    other = invite(other_organization, outsider)

    assert other.organization == other_organization
    assert Invitation.objects.filter(email=INVITEE_EMAIL).pending().count() == 2


def test_admin_may_invite_an_admin(organization, admin):
    invitation = invite(organization, admin, role=OrganizationRole.ADMIN)

    assert Invitation.objects.get(pk=invitation.pk).role == OrganizationRole.ADMIN


@pytest.mark.parametrize("inviter", ["owner", "admin"])
def test_nobody_may_invite_an_owner(request, organization, inviter):
    acting_user = request.getfixturevalue(inviter)
    before = database_snapshot()

    with pytest.raises(InvalidInput) as refused:
        invite(organization, acting_user, role=OrganizationRole.OWNER)

    assert refused.value.field == "role"
    assert database_snapshot() == before


def test_team_of_another_organization_is_refused(organization, owner, other_organization):
    foreign_team = other_organization.teams.get()
    before = database_snapshot()

    with pytest.raises(InvalidInput) as refused:
        invite(organization, owner, teams=[my_team(organization), foreign_team])

    assert refused.value.field == "teams"
    assert "this organization" in str(refused.value)
    assert database_snapshot() == before
    assert not Invitation.objects.filter(organization=other_organization).exists()


def test_expired_invitation_to_the_same_email_is_superseded(organization, owner):
    old = invite(organization, owner)
    expire(old)

    new = invite(organization, owner)

    old.refresh_from_db()
    assert old.status == InvitationStatus.REVOKED
    assert old.revoked_at is not None
    assert Invitation.objects.get(pk=new.pk).status == InvitationStatus.PENDING
    assert list(
        Invitation.objects.filter(organization=organization, status=InvitationStatus.PENDING)
    ) == [Invitation.objects.get(pk=new.pk)]


def test_accepted_invitation_does_not_block_a_new_one_after_removal(organization, owner, invitee):
    """Make's way: remove the invited user and send a new invitation."""
    invitation = invite(organization, owner)
    invitation_accept(acting_user=invitee, token=invitation.token)
    membership_remove(
        acting_user=owner,
        membership=Membership.objects.get(organization=organization, user=invitee),
    )

    again = invite(organization, owner)

    assert Invitation.objects.get(pk=again.pk).status == InvitationStatus.PENDING


# Seats --------------------------------------------------------------------------------------


def test_free_plan_seats_count_members_and_pending_invitations(organization, owner):
    on_free_plan(organization)
    for number in range(4):
        invite(organization, owner, email=f"seat{number}@example.test")
    before = database_snapshot()

    with pytest.raises(InvalidInput) as refused:
        invite(organization, owner, email="sixth@example.test")

    assert "Free" in str(refused.value)
    assert "5 seats" in str(refused.value)
    assert database_snapshot() == before


def test_free_plan_members_fill_seats_too(organization, owner):
    on_free_plan(organization)
    for _number in range(3):
        add_member(organization, UserFactory())
    invite(organization, owner, email="fifth@example.test")
    before = database_snapshot()

    with pytest.raises(InvalidInput, match="seats"):
        invite(organization, owner, email="sixth@example.test")

    assert database_snapshot() == before
    assert organization.memberships.count() + Invitation.objects.pending().count() == 5


def test_expired_invitation_holds_no_seat(organization, owner):
    on_free_plan(organization)
    invitations = [invite(organization, owner, email=f"seat{n}@example.test") for n in range(4)]
    expire(invitations[0])

    invitation = invite(organization, owner, email="fifth@example.test")

    assert Invitation.objects.get(pk=invitation.pk).status == InvitationStatus.PENDING
    assert Invitation.objects.filter(organization=organization).pending().count() == 4


def test_revoking_frees_a_seat(organization, owner):
    on_free_plan(organization)
    invitations = [invite(organization, owner, email=f"seat{n}@example.test") for n in range(4)]
    with pytest.raises(InvalidInput, match="seats"):
        invite(organization, owner, email="fifth@example.test")

    invitation_revoke(acting_user=owner, invitation=invitations[0])
    invitation = invite(organization, owner, email="fifth@example.test")

    assert Invitation.objects.get(pk=invitation.pk).status == InvitationStatus.PENDING


def test_accepting_uses_the_seat_the_invitation_held(organization, owner, invitee):
    on_free_plan(organization)
    invitation = invite(organization, owner)
    for number in range(3):
        invite(organization, owner, email=f"seat{number}@example.test")

    invitation_accept(acting_user=invitee, token=invitation.token)

    assert Membership.objects.filter(organization=organization, user=invitee).exists()
    with pytest.raises(InvalidInput, match="seats"):
        invite(organization, owner, email="sixth@example.test")


def test_unlimited_plan_has_no_seat_limit(organization, owner):
    organization.plan = plan("enterprise")
    organization.save(update_fields=["plan"])

    for number in range(60):
        invite(organization, owner, email=f"seat{number}@example.test")

    assert Invitation.objects.filter(organization=organization).pending().count() == 60


# The e-mail ---------------------------------------------------------------------------------


def accept_url(token):
    return settings.SITE_URL + reverse("invitation_accept", kwargs={"token": token})


def test_email_is_sent_only_after_commit(
    organization, owner, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        invite(organization, owner)
    assert len(callbacks) == 1
    assert mailoutbox == []

    callbacks[0]()

    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [INVITEE_EMAIL]


def test_rolled_back_invitation_sends_nothing(
    organization, owner, mailoutbox, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        invite(organization, owner)
        raise RuntimeError("the surrounding transaction fails")

    assert callbacks == []
    assert mailoutbox == []
    assert not Invitation.objects.filter(organization=organization).exists()


def test_refused_invitation_sends_nothing(
    organization, owner, member, mailoutbox, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(InvalidInput),
    ):
        invite(organization, owner, email=member.email)

    assert callbacks == []
    assert mailoutbox == []


def test_email_has_html_and_text_with_the_accept_link_and_the_note(
    organization, owner, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(
            organization, owner, name="Nina", note="Welcome to the <data> team & enjoy!"
        )

    [message] = mailoutbox
    assert message.to == [INVITEE_EMAIL]
    assert "Acme" in message.subject
    link = accept_url(invitation.token)
    assert invitation.token in link
    text = message.body
    assert link in text
    assert "Accept invitation" in text
    assert "Welcome to the <data> team & enjoy!" in text
    assert owner.name in text
    assert "Nina" in text
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    assert f'href="{link}"' in html
    assert "Accept invitation" in html
    assert "Welcome to the &lt;data&gt; team &amp; enjoy!" in html
    assert "<data>" not in html
    assert owner.name in html


@pytest.mark.parametrize(
    ("locale", "localized_name"), [("nl", "Acme Nederland"), ("fr", "Acme France")]
)
def test_email_is_rendered_in_the_organizations_locale(
    organization, owner, mailoutbox, django_capture_on_commit_callbacks, locale, localized_name
):
    organization.name = {"en": "Acme", "nl": "Acme Nederland", "fr": "Acme France"}
    organization.locale = locale
    organization.save(update_fields=["name", "locale"])

    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(organization, owner)

    [message] = mailoutbox
    [(html, _mimetype)] = message.alternatives
    link = accept_url(invitation.token)
    assert localized_name in message.subject
    for body in (message.body, html):
        assert localized_name in body
        assert link in body
        assert "Acme France" not in body.replace(localized_name, "")
        assert "Acme Nederland" not in body.replace(localized_name, "")
    assert f'lang="{locale}"' in html


def test_email_in_english_by_default(
    organization, owner, mailoutbox, django_capture_on_commit_callbacks
):
    organization.name = {"en": "Acme", "nl": "Acme Nederland"}
    organization.save(update_fields=["name"])

    with django_capture_on_commit_callbacks(execute=True):
        invite(organization, owner)

    [message] = mailoutbox
    assert "Acme Nederland" not in message.subject
    assert "Acme" in message.subject
    assert 'lang="en"' in message.alternatives[0][0]


# invitation_accept --------------------------------------------------------------------------


def test_accept_joins_with_the_invited_role_and_teams(organization, owner, sales, invitee):
    OrganizationFactory(owner=invitee, name={"en": "Initech"})
    assert invitee.active_organization != organization
    invitation = invite(
        organization,
        owner,
        role=OrganizationRole.VIEWER,
        teams=[my_team(organization), sales],
        team_role=TeamRole.VIEWER,
    )

    membership = invitation_accept(acting_user=invitee, token=invitation.token)

    assert membership.organization == organization
    assert membership.user == invitee
    assert Membership.objects.get(organization=organization, user=invitee).role == "viewer"
    team_memberships = TeamMembership.objects.filter(team__organization=organization, user=invitee)
    assert {(tm.team, tm.role) for tm in team_memberships} == {
        (my_team(organization), TeamRole.VIEWER),
        (sales, TeamRole.VIEWER),
    }
    assert {my_team(organization).group, sales.group} <= set(invitee.groups.all())
    invitee.refresh_from_db()
    assert invitee.active_organization == organization
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.ACCEPTED
    assert invitation.accepted_by == invitee
    assert invitation.accepted_at is not None
    event = AuditEvent.objects.get(
        organization=organization, action=AuditAction.INVITATION_ACCEPTED
    )
    assert event.actor == invitee
    assert event.target_user == invitee
    assert event.data["invitation_id"] == str(invitation.pk)
    assert event.data["role"] == OrganizationRole.VIEWER
    assert set(event.data["teams"]) == {str(my_team(organization).pk), str(sales.pk)}


def test_accept_with_the_invited_address_in_another_case(organization, owner):
    invitee = UserFactory(email="Nina.Newbie@Example.test")
    invitation = invite(organization, owner, email="NINA.NEWBIE@example.TEST", role="admin")

    invitation_accept(acting_user=invitee, token=invitation.token)

    assert Membership.objects.get(organization=organization, user=invitee).role == "admin"


def test_accepting_twice_changes_nothing(organization, owner, invitee):
    invitation = invite(organization, owner)
    invitation_accept(acting_user=invitee, token=invitation.token)
    before = database_snapshot()

    with pytest.raises(InvalidInput, match="already been accepted"):
        invitation_accept(acting_user=invitee, token=invitation.token)

    assert database_snapshot() == before


def test_expired_invitation_is_refused(organization, owner, invitee):
    invitation = invite(organization, owner)
    expire(invitation)
    before = database_snapshot()

    with pytest.raises(InvalidInput, match="expired"):
        invitation_accept(acting_user=invitee, token=invitation.token)

    assert database_snapshot() == before
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.PENDING
    assert invitation.current_status == InvitationStatus.EXPIRED


def test_revoked_invitation_is_refused(organization, owner, invitee):
    invitation = invite(organization, owner)
    invitation_revoke(acting_user=owner, invitation=invitation)
    before = database_snapshot()

    with pytest.raises(InvalidInput, match="withdrawn"):
        invitation_accept(acting_user=invitee, token=invitation.token)

    assert database_snapshot() == before


def test_resent_invitations_old_link_is_refused_and_new_link_works(organization, owner, invitee):
    old = invite(organization, owner)
    new = invitation_resend(acting_user=owner, invitation=old)
    before = database_snapshot()

    with pytest.raises(InvalidInput, match="replaced"):
        invitation_accept(acting_user=invitee, token=old.token)
    assert database_snapshot() == before

    invitation_accept(acting_user=invitee, token=new.token)

    assert Membership.objects.filter(organization=organization, user=invitee).exists()
    assert Invitation.objects.get(pk=new.pk).status == InvitationStatus.ACCEPTED
    assert Invitation.objects.get(pk=old.pk).status == InvitationStatus.REVOKED


def test_wrong_account_is_refused(organization, owner, outsider):
    invitation = invite(organization, owner)
    active_before = outsider.active_organization_id
    before = database_snapshot()

    with pytest.raises(PermissionDenied) as refused:
        invitation_accept(acting_user=outsider, token=invitation.token)

    assert INVITEE_EMAIL in str(refused.value)
    assert outsider.email in str(refused.value)
    assert database_snapshot() == before
    assert Invitation.objects.get(pk=invitation.pk).status == InvitationStatus.PENDING
    outsider.refresh_from_db()
    assert outsider.active_organization_id == active_before


@pytest.mark.parametrize("token", ["no-such-token", ""])
def test_unknown_token_is_not_found(organization, owner, invitee, token):
    invite(organization, owner)
    before = database_snapshot()

    with pytest.raises(NotFound, match="not valid"):
        invitation_accept(acting_user=invitee, token=token)

    assert database_snapshot() == before


def test_the_stored_hash_is_not_a_token(organization, owner, invitee):
    invitation = invite(organization, owner)

    with pytest.raises(NotFound):
        invitation_accept(acting_user=invitee, token=invitation.token_hash)


def test_invitee_who_joined_meanwhile_is_refused(organization, owner, invitee):
    invitation = invite(organization, owner)
    add_member(organization, invitee)
    before = database_snapshot()

    with pytest.raises(InvalidInput, match="already a member"):
        invitation_accept(acting_user=invitee, token=invitation.token)

    assert database_snapshot() == before
    assert Invitation.objects.get(pk=invitation.pk).status == InvitationStatus.PENDING


def test_team_deleted_meanwhile_joins_the_remaining_teams(organization, owner, sales, invitee):
    support = team_create(acting_user=owner, organization=organization, name="Support")
    invitation = invite(organization, owner, teams=[sales, support], team_role=TeamRole.ADMIN)
    team_delete(acting_user=owner, team=support)

    invitation_accept(acting_user=invitee, token=invitation.token)

    team_memberships = TeamMembership.objects.filter(team__organization=organization, user=invitee)
    assert [(tm.team, tm.role) for tm in team_memberships] == [(sales, TeamRole.ADMIN)]
    assert list(invitee.groups.all()) == [sales.group]


def test_all_invited_teams_deleted_joins_the_oldest_team(organization, owner, sales, invitee):
    # "Alpha" sorts first by name; the oldest team is still My Team.
    alpha = team_create(acting_user=owner, organization=organization, name="Alpha")
    alpha.__class__.objects.filter(pk=alpha.pk).update(
        created_at=timezone.now() + timedelta(seconds=1)
    )
    invitation = invite(organization, owner, teams=[sales], team_role=TeamRole.VIEWER)
    team_delete(acting_user=owner, team=sales)

    invitation_accept(acting_user=invitee, token=invitation.token)

    team_memberships = TeamMembership.objects.filter(team__organization=organization, user=invitee)
    assert [(tm.team, tm.role) for tm in team_memberships] == [
        (my_team(organization), TeamRole.VIEWER)
    ]
    assert list(invitee.groups.all()) == [my_team(organization).group]


# invitation_revoke --------------------------------------------------------------------------


@pytest.mark.parametrize("actor", ["owner", "admin"])
def test_owner_and_admin_revoke(request, organization, owner, actor):
    acting_user = request.getfixturevalue(actor)
    invitation = invite(organization, owner)

    invitation_revoke(acting_user=acting_user, invitation=invitation)

    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.REVOKED
    assert invitation.revoked_at is not None
    event = AuditEvent.objects.get(organization=organization, action=AuditAction.INVITATION_REVOKED)
    assert event.actor == acting_user
    assert event.target_email == INVITEE_EMAIL
    assert event.data["invitation_id"] == str(invitation.pk)


def test_expired_invitation_can_be_revoked(organization, owner):
    invitation = invite(organization, owner)
    expire(invitation)

    invitation_revoke(acting_user=owner, invitation=invitation)

    assert Invitation.objects.get(pk=invitation.pk).status == InvitationStatus.REVOKED


@pytest.mark.parametrize(
    ("actor", "error"),
    [("member", PermissionDenied), ("viewer", PermissionDenied), ("outsider", NotFound)],
)
@pytest.mark.parametrize("operation", ["revoke", "resend"])
def test_only_owner_and_admin_revoke_or_resend(
    request, organization, owner, actor, error, operation, mailoutbox
):
    acting_user = request.getfixturevalue(actor)
    invitation = invite(organization, owner)
    service = invitation_revoke if operation == "revoke" else invitation_resend
    before = database_snapshot()

    with pytest.raises(error):
        service(acting_user=acting_user, invitation=invitation)

    assert database_snapshot() == before
    assert mailoutbox == []


@pytest.mark.parametrize("operation", ["revoke", "resend"])
def test_accepted_invitation_cannot_be_revoked_or_resent(organization, owner, invitee, operation):
    invitation = invite(organization, owner)
    invitation_accept(acting_user=invitee, token=invitation.token)
    service = invitation_revoke if operation == "revoke" else invitation_resend
    before = database_snapshot()

    with pytest.raises(InvalidInput, match="pending or expired"):
        service(acting_user=owner, invitation=invitation)

    assert database_snapshot() == before
    assert Invitation.objects.get(pk=invitation.pk).status == InvitationStatus.ACCEPTED


@pytest.mark.parametrize("operation", ["revoke", "resend"])
def test_revoked_invitation_cannot_be_revoked_or_resent(organization, owner, operation):
    invitation = invite(organization, owner)
    invitation_revoke(acting_user=owner, invitation=invitation)
    service = invitation_revoke if operation == "revoke" else invitation_resend
    before = database_snapshot()

    with pytest.raises(InvalidInput):
        service(acting_user=owner, invitation=invitation)

    assert database_snapshot() == before


# invitation_resend --------------------------------------------------------------------------


@pytest.mark.parametrize("actor", ["owner", "admin"])
def test_resend_replaces_the_invitation_with_a_new_link(
    request,
    organization,
    owner,
    sales,
    actor,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    acting_user = request.getfixturevalue(actor)
    old = invite(
        organization,
        owner,
        name="Nina",
        role=OrganizationRole.ADMIN,
        teams=[sales],
        team_role=TeamRole.VIEWER,
        note="See you",
    )
    Invitation.objects.filter(pk=old.pk).update(sent_at=timezone.now() - timedelta(days=3))

    with django_capture_on_commit_callbacks(execute=True):
        new = invitation_resend(acting_user=acting_user, invitation=old)

    old.refresh_from_db()
    stored = Invitation.objects.get(pk=new.pk)
    assert new.pk != old.pk
    assert new.token != old.token
    assert stored.token_hash == hashlib.sha256(new.token.encode()).hexdigest()
    assert stored.token_hash != old.token_hash
    assert old.status == InvitationStatus.REVOKED
    assert stored.status == InvitationStatus.PENDING
    assert timezone.now() - stored.sent_at < timedelta(minutes=1)
    assert stored.expires_at - stored.sent_at == timedelta(days=7)
    assert (stored.email, stored.name, stored.role, stored.team_role, stored.note) == (
        INVITEE_EMAIL,
        "Nina",
        OrganizationRole.ADMIN,
        TeamRole.VIEWER,
        "See you",
    )
    assert list(stored.teams.all()) == [sales]
    assert stored.invited_by == acting_user
    event = AuditEvent.objects.get(organization=organization, action=AuditAction.INVITATION_RESENT)
    assert event.actor == acting_user
    assert event.data == {"invitation_id": str(new.pk), "replaces": str(old.pk)}
    [message] = mailoutbox
    assert message.to == [INVITEE_EMAIL]
    assert accept_url(new.token) in message.body
    assert old.token not in message.body


def test_resend_of_a_pending_invitation_keeps_its_seat(organization, owner):
    on_free_plan(organization)
    invitations = [invite(organization, owner, email=f"seat{n}@example.test") for n in range(4)]

    new = invitation_resend(acting_user=owner, invitation=invitations[0])

    assert Invitation.objects.get(pk=new.pk).status == InvitationStatus.PENDING
    assert Invitation.objects.filter(organization=organization).pending().count() == 4


def test_resend_of_an_expired_invitation(organization, owner, invitee):
    old = invite(organization, owner)
    expire(old)

    new = invitation_resend(acting_user=owner, invitation=old)

    assert Invitation.objects.get(pk=old.pk).status == InvitationStatus.REVOKED
    assert Invitation.objects.get(pk=new.pk).current_status == InvitationStatus.PENDING
    invitation_accept(acting_user=invitee, token=new.token)
    assert Membership.objects.filter(organization=organization, user=invitee).exists()


def test_resend_of_an_expired_invitation_rechecks_seats(organization, owner, mailoutbox):
    on_free_plan(organization)
    expired = invite(organization, owner)
    expire(expired)
    for number in range(4):
        invite(organization, owner, email=f"seat{number}@example.test")
    before = database_snapshot()

    with pytest.raises(InvalidInput, match="seats"):
        invitation_resend(acting_user=owner, invitation=expired)

    assert database_snapshot() == before
    expired.refresh_from_db()
    assert expired.status == InvitationStatus.PENDING
    assert expired.current_status == InvitationStatus.EXPIRED
    assert mailoutbox == []


def test_resend_after_the_invited_teams_were_deleted_invites_to_the_oldest_team(
    organization, owner, sales, invitee
):
    old = invite(organization, owner, teams=[sales], team_role=TeamRole.VIEWER)
    team_delete(acting_user=owner, team=sales)

    new = invitation_resend(acting_user=owner, invitation=old)

    assert list(Invitation.objects.get(pk=new.pk).teams.all()) == [my_team(organization)]
    invitation_accept(acting_user=invitee, token=new.token)
    assert team_role_of_invitee(organization, invitee) == [(DEFAULT_TEAM_NAME, TeamRole.VIEWER)]


def team_role_of_invitee(organization, invitee):
    return list(
        TeamMembership.objects.filter(team__organization=organization, user=invitee).values_list(
            "team__name", "role"
        )
    )


# The accept page ----------------------------------------------------------------------------


def page(token):
    return reverse("invitation_accept", kwargs={"token": token})


def test_page_shows_the_invitation_when_logged_out(client, organization, owner):
    invitation = invite(organization, owner)

    response = client.get(page(invitation.token))

    assert response.status_code == 200
    assert response.context["invitation"].pk == invitation.pk
    assert response.context.get("error") is None
    content = response.content.decode()
    assert "Acme" in content
    assert INVITEE_EMAIL in content
    assert "Log in" in content


def test_post_when_logged_out_asks_to_log_in_and_changes_nothing(client, organization, owner):
    invitation = invite(organization, owner)
    before = database_snapshot()

    response = client.post(page(invitation.token))

    assert response.status_code == 302
    assert response.url.startswith(resolve_url(settings.LOGIN_URL))
    assert "next=" in response.url
    assert database_snapshot() == before


def test_logged_in_invitee_sees_the_accept_button(client, organization, owner, invitee):
    invitation = invite(organization, owner)
    client.force_login(invitee)

    response = client.get(page(invitation.token))

    assert response.status_code == 200
    assert b"Accept invitation" in response.content
    assert b'method="post"' in response.content
    assert not Membership.objects.filter(organization=organization, user=invitee).exists()


def test_logged_in_invitee_accepts_and_is_redirected(client, organization, owner, invitee):
    invitation = invite(organization, owner, role=OrganizationRole.MEMBER)
    client.force_login(invitee)

    response = client.post(page(invitation.token))

    assert response.status_code == 302
    assert response.url == reverse("home")
    assert Membership.objects.get(organization=organization, user=invitee).role == "member"
    assert Invitation.objects.get(pk=invitation.pk).status == InvitationStatus.ACCEPTED
    invitee.refresh_from_db()
    assert invitee.active_organization == organization


def test_page_records_the_client_ip_in_the_audit_event(client, organization, owner, invitee):
    invitation = invite(organization, owner)
    client.force_login(invitee)

    client.post(page(invitation.token), REMOTE_ADDR="203.0.113.7")

    event = AuditEvent.objects.get(
        organization=organization, action=AuditAction.INVITATION_ACCEPTED
    )
    assert event.ip_address == "203.0.113.7"


def test_page_tells_a_wrong_account_and_changes_nothing(client, organization, owner, outsider):
    invitation = invite(organization, owner)
    client.force_login(outsider)
    before = database_snapshot()

    for response in (client.get(page(invitation.token)), client.post(page(invitation.token))):
        # Told at once, before any button: this account can't accept the invitation.
        assert response.status_code == 403
        assert INVITEE_EMAIL in response.content.decode()
        assert outsider.email in response.content.decode()
        assert "Accept invitation</button>" not in response.content.decode()
    assert database_snapshot() == before


def test_page_refuses_a_used_link(client, organization, owner, invitee):
    invitation = invite(organization, owner)
    invitation_accept(acting_user=invitee, token=invitation.token)
    client.force_login(invitee)
    before = database_snapshot()

    for response in (client.get(page(invitation.token)), client.post(page(invitation.token))):
        assert response.status_code == 400
        assert "already been accepted" in response.content.decode()
        assert b"<form" not in response.content
    assert database_snapshot() == before


def test_page_refuses_a_revoked_link(client, organization, owner, invitee):
    invitation = invite(organization, owner)
    invitation_revoke(acting_user=owner, invitation=invitation)
    client.force_login(invitee)
    before = database_snapshot()

    for response in (client.get(page(invitation.token)), client.post(page(invitation.token))):
        assert response.status_code == 400
        assert "withdrawn" in response.content.decode()
        assert b"<form" not in response.content
    assert database_snapshot() == before


def test_page_refuses_an_expired_link(client, organization, owner, invitee):
    invitation = invite(organization, owner)
    expire(invitation)
    client.force_login(invitee)
    before = database_snapshot()

    for response in (client.get(page(invitation.token)), client.post(page(invitation.token))):
        assert response.status_code == 400
        assert "expired" in response.content.decode()
        assert b"<form" not in response.content
    assert database_snapshot() == before


def test_page_refuses_an_unknown_link(client, db):
    response = client.get(page("no-such-token"))

    assert response.status_code == 404
    assert "not valid" in response.content.decode()
    assert b"<form" not in response.content


def test_accepting_a_second_organization_says_it_is_now_the_active_one(
    client, organization, owner, outsider, other_organization
):
    """Otto works in Globex; accepting Acme's invitation switches him to Acme: said, not
    silent."""
    invitation = invitation_create(
        acting_user=owner, organization=organization, email=outsider.email
    )
    client.force_login(outsider)

    response = client.post(page(invitation.token), follow=True)

    assert "You joined Acme, and you are now working in it." in response.content.decode()
    outsider.refresh_from_db()
    assert outsider.active_organization == organization


def test_accepting_a_first_organization_just_says_joined(client, organization, owner, invitee):
    invitation = invite(organization, owner)
    client.force_login(invitee)

    content = client.post(page(invitation.token), follow=True).content.decode()

    assert "You joined Acme." in content
    assert "now working in it" not in content
