"""Memberships, teams and team memberships: read-only.

Their rules (exactly one owner, roles, seats, each team's permission group, the plan's team
limit) live in the services; a plain admin save would bypass them.
"""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from common.admin import ReadOnlyAdminMixin
from organizations.admin.previews import PreviewInlineMixin
from organizations.models import Membership, Organization, Team, TeamMembership


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("user", "organization", "role", "created_at")
    list_select_related = ("user", "organization")
    list_filter = ("role",)
    search_fields = ("user__email", "user__name", "organization__slug")
    fields = ("user", "organization", "role", "created_at", "updated_at")


class TeamMembershipInline(PreviewInlineMixin, ReadOnlyAdminMixin, admin.TabularInline):
    model = TeamMembership
    changelist_filter = "team__id__exact"
    fields = ("user", "role", "created_at")
    readonly_fields = fields
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")


@admin.register(Team)
class TeamAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: teams are created, renamed and deleted by the team services, which keep
    each team's permission group and the plan's team limit."""

    list_display = ("name", "organization", "member_count", "created_at")
    list_select_related = ("organization",)
    search_fields = ("name", "organization__slug")
    fields = ("name", "organization", "group", "created_at", "updated_at")
    inlines = (TeamMembershipInline,)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_count=Count("memberships"))

    @admin.display(description=_("members"), ordering="member_count")
    def member_count(self, team: Team) -> int:
        return team.member_count


@admin.register(TeamMembership)
class TeamMembershipAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("user", "team", "team_organization", "role", "created_at")
    list_select_related = ("user", "team", "team__organization")
    list_filter = ("role",)
    search_fields = ("user__email", "user__name", "team__name", "team__organization__slug")
    fields = ("user", "team", "role", "created_at", "updated_at")

    @admin.display(description=_("organization"), ordering="team__organization__slug")
    def team_organization(self, team_membership: TeamMembership) -> Organization:
        return team_membership.team.organization
