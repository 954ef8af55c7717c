from organizations.models.audit import AuditAction, AuditEvent
from organizations.models.invitation import Invitation, InvitationStatus
from organizations.models.invoice import (
    Invoice,
    InvoiceLine,
    InvoiceLineKind,
    InvoiceSequence,
    InvoiceStatus,
)
from organizations.models.membership import Membership
from organizations.models.organization import Organization, Region, RegionImmutableError
from organizations.models.plan import Plan
from organizations.models.securable import (
    LEVEL_PERMISSIONS,
    PERMISSION_LEVELS,
    Securable,
    SecurableGroupObjectPermission,
    SecurableType,
    SecurableUserObjectPermission,
)
from organizations.models.stored_file import StoredFile
from organizations.models.team import Team, TeamMembership
from organizations.models.thumbnail import Thumbnail
from organizations.models.usage import UsageDay

__all__ = [
    "LEVEL_PERMISSIONS",
    "PERMISSION_LEVELS",
    "AuditAction",
    "AuditEvent",
    "Invitation",
    "InvitationStatus",
    "Invoice",
    "InvoiceLine",
    "InvoiceLineKind",
    "InvoiceSequence",
    "InvoiceStatus",
    "Membership",
    "Organization",
    "Plan",
    "Region",
    "RegionImmutableError",
    "Securable",
    "SecurableGroupObjectPermission",
    "SecurableType",
    "SecurableUserObjectPermission",
    "StoredFile",
    "Team",
    "TeamMembership",
    "Thumbnail",
    "UsageDay",
]
