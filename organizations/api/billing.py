"""An organization's billing: plan and current period, invoices, usage.

Owner and admins only (the role table's ``view_billing``): another member gets 403, someone
outside the organization 404. Each endpoint first resolves the organization with the
caller's role in one query (``organization_for_billing``).
"""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from common.rest.schema import with_errors
from organizations.api.filters import UsageDayFilter
from organizations.api.scoping import BillingOrganizationMixin
from organizations.api.serializers.billing import (
    BillingSerializer,
    InvoiceDetailSerializer,
    InvoiceSerializer,
    UsageDaySerializer,
)
from organizations.models import Invoice, UsageDay
from organizations.selectors.billing import (
    billing_summary,
    organization_invoice,
    organization_invoices,
    organization_usage_days,
)


@extend_schema(tags=["billing"])
class BillingViewSet(BillingOrganizationMixin, viewsets.GenericViewSet):
    serializer_class = BillingSerializer

    @extend_schema(
        summary="The plan, its allowances and the current period's usage (owner or admin)",
        description=(
            "Usage counts are written in batches: they may be a few seconds behind. A period "
            "is a calendar month in UTC."
        ),
        responses=with_errors({200: BillingSerializer}, 403, 404),
    )
    def retrieve(self, request: Request, organization_id) -> Response:
        return Response(self.get_serializer(billing_summary(self.organization)).data)


@extend_schema(tags=["billing"])
@extend_schema_view(
    list=extend_schema(
        summary="List the organization's invoices, newest first (owner or admin)",
        responses=with_errors({200: InvoiceSerializer(many=True)}, 403, 404),
    ),
    retrieve=extend_schema(
        summary="An invoice with its lines (owner or admin)",
        responses=with_errors({200: InvoiceDetailSerializer}, 403, 404),
    ),
)
class InvoiceViewSet(
    BillingOrganizationMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """The organization's issued invoices (drafts are not shown until issued)."""

    serializer_class = InvoiceSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Invoice.objects.none()
        return organization_invoices(self.organization)

    def get_serializer_class(self):
        return InvoiceDetailSerializer if self.action == "retrieve" else InvoiceSerializer

    def get_object(self) -> Invoice:
        return organization_invoice(self.organization, self.kwargs["invoice_id"])


@extend_schema(tags=["billing"])
@extend_schema_view(
    list=extend_schema(
        summary="The organization's usage per day, oldest first (owner or admin)",
        responses=with_errors({200: UsageDaySerializer(many=True)}, 400, 403, 404),
    ),
)
class UsageViewSet(BillingOrganizationMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Operations and data per day (UTC); days without usage have no row."""

    serializer_class = UsageDaySerializer
    filterset_class = UsageDayFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return UsageDay.objects.none()
        return organization_usage_days(self.organization)
