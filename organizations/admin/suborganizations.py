"""The operators' admin of embedding: suborganizations, end users and embed pairs.

Read-only, like memberships: these rows are written by the embed services (with their row
lock, their rules and audit events). The one action, revoking an end user's pairs, goes
through the service as the parent's owner would, and is audited in the parent. Imported
from ``organizations/admin/__init__.py`` with one line.
"""

from django.contrib import admin, messages
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from common.admin import ReadOnlyAdminMixin
from organizations.models import (
    EmbedAuthorization,
    EmbedGrant,
    EndUser,
    Suborganization,
)
from organizations.services.embed import end_user_revoke_authorizations


class EndUserInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = EndUser
    fields = ["username", "email", "role", "created_at", "last_used_at"]
    readonly_fields = fields
    extra = 0
    show_change_link = True


@admin.register(Suborganization)
class SuborganizationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["name", "parent", "organization", "end_user_count", "created_at"]
    list_select_related = ["parent", "organization"]
    search_fields = ["name", "parent__slug", "organization__slug"]
    readonly_fields = ["name", "parent", "organization", "created_at"]
    inlines = [EndUserInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(end_user_count=Count("end_users"))

    @admin.display(description=_("end users"), ordering="end_user_count")
    def end_user_count(self, obj) -> int:
        return obj.end_user_count


class EmbedGrantInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = EmbedGrant
    fields = ["securable", "level"]
    readonly_fields = fields
    extra = 0


class EmbedAuthorizationInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = EmbedAuthorization
    fields = ["id", "created_by", "created_at", "expires_at", "last_used_at", "revoked_at"]
    readonly_fields = fields
    extra = 0
    show_change_link = True


@admin.register(EndUser)
class EndUserAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["username", "email", "role", "suborganization", "parent", "last_used_at"]
    list_select_related = ["suborganization", "parent"]
    list_filter = ["role"]
    search_fields = ["username", "email", "suborganization__name", "parent__slug"]
    readonly_fields = [
        "username",
        "user",
        "email",
        "role",
        "locale",
        "parent",
        "suborganization",
        "created_at",
        "updated_at",
        "last_used_at",
    ]
    inlines = [EmbedAuthorizationInline]
    actions = ["revoke_authorizations"]

    @admin.action(description=_("Revoke the selected end users' embed pairs"))
    def revoke_authorizations(self, request, queryset):
        revoked = 0
        for end_user in queryset.select_related("parent"):
            revoked += end_user_revoke_authorizations(
                acting_user=request.user,
                organization=end_user.parent,
                end_user_id=end_user.pk,
                as_operator=True,
            )
        self.message_user(
            request,
            ngettext("%(count)d embed pair revoked.", "%(count)d embed pairs revoked.", revoked)
            % {"count": revoked},
            messages.SUCCESS,
        )


@admin.register(EmbedAuthorization)
class EmbedAuthorizationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["id", "end_user", "created_by", "created_at", "expires_at", "revoked_at"]
    list_select_related = ["end_user", "created_by"]
    search_fields = ["end_user__username", "id"]
    readonly_fields = [
        "id",
        "end_user",
        "created_by",
        "expires_at",
        "inactivity_interval",
        "metadata",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]
    exclude = ["token_hash"]
    inlines = [EmbedGrantInline]
