"""Securable races, run for real on PostgreSQL (the harness is ``test_concurrency``'s).

Every securable service first takes a key-share lock on the organization's row, the lock
that membership changes wait for (they lock it FOR UPDATE first). So a member creating a
dashboard while being removed either finishes first (and the removal hands the dashboard to
the owner) or finds themselves removed (and is refused): no securable is left to someone who
is no longer a member, and a share of the author's securable during their removal doesn't
deadlock. Without that lock the first and the last race fail with deadlocks. Two shares of
one securable with one user at once run one after the other on the securable's row lock:
the stored permissions are exactly one level's set, and the audit trail tells the levels in
the order they were applied."""

import pytest
from django.db import connection

from common.errors import NotFound
from organizations.models import (
    LEVEL_PERMISSIONS,
    AuditAction,
    AuditEvent,
    Securable,
    SecurableType,
)
from organizations.roles import AccessLevel
from organizations.services.membership import membership_remove
from organizations.services.securable import securable_create, securable_share_with_user
from organizations.tests.factories import UserFactory
from organizations.tests.test_concurrency import ATTEMPTS, run_together, unexpected_errors

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


def test_a_securable_created_during_the_authors_removal_is_never_orphaned(
    attempt, organization, owner, member
):
    membership = organization.memberships.get(user=member)
    outcomes = run_together(
        lambda: securable_create(
            acting_user=member,
            organization=organization,
            type=SecurableType.DASHBOARD,
            name={"en": "Racing"},
        ),
        lambda: membership_remove(acting_user=owner, membership=membership),
    )

    assert unexpected_errors(outcomes) == []
    created, removed = outcomes
    assert removed.succeeded
    if created.succeeded:
        assert Securable.objects.get().owner == owner
        event = AuditEvent.objects.get(action=AuditAction.MEMBER_REMOVED)
        assert event.data["securables_transferred"] == 1
    else:
        assert isinstance(created.error, NotFound)
        assert not Securable.objects.exists()


def test_two_shares_at_once_store_one_levels_permissions(attempt, organization, member):
    dashboard = securable_create(
        acting_user=member,
        organization=organization,
        type=SecurableType.DASHBOARD,
        name={"en": "Racing"},
    )
    colleague = UserFactory()

    outcomes = run_together(
        lambda: securable_share_with_user(
            acting_user=member, securable=dashboard, email=colleague.email, level=AccessLevel.USE
        ),
        lambda: securable_share_with_user(
            acting_user=member, securable=dashboard, email=colleague.email, level=AccessLevel.OWN
        ),
    )

    assert unexpected_errors(outcomes) == []
    assert all(outcome.succeeded for outcome in outcomes)
    events = list(
        AuditEvent.objects.filter(
            action__in=[AuditAction.SECURABLE_SHARED, AuditAction.SECURABLE_SHARE_CHANGED]
        ).order_by("created_at")
    )
    assert [event.action for event in events] == [
        AuditAction.SECURABLE_SHARED,
        AuditAction.SECURABLE_SHARE_CHANGED,
    ]
    last_level = AccessLevel[events[-1].data["level"].upper()]
    assert events[-1].data["from"] == events[0].data["level"]
    stored = set(dashboard.user_grants.values_list("permission__codename", flat=True))
    assert stored == {LEVEL_PERMISSIONS[level] for level in AccessLevel if level <= last_level}


def test_sharing_the_authors_securable_during_their_removal(
    attempt, organization, owner, admin, member
):
    dashboard = securable_create(
        acting_user=member,
        organization=organization,
        type=SecurableType.DASHBOARD,
        name={"en": "Racing"},
    )
    colleague = UserFactory()
    membership = organization.memberships.get(user=member)

    outcomes = run_together(
        lambda: securable_share_with_user(
            acting_user=admin, securable=dashboard, email=colleague.email, level=AccessLevel.USE
        ),
        lambda: membership_remove(acting_user=owner, membership=membership),
    )

    assert unexpected_errors(outcomes) == []
    assert all(outcome.succeeded for outcome in outcomes)
    dashboard.refresh_from_db()
    assert dashboard.owner == owner
    assert dashboard.user_grants.filter(user=colleague).count() == 2
