"""One picture of every row a refused request or service could touch, for "nothing changed".

A refusal must change nothing anywhere, so the picture is of the whole database's domain
tables, not of one organization: a test compares ``database_snapshot()`` before and after.
Columns that legitimately move on a read (a token's ``last_used_at``, a login's time) are
left out.
"""

from django.contrib.auth.models import Group

from accounts.models import User
from organizations.models import (
    AuditEvent,
    Invitation,
    Membership,
    Organization,
    Securable,
    SecurableGroupObjectPermission,
    SecurableUserObjectPermission,
    Team,
    TeamMembership,
)
from plugins.models import Plugin, PluginOrganization


def _rows(queryset, *fields) -> list:
    return sorted((tuple(row.values()) for row in queryset.values(*fields)), key=str)


def database_snapshot() -> dict:
    """Every domain row, as comparable values."""
    return {
        "organizations": _rows(Organization.objects.all()),
        "memberships": _rows(Membership.objects.all()),
        "teams": _rows(Team.objects.all()),
        "team_memberships": _rows(TeamMembership.objects.all()),
        "groups": _rows(Group.objects.all(), "pk", "name"),
        "group_members": _rows(User.groups.through.objects.all(), "user_id", "group_id"),
        "invitations": _rows(Invitation.objects.all()),
        "invitation_teams": _rows(Invitation.teams.through.objects.all()),
        "audit_events": _rows(AuditEvent.objects.all()),
        "users": _rows(
            User.objects.all(), "pk", "email", "name", "is_active", "active_organization_id"
        ),
        "securables": _rows(Securable.objects.all()),
        "user_grants": _rows(SecurableUserObjectPermission.objects.all()),
        "team_grants": _rows(SecurableGroupObjectPermission.objects.all()),
        "plugins": _rows(Plugin.objects.all()),
        "plugin_organizations": _rows(PluginOrganization.objects.all()),
    }
