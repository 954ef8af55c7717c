"""Races between requests, run for real on PostgreSQL.

Two threads, each with its own database connection, wait at a barrier and call the services
at the same moment. The organization row lock (``services.access.lock_organization``) makes
them run one after the other, so the second sees what the first committed and the rules
still hold. Each race is run several times (``attempt``), each time on fresh fixtures.

Without that lock the two transfers and the last seat fail every attempt; the transfer racing
a removal and the double acceptance are also held by the row locks on the membership and the
invitation, and fail without those. An admin removed while inviting is refused only because
``invitation_create`` reads the inviter's membership after taking the lock.

``serialized_rollback`` restores the plan catalogue (a data migration) that flushing the
database after a transactional test would otherwise leave empty.
"""

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection, connections

from accounts.models import User
from common.errors import DomainError, InvalidInput, NotFound, PermissionDenied
from organizations.models import (
    AuditAction,
    AuditEvent,
    Invitation,
    InvitationStatus,
    Membership,
    TeamMembership,
)
from organizations.roles import OrganizationRole
from organizations.services.invitation import invitation_accept, invitation_create
from organizations.services.membership import membership_remove
from organizations.services.organization import organization_transfer_ownership
from organizations.tests.factories import UserFactory, plan

ATTEMPTS = 5
THREAD_TIMEOUT_SECONDS = 30

pytestmark = [
    pytest.mark.postgresql,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: races need row locks and concurrent connections, "
        "which SQLite does not have (run `make test-postgres`)",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.parametrize("attempt", range(ATTEMPTS)),
]


@dataclass
class Outcome:
    value: Any = None
    error: Exception | None = None

    @property
    def succeeded(self) -> bool:
        return self.error is None


def run_together(*calls: Callable[[], Any]) -> list[Outcome]:
    """Runs each call in its own thread with its own connection, all released at once."""
    barrier = threading.Barrier(len(calls))
    outcomes = [Outcome() for _call in calls]

    def run(index: int, call: Callable[[], Any]) -> None:
        try:
            # Connect before the barrier so that both calls really start together.
            connection.ensure_connection()
            barrier.wait(timeout=THREAD_TIMEOUT_SECONDS)
            outcomes[index].value = call()
        except Exception as error:
            outcomes[index].error = error
        finally:
            connections.close_all()

    threads = [
        # Daemon threads: a call stuck on a lock fails the test instead of hanging pytest.
        threading.Thread(target=run, args=(index, call), name=f"race-{index}", daemon=True)
        for index, call in enumerate(calls)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=THREAD_TIMEOUT_SECONDS)
    assert not any(thread.is_alive() for thread in threads), "a racing call never finished"
    return outcomes


def unexpected_errors(outcomes: list[Outcome]) -> list[Exception]:
    return [
        outcome.error
        for outcome in outcomes
        if outcome.error is not None and not isinstance(outcome.error, DomainError)
    ]


def role_of(user: User, organization) -> str:
    return Membership.objects.get(organization=organization, user=user).role


def owners_of(organization) -> list[User]:
    return [
        membership.user
        for membership in Membership.objects.filter(
            organization=organization, role=OrganizationRole.OWNER
        ).select_related("user")
    ]


def test_two_transfers_at_once_leave_exactly_one_owner(attempt, organization, owner, admin, member):
    outcomes = run_together(
        lambda: organization_transfer_ownership(
            acting_user=owner, organization=organization, new_owner=admin
        ),
        lambda: organization_transfer_ownership(
            acting_user=owner, organization=organization, new_owner=member
        ),
    )

    assert unexpected_errors(outcomes) == []
    succeeded = [outcome for outcome in outcomes if outcome.succeeded]
    failed = [outcome for outcome in outcomes if not outcome.succeeded]
    assert len(succeeded) == 1
    # After the first transfer the actor is an admin, who may not transfer ownership.
    assert isinstance(failed[0].error, PermissionDenied)
    new_owner = succeeded[0].value.user
    assert owners_of(organization) == [new_owner]
    assert role_of(owner, organization) == OrganizationRole.ADMIN
    other_candidate = member if new_owner == admin else admin
    expected_role = OrganizationRole.MEMBER if other_candidate == member else OrganizationRole.ADMIN
    assert role_of(other_candidate, organization) == expected_role
    transfers = AuditEvent.objects.filter(
        organization=organization, action=AuditAction.OWNERSHIP_TRANSFERRED
    )
    assert transfers.count() == 1


