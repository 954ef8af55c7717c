"""Invoices: amounts from the plan and the month's usage, a monthly run that is harmless
twice, numbers without gaps (also when two runs race, on PostgreSQL), status changes by
operators only and only along draft → open → paid (or void)."""

import threading
from datetime import timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, connections, transaction
from django.utils import timezone

from common.errors import InvalidInput, PermissionDenied
from organizations.billing import GB, BillingPeriod, today_utc
from organizations.models import (
    AuditAction,
    AuditEvent,
    Invoice,
    InvoiceLineKind,
    InvoiceStatus,
    UsageDay,
)
from organizations.services.invoice import (
    invoice_change_status,
    invoice_generate,
    invoices_generate,
)
from organizations.services.organization import organization_change_plan, organization_delete
from organizations.tests.billing_fixtures import founded_long_ago, last_month, record_usage
from organizations.tests.factories import OrganizationFactory, UserFactory, plan

YEAR = timezone.now().year


@pytest.fixture
def operator(db):
    return UserFactory(name="Oscar Operator", is_staff=True, is_superuser=True)


@pytest.fixture
def acme(organization):
    return founded_long_ago(organization)


def lines_of(invoice) -> list[tuple]:
    return [
        (line.kind, line.quantity, line.unit_price, line.amount)
        for line in invoice.lines.order_by("position")
    ]


# Amounts -----------------------------------------------------------------------------------


def test_a_month_within_the_allowance_is_the_plan_fee(acme):
    period = last_month()
    record_usage(acme, period.start, 400_000, 20 * GB)

    invoice = invoice_generate(organization=acme, period=period)

    assert lines_of(invoice) == [(InvoiceLineKind.PLAN, 1, Decimal("99.00"), Decimal("99.00"))]
    assert (invoice.subtotal, invoice.total, invoice.currency) == (
        Decimal("99.00"),
        Decimal("99.00"),
        "EUR",
    )
    assert (invoice.period_start, invoice.period_end) == (period.start, period.end)
    assert (invoice.operations, invoice.data_bytes) == (400_000, 20 * GB)
    assert invoice.status == InvoiceStatus.DRAFT
    assert (invoice.plan_name, invoice.organization_name) == ("Pro", "Acme")


def test_overages_are_billed_per_1000_operations_and_per_gb(acme):
    period = last_month()
    # Pro: 1,000,000 operations and 100 GB included; 0.40 per 1,000 and 0.15 per GB beyond.
    record_usage(acme, period.start, 700_000, 60 * GB)
    record_usage(acme, period.end, 601_234, 52_500_000_000)
    record_usage(acme, period.end + timedelta(days=1), 9_999_999, 999 * GB)  # next month

    invoice = invoice_generate(organization=acme, period=period)

    assert lines_of(invoice) == [
        (InvoiceLineKind.PLAN, 1, Decimal("99.00"), Decimal("99.00")),
        # 301,234 operations beyond: 301.234 * 0.40 = 120.4936 → 120.49
        (
            InvoiceLineKind.OPERATIONS_OVERAGE,
            Decimal("301.234"),
            Decimal("0.40"),
            Decimal("120.49"),
        ),
        # 12.5 GB beyond: 12.5 * 0.15 = 1.875 → 1.88 (half up)
        (InvoiceLineKind.DATA_OVERAGE, Decimal("12.5"), Decimal("0.15"), Decimal("1.88")),
    ]
    assert invoice.total == Decimal("221.37")
    assert invoice.subtotal == invoice.total


def test_free_is_never_billed_whatever_it_uses(outsider, other_organization):
    founded_long_ago(other_organization)
    period = last_month()
    record_usage(other_organization, period.start, 10**7, 10**12)

    invoice = invoice_generate(organization=other_organization, period=period)

    assert lines_of(invoice) == [(InvoiceLineKind.PLAN, 1, Decimal("0.00"), Decimal("0.00"))]
    assert invoice.total == 0


