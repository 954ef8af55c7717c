"""Audit events: append-only, operators see every organization's."""

from django.contrib import admin

from common.admin import ReadOnlyAdminMixin
from organizations.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Append-only: operators see every organization's events, nobody edits them."""

    list_display = (
        "action",
        "organization_name",
        "actor_email",
        "target_email",
        "by_operator",
        "ip_address",
        "created_at",
    )
    list_filter = ("action", "by_operator", "created_at")
    search_fields = ("organization_name", "actor_email", "target_email")
    date_hierarchy = "created_at"
    fields = (
        "created_at",
        "action",
        "organization",
        "organization_name",
        "actor",
        "actor_email",
        "by_operator",
        "target_user",
        "target_email",
        "data",
        "ip_address",
    )
    readonly_fields = fields
