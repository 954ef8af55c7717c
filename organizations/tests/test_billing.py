"""The plan catalogue, the limits it sets (with their messages), changing plan, and the
billing arithmetic: periods, allowances, overages."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from common.errors import InvalidInput, PermissionDenied
from organizations.billing import (
    GB,
    BillingPeriod,
    charges_for,
    daily_allowance,
    today_utc,
)
from organizations.models import AuditAction, AuditEvent, Plan
from organizations.selectors.billing import billing_summary
from organizations.services.invitation import invitation_create
from organizations.services.organization import organization_change_plan
from organizations.services.team import team_create
from organizations.tests.billing_fixtures import record_usage
from organizations.tests.factories import UserFactory, add_member, plan

# The catalogue ----------------------------------------------------------------------------


def test_the_catalogue_has_free_and_three_paid_plans_with_allowances(db):
    catalogue = {
        row.code: (
            row.monthly_price,
            row.seats,
            row.max_teams,
            row.included_operations,
            row.included_data_bytes,
            row.overage_price_per_1000_operations,
            row.overage_price_per_gb,
        )
        for row in Plan.objects.all()
    }

    assert catalogue == {
        # seats and teams as the first catalogue migration set them
        "free": (Decimal("0.00"), 5, 1, 10_000, 1 * GB, Decimal("0"), Decimal("0")),
        "core": (Decimal("29.00"), 10, 5, 100_000, 10 * GB, Decimal("0.5"), Decimal("0.2")),
        "pro": (Decimal("99.00"), 50, 25, 1_000_000, 100 * GB, Decimal("0.4"), Decimal("0.15")),
        "enterprise": (
            Decimal("499.00"),
            None,
            None,
            10_000_000,
            1000 * GB,
            Decimal("0.25"),
            Decimal("0.1"),
        ),
    }


def test_prices_of_overages_are_never_negative(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        Plan.objects.create(code="odd", name="Odd", overage_price_per_gb=Decimal("-1"))


# Limits and their messages ------------------------------------------------------------------


def test_seats_limit_invitations_with_a_clear_message(owner, organization):
    organization.plan = plan("free")  # 5 seats
    organization.save(update_fields=["plan"])
    for _number in range(3):
        add_member(organization, UserFactory())
    invitation_create(acting_user=owner, organization=organization, email="fifth@x.test")

    with pytest.raises(InvalidInput) as refusal:
        invitation_create(acting_user=owner, organization=organization, email="sixth@x.test")

    assert str(refusal.value) == (
        "Your plan (Free) has 5 seats, and members plus pending invitations fill them. "
        "Remove a member or an invitation, or change the plan, to invite someone new."
    )


def test_free_allows_one_team_with_a_clear_message(outsider, other_organization):
    with pytest.raises(InvalidInput) as refusal:
        team_create(acting_user=outsider, organization=other_organization, name="Second")

    assert str(refusal.value) == (
        "Your plan (Free) allows 1 team(s). Change the plan to create more teams."
    )


# Changing plan ----------------------------------------------------------------------------


def test_the_owner_changes_the_plan_effective_immediately(owner, organization):
    organization_change_plan(acting_user=owner, organization=organization, plan=plan("core"))

    organization.refresh_from_db()
    assert organization.plan.code == "core"
    event = AuditEvent.objects.get(action=AuditAction.PLAN_CHANGED)
    assert (event.actor, event.data) == (owner, {"from": "pro", "to": "core"})
    # The next team beyond Core's five is refused at once.
    for number in range(4):
        team_create(acting_user=owner, organization=organization, name=f"Team {number}")
    with pytest.raises(InvalidInput, match=r"allows 5 team\(s\)"):
        team_create(acting_user=owner, organization=organization, name="Sixth")


@pytest.mark.parametrize("role", ["admin", "member", "viewer"])
def test_only_the_owner_changes_the_plan(request, organization, role):
    with pytest.raises(PermissionDenied):
        organization_change_plan(
            acting_user=request.getfixturevalue(role), organization=organization, plan=plan("core")
        )


def test_a_plan_with_too_few_seats_is_refused_with_the_count(owner, organization):
    for _number in range(5):
        add_member(organization, UserFactory())

    with pytest.raises(InvalidInput) as refusal:
        organization_change_plan(acting_user=owner, organization=organization, plan=plan("free"))

    assert str(refusal.value) == (
        "The Free plan has 5 seats, but members plus pending invitations take 6. "
        "Remove members or invitations first."
    )
    organization.refresh_from_db()
    assert organization.plan.code == "pro"


def test_a_plan_with_too_few_teams_is_refused_with_the_count(owner, organization):
    team_create(acting_user=owner, organization=organization, name="Second")

    with pytest.raises(InvalidInput) as refusal:
        organization_change_plan(acting_user=owner, organization=organization, plan=plan("free"))

    assert str(refusal.value) == (
        "The Free plan allows 1 team(s), but the organization has 2. Delete teams first."
    )


def test_an_operator_changes_any_organizations_plan(organization):
    operator = UserFactory(is_staff=True, is_superuser=True)

    organization_change_plan(
        acting_user=operator, organization=organization, plan=plan("enterprise"), as_operator=True
    )

    organization.refresh_from_db()
    assert organization.plan.code == "enterprise"
    assert AuditEvent.objects.get(action=AuditAction.PLAN_CHANGED).by_operator


# Periods and arithmetic --------------------------------------------------------------------


def test_a_period_is_a_calendar_month():
    february = BillingPeriod.parse("2028-02")

    assert (february.start, february.end, february.days) == (
        date(2028, 2, 1),
        date(2028, 2, 29),
        29,
    )
    assert str(february) == "2028-02"
    assert february.previous() == BillingPeriod.month(2028, 1)
    assert BillingPeriod.containing(date(2027, 12, 31)).next_start == date(2028, 1, 1)
    assert february.days_until_reset(date(2028, 2, 29)) == 1
    assert february.days_until_reset(date(2028, 2, 1)) == 29


@pytest.mark.parametrize("text", ["2026-00", "2026-13", "26-01", "2026/01", "", "1969-12"])
def test_a_period_in_another_shape_is_refused(text):
    with pytest.raises(InvalidInput, match="YYYY-MM"):
        BillingPeriod.parse(text)


def test_unlimited_allowances_have_no_overage():
    unlimited = Plan(
        monthly_price=Decimal("10"),
        currency="USD",
        included_operations=None,
        included_data_bytes=None,
        overage_price_per_1000_operations=Decimal("1"),
        overage_price_per_gb=Decimal("1"),
    )

    charges = charges_for(unlimited, operations=10**9, data_bytes=10**15)

    assert [line.amount for line in charges.lines] == [Decimal("10.00")]
    assert charges.currency == "USD"
    assert daily_allowance(None, BillingPeriod.month(2026, 1)) is None


def test_the_daily_allowance_spreads_the_month():
    assert daily_allowance(31_000, BillingPeriod.month(2026, 1)) == 1000
    assert daily_allowance(28_000, BillingPeriod.month(2026, 2)) == 1000


def test_the_summary_counts_this_period_only(owner, organization):
    period = BillingPeriod.containing(today_utc())
    record_usage(organization, period.start, 100, 10)
    record_usage(organization, period.previous().end, 5_000, 50)

    summary = billing_summary(organization, today=period.end)

    assert (summary.usage.operations, summary.usage.data_bytes) == (100, 10)
    assert summary.days_until_reset == 1
    assert summary.operations_percent == 0
    assert summary.seats_taken == 1 and summary.teams == 1
