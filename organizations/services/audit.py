from typing import Any

from common.request_context import current_client_ip
from organizations.models import AuditAction, AuditEvent, Organization


def audit_record(
    *,
    action: AuditAction,
    organization: Organization,
    actor: Any | None,
    target_user: Any | None = None,
    target_email: str = "",
    by_operator: bool = False,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Writes one audit event; call it inside the transaction of the change it records."""
    return AuditEvent.objects.create(
        organization=organization,
        organization_name=organization.display_name[:200],
        action=action,
        actor=actor,
        actor_email=getattr(actor, "email", "") or "",
        by_operator=by_operator,
        target_user=target_user,
        target_email=target_email or getattr(target_user, "email", "") or "",
        data=data or {},
        ip_address=current_client_ip(),
    )
