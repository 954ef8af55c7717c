"""Invitations: read-only, with the operators' Resend and Revoke actions (the same services
as the organization's Users tab)."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from common.admin import ReadOnlyAdminMixin, ServiceAdminMixin
from organizations.models import Invitation, InvitationStatus
from organizations.services.access import require_operator
from organizations.services.invitation import invitation_resend, invitation_revoke


class InvitationStatusFilter(admin.SimpleListFilter):
    """Filters on the status shown (expired is computed from the expiry, never stored)."""

    title = _("status")
    parameter_name = "display_status"

    def lookups(self, request, model_admin):
        return InvitationStatus.choices

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(display_status=self.value())
        return queryset


@admin.register(Invitation)
class InvitationAdmin(ServiceAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: invitations are sent from the organization's Users tab; operators resend
    or revoke them with the actions, through the same services."""

    operator_rule = staticmethod(require_operator)
    list_display = (
        "email",
        "organization",
        "role",
        "status_display",
        "invited_by",
        "sent_at",
        "expires_at",
    )
    list_select_related = ("organization", "invited_by")
    list_filter = (InvitationStatusFilter, "role", "sent_at")
    search_fields = ("email", "name", "organization__slug")
    fields = (
        "organization",
        "email",
        "name",
        "role",
        "teams",
        "team_role",
        "note",
        "invited_by",
        "status_display",
        "sent_at",
        "expires_at",
        "accepted_at",
        "accepted_by",
        "revoked_at",
    )
    readonly_fields = fields
    actions = ("resend", "revoke")

    def get_queryset(self, request):
        return super().get_queryset(request).with_display_status()

    @admin.display(description=_("status"), ordering="display_status")
    def status_display(self, invitation: Invitation) -> str:
        return InvitationStatus(invitation.display_status).label

    def _apply(self, request, queryset, service, done_message) -> None:
        done = 0
        for invitation in queryset.select_related("organization"):
            with self.refusal_as_message(request, about=invitation.email) as outcome:
                service(acting_user=request.user, invitation=invitation, as_operator=True)
            if not outcome.refused:
                done += 1
        if done:
            self.message_user(request, done_message(done) % {"count": done}, messages.SUCCESS)

    @admin.action(description=_("Resend invitation"), permissions=["operator"])
    def resend(self, request, queryset) -> None:
        self._apply(
            request,
            queryset,
            invitation_resend,
            lambda count: ngettext(
                "%(count)d invitation resent with a new 7-day link.",
                "%(count)d invitations resent with new 7-day links.",
                count,
            ),
        )

    @admin.action(description=_("Revoke invitation"), permissions=["operator"])
    def revoke(self, request, queryset) -> None:
        self._apply(
            request,
            queryset,
            invitation_revoke,
            lambda count: ngettext(
                "%(count)d invitation revoked.", "%(count)d invitations revoked.", count
            ),
        )
