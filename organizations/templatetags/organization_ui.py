"""Template helpers of the organization pages."""

from django import template

from organizations.roles import Capability, organization_role_has

register = template.Library()


@register.filter
def may(role: str, capability: str) -> bool:
    """``{% if request.membership.role|may:"manage_invitations" %}``: asks the role table."""
    return organization_role_has(role, Capability(capability))
