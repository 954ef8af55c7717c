"""Organization → Usage: the last 30 days against the plan's allowance, and the current
period's totals. Owner and admins only."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from organizations.roles import Capability
from organizations.selectors.billing import billing_summary, organization_usage_last_days
from organizations.templatetags.billing_ui import data_size, grouped
from organizations.views.common import organization_page, require
from organizations.views.usage_chart import usage_chart

CHART_DAYS = 30


@require_GET
@organization_page
def usage(request: HttpRequest) -> HttpResponse:
    require(request, Capability.VIEW_BILLING)
    organization = request.organization
    summary = billing_summary(organization)
    days = organization_usage_last_days(organization, today=summary.today, days=CHART_DAYS)
    plan = summary.plan
    charts = [
        usage_chart(
            chart_id="operations-chart",
            title=_("Operations per day, last %(days)d days") % {"days": CHART_DAYS},
            days=days,
            value_of=lambda day: day.operations,
            monthly_allowance=plan.included_operations,
            format_value=lambda value: grouped(round(value)),
            what=_("Operations"),
        ),
        usage_chart(
            chart_id="data-chart",
            title=_("Data per day, last %(days)d days") % {"days": CHART_DAYS},
            days=days,
            value_of=lambda day: day.data_bytes,
            monthly_allowance=plan.included_data_bytes,
            format_value=lambda value: data_size(int(value)),
            what=_("Data"),
        ),
    ]
    context = {
        "tab": "usage",
        "summary": summary,
        "charts": charts,
        "days": days,
        "no_usage_yet": not any(day.operations or day.data_bytes for day in days),
    }
    return render(request, "organizations/usage.html", context)
