"""Organization → Billing and Usage: who sees them, the owner's plan change, invoices and
their printable page, the usage chart and its accessible fallbacks."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse

from organizations.billing import BillingPeriod, today_utc
from organizations.models import AuditAction, AuditEvent, InvoiceStatus
from organizations.services.team import team_create
from organizations.tests.billing_fixtures import issued_invoice, last_month, record_usage
from organizations.tests.factories import plan

BILLING = reverse("organization_billing")
PLAN = reverse("organization_billing_plan")
USAGE = reverse("organization_usage")


def invoice_url(invoice) -> str:
    return reverse("organization_invoice", args=[invoice.pk])


# Who sees what ------------------------------------------------------------------------------


@pytest.mark.parametrize("page", [BILLING, USAGE])
@pytest.mark.parametrize(
    ("role", "status"), [("owner", 200), ("admin", 200), ("member", 403), ("viewer", 403)]
)
def test_billing_pages_are_for_owners_and_admins(client, request, organization, page, role, status):
    client.force_login(request.getfixturevalue(role))

    assert client.get(page).status_code == status


@pytest.mark.parametrize(
    ("role", "status"), [("owner", 200), ("admin", 200), ("member", 403), ("viewer", 403)]
)
def test_an_invoice_page_is_for_owners_and_admins(client, request, organization, role, status):
    invoice = issued_invoice(organization)
    client.force_login(request.getfixturevalue(role))

    assert client.get(invoice_url(invoice)).status_code == status


def test_an_invoice_of_another_organization_is_not_found(
    client, organization, outsider, other_organization
):
    invoice = issued_invoice(organization)
    client.force_login(outsider)

    assert client.get(invoice_url(invoice)).status_code == 404


def test_only_the_owner_may_change_the_plan(client, organization, admin):
    client.force_login(admin)

    page = client.get(BILLING).content.decode()
    response = client.post(PLAN, {"plan": str(plan("enterprise").pk)})

    assert "Only the organization's owner can change the plan." in page
    assert response.status_code == 403
    organization.refresh_from_db()
    assert organization.plan.code == "pro"


@pytest.mark.parametrize("role", ["member", "viewer"])
def test_members_and_viewers_cannot_change_the_plan(client, request, organization, role):
    client.force_login(request.getfixturevalue(role))

    assert client.post(PLAN, {"plan": str(plan("enterprise").pk)}).status_code == 403


def test_the_tabs_show_billing_and_usage_to_owners_and_admins_only(
    client, organization, admin, member
):
    client.force_login(admin)
    tabs = client.get(reverse("organization_users")).content.decode()
    assert BILLING in tabs and USAGE in tabs

    client.force_login(member)
    tabs = client.get(reverse("organization_users")).content.decode()
    assert BILLING not in tabs and USAGE not in tabs


# Billing tab -------------------------------------------------------------------------------


def test_billing_shows_the_plan_its_limits_and_the_period_so_far(client, organization, owner):
    record_usage(organization, today_utc(), 1_200_000, 3 * 10**9)
    client.force_login(owner)

    response = client.get(BILLING)

    content = response.content.decode()
    assert "Plan: Pro" in content
    assert "99.00 EUR a month" in content
    assert "1 of 50 used" in content  # seats: the owner
    assert "1,000,000 a month" in content  # operations included
    assert "100 GB a month" in content
    assert "0.40 EUR per 1,000 operations, 0.15 EUR per GB" in content
    assert "1,200,000 of 1,000,000 (120%)" in content
    # 200,000 operations beyond the allowance at 0.40 per 1,000: 80.00; data within it.
    summary = response.context["summary"]
    assert [line.amount for line in summary.charges.lines] == [99, 80]
    assert "179.00 EUR" in content


def test_the_owner_changes_the_plan_effective_immediately(client, organization, owner):
    client.force_login(owner)

    response = client.post(PLAN, {"plan": str(plan("enterprise").pk)}, follow=True)

    organization.refresh_from_db()
    assert organization.plan.code == "enterprise"
    content = response.content.decode()
    assert "The organization is now on the Enterprise plan." in content
    assert "Plan: Enterprise" in content
    event = AuditEvent.objects.get(action=AuditAction.PLAN_CHANGED)
    assert (event.actor, event.data) == (owner, {"from": "pro", "to": "enterprise"})


def test_a_plan_too_small_is_a_field_error_and_nothing_changes(client, organization, owner):
    team_create(acting_user=owner, organization=organization, name="Second")
    client.force_login(owner)

    response = client.post(PLAN, {"plan": str(plan("free").pk)})

    assert response.status_code == 200
    assert response.context["plan_form"].errors["plan"] == [
        "The Free plan allows 1 team(s), but the organization has 2. Delete teams first."
    ]
    organization.refresh_from_db()
    assert organization.plan.code == "pro"
    assert "Plan: Pro" in response.content.decode()


def test_a_plan_not_offered_is_not_a_choice(client, organization, owner):
    hidden = plan("core")
    hidden.is_public = False
    hidden.save()
    client.force_login(owner)

    choices = client.get(BILLING).context["plan_form"].fields["plan"].queryset

    assert "core" not in {choice.code for choice in choices}
    assert client.post(PLAN, {"plan": str(hidden.pk)}).status_code == 200
    organization.refresh_from_db()
    assert organization.plan.code == "pro"


def test_billing_lists_issued_invoices_not_drafts(client, organization, owner):
    issued = issued_invoice(organization)
    draft = issued_invoice(organization, last_month().previous(), status=InvoiceStatus.DRAFT)
    client.force_login(owner)

    content = client.get(BILLING).content.decode()

    assert issued.number in content and invoice_url(issued) in content
    assert draft.number not in content
    assert client.get(invoice_url(draft)).status_code == 404


# The printable invoice ---------------------------------------------------------------------


def test_the_invoice_page_has_its_lines_totals_and_a_print_style(client, organization, owner):
    period = last_month()
    record_usage(organization, period.start, 1_500_000, 0)
    invoice = issued_invoice(organization, period)
    client.force_login(owner)

    content = client.get(invoice_url(invoice)).content.decode()

    assert f"Invoice {invoice.number}" in content
    assert "Plan: Pro" in content
    assert "99.00 EUR" in content
    assert "500 × 1,000 operations" in content  # 500,000 beyond the allowance
    assert "200.00 EUR" in content and "299.00 EUR" in content
    assert "data-print" in content and "print-hidden" in content
    stylesheet = (settings.BASE_DIR / "static" / "css" / "orgsite.css").read_text()
    assert "@media print" in stylesheet


# Usage tab ---------------------------------------------------------------------------------


def test_usage_chart_is_an_accessible_svg_with_a_data_table(client, organization, owner):
    today = today_utc()
    record_usage(organization, today, 40_000, 2 * 10**9)
    record_usage(organization, today - timedelta(days=29), 10_000, 0)
    record_usage(organization, today - timedelta(days=30), 99_999, 0)  # out of the chart
    client.force_login(owner)

    response = client.get(USAGE)

    content = response.content.decode()
    assert content.count("<svg") == 2
    assert 'role="img"' in content
    assert 'aria-labelledby="operations-chart-title operations-chart-desc"' in content
    assert '<title id="operations-chart-title">Operations per day, last 30 days</title>' in content
    description = re.search(r'<desc id="operations-chart-desc">([^<]*)</desc>', content).group(1)
    assert "50,000 in all, at most 40,000" in description
    assert "allowance spread over the month" in description
    days = response.context["days"]
    assert len(days) == 30
    assert (days[0].operations, days[-1].operations) == (10_000, 40_000)
    # The data table: one row a day.
    assert content.count('<th scope="row"><time') == 30
    assert 'class="chart__allowance"' in content


def test_usage_shows_the_period_totals_and_days_until_reset(client, organization, owner):
    today = today_utc()
    record_usage(organization, today, 250_000, 25 * 10**9)
    client.force_login(owner)

    content = client.get(USAGE).content.decode()

    days = BillingPeriod.containing(today).days_until_reset(today)
    assert f"resets in {days} day" in content
    assert "250,000 of 1,000,000 (25%)" in content
    assert "25 GB of 100 GB (25%)" in content
    assert "<meter" in content


def test_usage_chart_coordinates_stay_numbers_in_every_language(client, organization, owner):
    owner.locale = "fr"
    owner.save(update_fields=["locale"])
    record_usage(organization, today_utc(), 12_345, 1_234_567)
    client.force_login(owner)

    content = client.get(USAGE).content.decode()

    coordinates = re.findall(
        r'<rect x="([^"]+)" y="([^"]+)" width="([^"]+)" height="([^"]+)"', content
    )
    assert len(coordinates) == 60
    for values in coordinates:
        for value in values:
            float(value)  # "12,5" would fail


def test_usage_without_any_usage_says_so_instead_of_empty_charts(client, organization, owner):
    client.force_login(owner)

    content = client.get(USAGE).content.decode()

    assert "No usage yet in the last 30 days" in content
    assert "<svg" not in content


def test_usage_in_french_dates_and_units_are_french(client, organization, owner):
    owner.locale = "fr"
    owner.save(update_fields=["locale"])
    today = today_utc()
    record_usage(organization, today, 12_345, 3 * 10**12)
    client.force_login(owner)

    content = client.get(USAGE).content.decode()

    month = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
             "septembre", "octobre", "novembre", "décembre"][today.month - 1]  # fmt: skip
    bar_titles = re.findall(r"<rect [^>]*><title>([^<]*)</title>", content)
    operations_today = bar_titles[29].replace("\u202f", " ").replace("\xa0", " ")
    assert operations_today == f"{today.day} {month} {today.year} : 12 345"
    axis = re.findall(r'text-anchor="middle">([^<]*)</text>', content)
    assert axis[-1].lower().startswith(f"{today.day} {month[:3]}")
    assert "3 To" in content and " TB" not in content and " GB" not in content
