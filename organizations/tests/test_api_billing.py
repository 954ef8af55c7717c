"""REST endpoints of billing: the plan and current period, invoices, usage per day. Owner
and admins only; lists run a fixed number of queries."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from organizations.billing import GB, BillingPeriod, today_utc
from organizations.models import InvoiceStatus
from organizations.tests.billing_fixtures import issued_invoice, last_month, record_usage


def url(organization, suffix: str = "") -> str:
    return f"/api/v1/organizations/{organization.pk}/{suffix}"


ENDPOINTS = ["billing/", "invoices/", "invoices/{invoice}/", "usage/"]


@pytest.fixture
def invoice(organization):
    return issued_invoice(organization)


# Who may ----------------------------------------------------------------------------------


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize(
    ("role", "status"),
    [("owner", 200), ("admin", 200), ("member", 403), ("viewer", 403), ("outsider", 404)],
)
def test_owner_and_admins_only_others_403_outsiders_404(
    api_as, request, organization, invoice, endpoint, role, status
):
    response = api_as(request.getfixturevalue(role)).get(
        url(organization, endpoint.format(invoice=invoice.pk))
    )

    assert response.status_code == status, response.content
    if status != 200:
        code = {403: "permission_denied", 404: "not_found"}[status]
        assert response.json()["error"]["code"] == code


def test_anonymous_callers_are_refused(api_as, organization):
    assert api_as(None).get(url(organization, "billing/")).status_code == 401


# Billing ----------------------------------------------------------------------------------


def test_billing_gives_the_plan_allowances_and_the_period_so_far(api_as, organization, owner):
    today = today_utc()
    record_usage(organization, today, 1_100_000, 3 * GB)
    period = BillingPeriod.containing(today)

    body = api_as(owner).get(url(organization, "billing/")).json()

    assert body["plan"]["code"] == "pro"
    assert body["plan"]["included_operations"] == 1_000_000
    assert body["plan"]["overage_price_per_1000_operations"] == "0.4000"
    assert body["period"] == {"start": period.start.isoformat(), "end": period.end.isoformat()}
    assert body["days_until_reset"] == period.days_until_reset(today)
    assert body["usage"] == {"operations": 1_100_000, "data_bytes": 3 * GB}
    assert body["allowance"] == {"operations": 1_000_000, "data_bytes": 100 * GB}
    assert body["seats"] == {"used": 1, "limit": 50}
    assert body["teams"] == {"used": 1, "limit": 25}
    estimate = body["estimate"]
    assert [line["kind"] for line in estimate["lines"]] == ["plan", "operations_overage"]
    assert estimate["lines"][1]["amount"] == "40.00"
    assert (estimate["currency"], estimate["total"]) == ("EUR", "139.00")


def test_unlimited_allowances_are_null(api_as, organization, owner):
    organization.plan.included_operations = None
    organization.plan.seats = None
    organization.plan.save()

    body = api_as(owner).get(url(organization, "billing/")).json()

    assert body["allowance"]["operations"] is None
    assert body["seats"]["limit"] is None


# Invoices ---------------------------------------------------------------------------------


def test_invoices_are_listed_newest_first_without_drafts(api_as, organization, owner):
    older = issued_invoice(organization, last_month().previous(), status=InvoiceStatus.PAID)
    newer = issued_invoice(organization)
    issued_invoice(organization, last_month().previous().previous(), InvoiceStatus.DRAFT)

    rows = api_as(owner).get(url(organization, "invoices/")).json()["results"]

    assert [row["number"] for row in rows] == [newer.number, older.number]
    assert [row["status"] for row in rows] == ["open", "paid"]
    assert "lines" not in rows[0]


def test_an_invoice_comes_with_its_lines(api_as, organization, owner):
    period = last_month()
    record_usage(organization, period.start, 1_002_500, 0)
    invoice = issued_invoice(organization, period)

    body = api_as(owner).get(url(organization, f"invoices/{invoice.pk}/")).json()

    assert body["number"] == invoice.number
    assert body["organization_name"] == "Acme"
    assert (body["period_start"], body["period_end"]) == (
        period.start.isoformat(),
        period.end.isoformat(),
    )
    assert body["lines"] == [
        {
            "position": 1,
            "kind": "plan",
            "quantity": "1.000000000",
            "unit_price": "99.0000",
            "amount": "99.00",
        },
        {
            "position": 2,
            "kind": "operations_overage",
            "quantity": "2.500000000",
            "unit_price": "0.4000",
            "amount": "1.00",
        },
    ]
    assert Decimal(body["total"]) == Decimal("100.00")


def test_a_draft_and_another_organizations_invoice_are_not_found(
    api_as, organization, owner, outsider, other_organization
):
    draft = issued_invoice(organization, status=InvoiceStatus.DRAFT)
    foreign = issued_invoice(other_organization)

    client = api_as(owner)

    assert client.get(url(organization, f"invoices/{draft.pk}/")).status_code == 404
    assert client.get(url(organization, f"invoices/{foreign.pk}/")).status_code == 404


# Usage ------------------------------------------------------------------------------------


def test_usage_lists_days_oldest_first_with_date_filters(api_as, organization, owner):
    today = today_utc()
    for offset in range(5):
        record_usage(organization, today - timedelta(days=offset), 10 * (offset + 1), offset)
    client = api_as(owner)

    everything = client.get(url(organization, "usage/")).json()["results"]
    window = client.get(
        url(organization, "usage/"),
        {
            "since": (today - timedelta(days=3)).isoformat(),
            "until": (today - timedelta(days=1)).isoformat(),
        },
    ).json()["results"]

    assert [row["operations"] for row in everything] == [50, 40, 30, 20, 10]
    assert everything[-1] == {"day": today.isoformat(), "operations": 10, "data_bytes": 0}
    assert [row["operations"] for row in window] == [40, 30, 20]


def test_a_wrong_date_is_a_field_error(api_as, organization, owner):
    response = api_as(owner).get(url(organization, "usage/"), {"since": "yesterday"})

    assert response.status_code == 400
    assert "since" in response.json()["error"]["fields"]


def test_usage_holds_only_the_organizations_own_days(
    api_as, organization, owner, other_organization
):
    record_usage(other_organization, today_utc(), 99, 99)
    record_usage(organization, today_utc(), 1, 1)

    rows = api_as(owner).get(url(organization, "usage/")).json()["results"]

    assert rows == [{"day": today_utc().isoformat(), "operations": 1, "data_bytes": 1}]


# Queries ----------------------------------------------------------------------------------


def grow_invoices(organization, rows):
    period = last_month()
    for _number in range(rows):
        issued_invoice(organization, period)
        period = period.previous()
    return url(organization, "invoices/")


def grow_usage(organization, rows):
    for offset in range(rows):
        record_usage(organization, today_utc() - timedelta(days=offset), 1, 1)
    return url(organization, "usage/")


LISTS = {
    # list: (how to grow it, the pinned number of queries)
    "invoices": (grow_invoices, 3),  # organization with the caller's role, count, page
    "usage": (grow_usage, 3),  # organization with the caller's role, count, page
}


@pytest.mark.parametrize("rows", [5, 50])
@pytest.mark.parametrize("name", LISTS)
def test_list_queries_do_not_grow_with_rows(api_as, organization, owner, name, rows):
    grow, pinned = LISTS[name]
    path = grow(organization, rows)
    client = api_as(owner)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)

    assert response.status_code == 200
    assert response.json()["count"] == rows
    assert len(queries) == pinned


def test_the_billing_endpoint_runs_a_fixed_number_of_queries(api_as, organization, owner):
    record_usage(organization, today_utc(), 5, 5)
    client = api_as(owner)

    with CaptureQueriesContext(connection) as queries:
        client.get(url(organization, "billing/"))

    # organization, usage sum, members, pending invitations, teams
    assert len(queries) == 5