def test_a_month_is_billed_at_the_plan_it_ended_on(acme, owner, operator):
    period = last_month()
    record_usage(acme, period.start, 2_000_000, 0)
    # The owner moves to Enterprise after the month ended, before the invoicing run: the
    # month was on Pro, and the run must say so.
    organization_change_plan(acting_user=owner, organization=acme, plan=plan("enterprise"))
    AuditEvent.objects.filter(action=AuditAction.PLAN_CHANGED).update(
        created_at=timezone.now()  # today: after the period's end
    )

    invoice = invoice_generate(organization=acme, period=period)

    assert invoice.plan_name == "Pro"
    assert invoice.total == Decimal("99.00") + Decimal("400.00")  # 1,000,000 beyond at 0.40


def test_a_plan_change_during_the_month_shows_on_its_invoice(acme, owner):
    period = last_month()
    organization_change_plan(acting_user=owner, organization=acme, plan=plan("core"))
    AuditEvent.objects.filter(action=AuditAction.PLAN_CHANGED).update(
        created_at=period.ends_at - timedelta(days=3)
    )

    invoice = invoice_generate(organization=acme, period=period)

    assert (invoice.plan_name, invoice.total) == ("Core", Decimal("29.00"))


# The monthly run ---------------------------------------------------------------------------


def test_a_second_run_creates_nothing(acme, other_organization):
    founded_long_ago(other_organization)
    period = last_month()

    first = invoices_generate(period=period)
    second = invoices_generate(period=period)

    assert len(first.created) == 2 and first.skipped == 0
    assert second.created == [] and second.skipped == 2
    assert Invoice.objects.count() == 2


def test_the_database_refuses_a_second_invoice_for_a_month(acme):
    invoice = invoice_generate(organization=acme, period=last_month())

    with pytest.raises(IntegrityError), transaction.atomic():
        Invoice.objects.create(
            organization=acme,
            organization_name="Acme",
            number="INV-1999-000001",
            period_start=invoice.period_start,
            period_end=invoice.period_end,
            plan_name="Pro",
            currency="EUR",
            subtotal=0,
            total=0,
        )


def test_numbers_follow_each_other_without_gaps(acme, outsider, other_organization):
    founded_long_ago(other_organization)
    third = founded_long_ago(OrganizationFactory(owner=UserFactory()))
    newcomer = OrganizationFactory(owner=UserFactory())  # created after the month: skipped
    period = last_month()

    invoices_generate(period=period.previous())
    invoices_generate(period=period)
    invoices_generate(period=period)

    numbers = list(Invoice.objects.order_by("number").values_list("number", flat=True))
    assert numbers == [f"INV-{YEAR}-{number:06d}" for number in range(1, 7)]
    assert not Invoice.objects.filter(organization=newcomer).exists()
    assert Invoice.objects.filter(organization=third).count() == 2


def test_a_month_that_is_not_over_is_refused():
    with pytest.raises(InvalidInput, match="is not over yet"):
        invoices_generate(period=BillingPeriod.containing(today_utc()))


def test_the_invoice_is_in_the_audit_log(acme):
    invoice = invoice_generate(organization=acme, period=last_month())

    event = AuditEvent.objects.get(action=AuditAction.INVOICE_CREATED)

    assert event.organization == acme
    assert event.data == {
        "invoice": invoice.number,
        "period": str(last_month()),
        "total": "99.00",
    }


def test_the_command_is_idempotent_and_says_what_it_did(acme, other_organization):
    founded_long_ago(other_organization)
    period = str(last_month())
    first, second = StringIO(), StringIO()

    call_command("generate_invoices", "--period", period, stdout=first)
    call_command("generate_invoices", "--period", period, stdout=second)

    assert f"INV-{YEAR}-000001" in first.getvalue()
    assert "2 invoice(s) created, 0 already invoiced" in first.getvalue()
    assert "0 invoice(s) created, 2 already invoiced" in second.getvalue()
    assert Invoice.objects.count() == 2


