"""Which organizations of the URL a caller reaches: their own (any role), or those whose
billing their role may see. Both answer 404 for an organization outside the caller's reach."""

from functools import partial

from common.rest.scoping import OrganizationScopedMixin
from organizations.roles import Capability
from organizations.selectors.billing import organization_for_billing
from organizations.selectors.organizations import (
    organization_for_capability,
    organization_for_member,
)


class MemberOrganizationMixin(OrganizationScopedMixin):
    """The organization of the URL, among the caller's own (404 otherwise)."""

    organization_lookup = staticmethod(organization_for_member)


class BillingOrganizationMixin(OrganizationScopedMixin):
    """The organization of the URL, if the caller may see its billing (404, else 403)."""

    organization_lookup = staticmethod(organization_for_billing)


class InvitationsOrganizationMixin(OrganizationScopedMixin):
    """The organization of the URL, if the caller's role manages its invitations: the
    capability that shows them on the Users tab (403 for other members, 404 for outsiders),
    reading included, since invitations carry e-mails, names and notes."""

    organization_lookup = staticmethod(
        partial(organization_for_capability, capability=Capability.MANAGE_INVITATIONS)
    )
