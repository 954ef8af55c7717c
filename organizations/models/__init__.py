from organizations.models.audit import AuditAction, AuditEvent
from organizations.models.invitation import Invitation, InvitationStatus
from organizations.models.membership import Membership
from organizations.models.organization import Organization, Region, RegionImmutableError
from organizations.models.plan import Plan
from organizations.models.team import Team, TeamMembership

__all__ = [
    "AuditAction",
    "AuditEvent",
    "Invitation",
    "InvitationStatus",
    "Membership",
    "Organization",
    "Plan",
    "Region",
    "RegionImmutableError",
    "Team",
    "TeamMembership",
]