def test_the_command_defaults_to_last_month(acme):
    call_command("generate_invoices", stdout=StringIO())

    assert Invoice.objects.get().period_start == last_month().start


@pytest.mark.parametrize(
    ("period", "message"),
    [("2026-13", "YYYY-MM"), ("january", "YYYY-MM"), ("2999-01", "not over yet")],
)
def test_the_command_refuses_a_wrong_period(db, period, message):
    with pytest.raises(CommandError, match=message):
        call_command("generate_invoices", "--period", period, stdout=StringIO())


def test_invoices_outlive_their_organization(acme, owner):
    invoice = invoice_generate(organization=acme, period=last_month())
    record_usage(acme, today_utc(), 1, 1)

    organization_delete(acting_user=owner, organization=acme)

    invoice.refresh_from_db()
    assert (invoice.organization, invoice.organization_name) == (None, "Acme")
    assert not UsageDay.objects.exists()


# Statuses ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "allowed"),
    [
        ([InvoiceStatus.OPEN], True),
        ([InvoiceStatus.OPEN, InvoiceStatus.PAID], True),
        ([InvoiceStatus.VOID], True),
        ([InvoiceStatus.OPEN, InvoiceStatus.VOID], True),
        ([InvoiceStatus.PAID], False),
        ([InvoiceStatus.OPEN, InvoiceStatus.PAID, InvoiceStatus.VOID], False),
        ([InvoiceStatus.VOID, InvoiceStatus.OPEN], False),
        ([InvoiceStatus.OPEN, InvoiceStatus.DRAFT], False),
    ],
)
def test_only_the_allowed_transitions(acme, operator, path, allowed):
    invoice = invoice_generate(organization=acme, period=last_month())

    def walk():
        for status in path:
            invoice_change_status(acting_user=operator, invoice=invoice, status=status)

    if allowed:
        walk()
        invoice.refresh_from_db()
        assert invoice.status == path[-1]
    else:
        with pytest.raises(InvalidInput, match="can't become"):
            walk()


def test_opening_and_paying_are_dated_and_audited(acme, operator):
    invoice = invoice_generate(organization=acme, period=last_month())

    invoice_change_status(acting_user=operator, invoice=invoice, status=InvoiceStatus.OPEN)
    invoice = invoice_change_status(acting_user=operator, invoice=invoice, status="paid")

    assert invoice.issued_at is not None and invoice.paid_at is not None
    events = AuditEvent.objects.filter(action=AuditAction.INVOICE_STATUS_CHANGED)
    assert sorted((event.data["from"], event.data["to"]) for event in events) == [
        ("draft", "open"),
        ("open", "paid"),
    ]
    assert all(event.by_operator for event in events)


def test_only_operators_change_statuses(acme, owner):
    invoice = invoice_generate(organization=acme, period=last_month())

    with pytest.raises(PermissionDenied):
        invoice_change_status(acting_user=owner, invoice=invoice, status=InvoiceStatus.OPEN)


# Races, on PostgreSQL ----------------------------------------------------------------------


@pytest.mark.postgresql
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: row locks and concurrent connections (run `make test-postgres`)",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("attempt", range(3))
def test_concurrent_runs_invoice_each_organization_once_without_gaps(attempt):
    organizations = [
        founded_long_ago(OrganizationFactory(owner=UserFactory())) for _number in range(6)
    ]
    period = last_month()
    runs = 4
    barrier = threading.Barrier(runs)
    errors: list = []

    def run():
        try:
            barrier.wait(timeout=30)
            invoices_generate(period=period)
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _run in range(runs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    invoices = Invoice.objects.filter(organization__in=organizations)
    assert invoices.count() == len(organizations)
    numbers = sorted(Invoice.objects.values_list("number", flat=True))
    assert numbers == [f"INV-{YEAR}-{number:06d}" for number in range(1, len(numbers) + 1)]