def test_transfer_racing_the_removal_of_the_new_owner_stays_consistent(
    attempt, organization, owner, admin, member
):
    membership = Membership.objects.get(organization=organization, user=member)

    transfer, removal = run_together(
        lambda: organization_transfer_ownership(
            acting_user=owner, organization=organization, new_owner=member
        ),
        lambda: membership_remove(acting_user=admin, membership=membership),
    )

    assert unexpected_errors([transfer, removal]) == []
    assert transfer.succeeded != removal.succeeded
    if transfer.succeeded:
        # The member became owner first; an admin can't remove the owner.
        assert isinstance(removal.error, PermissionDenied)
        assert owners_of(organization) == [member]
        assert role_of(owner, organization) == OrganizationRole.ADMIN
    else:
        # The member was removed first; nobody outside the organization can become owner.
        assert isinstance(transfer.error, InvalidInput)
        assert owners_of(organization) == [owner]
        assert not Membership.objects.filter(organization=organization, user=member).exists()
        assert not TeamMembership.objects.filter(
            team__organization=organization, user=member
        ).exists()


def test_one_invitation_accepted_twice_at_once_makes_one_membership(attempt, organization, owner):
    invitee = UserFactory(name="Ivy Invitee")
    token = invitation_create(
        acting_user=owner, organization=organization, email=invitee.email
    ).token

    def accept() -> Membership:
        # Each request loads its own user, as two requests from two browser tabs would.
        return invitation_accept(acting_user=User.objects.get(pk=invitee.pk), token=token)

    outcomes = run_together(accept, accept)

    assert unexpected_errors(outcomes) == []
    assert [outcome.succeeded for outcome in outcomes].count(True) == 1
    failed = next(outcome for outcome in outcomes if not outcome.succeeded)
    assert isinstance(failed.error, InvalidInput)
    assert Membership.objects.filter(organization=organization, user=invitee).count() == 1
    assert TeamMembership.objects.filter(team__organization=organization, user=invitee).count() == 1
    invitation = Invitation.objects.get(organization=organization, email=invitee.email)
    assert invitation.status == InvitationStatus.ACCEPTED
    assert invitation.accepted_by == invitee


def test_the_last_seat_goes_to_one_of_two_invitations_sent_at_once(
    attempt, organization, owner, admin, member, viewer
):
    organization.plan = plan("free")
    organization.save(update_fields=["plan"])
    assert organization.plan.seats == 5
    assert Membership.objects.filter(organization=organization).count() == 4

    outcomes = run_together(
        lambda: invitation_create(
            acting_user=owner, organization=organization, email="first@example.test"
        ),
        lambda: invitation_create(
            acting_user=admin, organization=organization, email="second@example.test"
        ),
    )

    assert unexpected_errors(outcomes) == []
    assert [outcome.succeeded for outcome in outcomes].count(True) == 1
    failed = next(outcome for outcome in outcomes if not outcome.succeeded)
    assert isinstance(failed.error, InvalidInput)
    assert "seats" in str(failed.error)
    assert Invitation.objects.filter(organization=organization).pending().count() == 1


def test_an_admin_removed_while_inviting_leaves_no_pending_invitation_behind(
    attempt, organization, owner, admin
):
    membership = Membership.objects.get(organization=organization, user=admin)

    invitation, removal = run_together(
        lambda: invitation_create(
            acting_user=admin, organization=organization, email="late@example.test"
        ),
        lambda: membership_remove(acting_user=owner, membership=membership),
    )

    assert unexpected_errors([invitation, removal]) == []
    assert removal.succeeded
    assert not Membership.objects.filter(organization=organization, user=admin).exists()
    # A removed member's pending invitations are revoked; one sent after the removal is
    # refused, because the sender is no longer a member.
    assert not Invitation.objects.filter(organization=organization, invited_by=admin).pending()
    if not invitation.succeeded:
        assert isinstance(invitation.error, NotFound)
