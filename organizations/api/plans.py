"""The catalogue of plans offered to customers."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets

from common.errors import NotFound
from common.rest.schema import with_errors
from organizations.api.serializers.plans import PlanSerializer
from organizations.models import Plan

ERR_PLAN_NOT_FOUND = _("Plan not found.")


@extend_schema(tags=["plans"])
@extend_schema_view(
    list=extend_schema(
        summary="List the plans", responses=with_errors({200: PlanSerializer(many=True)}, 404)
    ),
    retrieve=extend_schema(summary="A plan", responses=with_errors({200: PlanSerializer}, 404)),
)
class PlanViewSet(viewsets.ReadOnlyModelViewSet):
    """The catalogue of plans offered to customers."""

    serializer_class = PlanSerializer
    queryset = Plan.objects.filter(is_public=True)
    lookup_url_kwarg = "plan_id"
    lookup_field = "pk"

    def get_object(self) -> Plan:
        plan = self.get_queryset().filter(pk=self.kwargs["plan_id"]).first()
        if plan is None:
            raise NotFound(ERR_PLAN_NOT_FOUND)
        return plan
