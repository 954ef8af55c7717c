"""Billing in the admin: invoice status actions, Generate invoices and Change plan through the
services, billing pages opening with a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from organizations.billing import today_utc
from organizations.models import (
    AuditAction,
    AuditEvent,
    Invoice,
    InvoiceStatus,
)
from organizations.services.invoice import invoice_generate
from organizations.services.team import team_create
from organizations.tests.billing_fixtures import founded_long_ago, last_month, record_usage
from organizations.tests.factories import OrganizationFactory, UserFactory, plan


@pytest.fixture
def acme(organization):
    return founded_long_ago(organization)


def test_admin_status_actions_go_through_the_service(operator_client, acme):
    invoice = invoice_generate(organization=acme, period=last_month())
    changelist = reverse("admin:organizations_invoice_changelist")

    operator_client.post(changelist, {"action": "mark_paid", "_selected_action": [invoice.pk]})
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.DRAFT  # draft → paid is refused

    operator_client.post(changelist, {"action": "mark_open", "_selected_action": [invoice.pk]})
    response = operator_client.post(
        changelist, {"action": "mark_paid", "_selected_action": [invoice.pk]}, follow=True
    )
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.PAID
    assert "1 invoice is now Paid." in response.content.decode()


def test_admin_pages_of_billing_open(operator_client, acme):
    invoice = invoice_generate(organization=acme, period=last_month())
    record_usage(acme, today_utc(), 1, 1)
    for name in ["invoice", "usageday", "invoicesequence", "plan"]:
        response = operator_client.get(reverse(f"admin:organizations_{name}_changelist"))
        assert response.status_code == 200, name
    response = operator_client.get(reverse("admin:organizations_invoice_change", args=[invoice.pk]))
    assert response.status_code == 200
    assert invoice.number in response.content.decode()


@pytest.mark.parametrize("name", ["invoice", "usageday"])
def test_admin_billing_lists_run_a_fixed_number_of_queries(operator_client, acme, name):
    def queries_with(rows):
        period = last_month()
        for _number in range(rows):
            other = founded_long_ago(OrganizationFactory(owner=UserFactory()))
            invoice_generate(organization=other, period=period)
            record_usage(other, today_utc(), 1, 1)
        with CaptureQueriesContext(connection) as queries:
            response = operator_client.get(reverse(f"admin:organizations_{name}_changelist"))
        assert response.status_code == 200
        return len(queries)

    assert queries_with(2) == queries_with(8)


def test_admin_generates_invoices_for_the_selected_organizations(operator_client, acme):
    changelist = reverse("admin:organizations_organization_changelist")
    selected = {"action": "generate_invoices", "_selected_action": [acme.pk]}

    form = operator_client.post(changelist, selected)
    assert form.context["form"].initial["period"] == str(last_month())
    operator_client.post(changelist, {**selected, "apply": "1", "period": str(last_month())})
    response = operator_client.post(
        changelist, {**selected, "apply": "1", "period": str(last_month())}, follow=True
    )

    assert Invoice.objects.filter(organization=acme).count() == 1
    assert "0 invoice(s) created (draft), 1 skipped" in response.content.decode()


def test_admin_changes_the_plan_through_the_service(operator_client, acme, owner):
    changelist = reverse("admin:organizations_organization_changelist")
    selected = {"action": "change_plan", "_selected_action": [acme.pk]}

    team_create(acting_user=owner, organization=acme, name="Second")

    assert operator_client.post(changelist, selected).status_code == 200  # the form
    response = operator_client.post(
        changelist, {**selected, "apply": "1", "plan": str(plan("free").pk)}, follow=True
    )
    acme.refresh_from_db()
    assert acme.plan.code == "pro"  # refused, and the message says why
    assert "The Free plan allows 1 team(s), but the organization has 2." in (
        response.content.decode()
    )

    operator_client.post(changelist, {**selected, "apply": "1", "plan": str(plan("enterprise").pk)})
    acme.refresh_from_db()
    assert acme.plan.code == "enterprise"
    event = AuditEvent.objects.filter(action=AuditAction.PLAN_CHANGED).latest("created_at")
    assert event.by_operator and event.data == {"from": "pro", "to": "enterprise"}
