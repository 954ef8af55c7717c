"""Which organizations of the URL a caller reaches: their own (any role), or those whose
billing their role may see. Both answer 404 for an organization outside the caller's reach."""

from common.rest.scoping import OrganizationScopedMixin
from organizations.selectors.billing import organization_for_billing
from organizations.selectors.organizations import organization_for_member


class MemberOrganizationMixin(OrganizationScopedMixin):
    """The organization of the URL, among the caller's own (404 otherwise)."""

    organization_lookup = staticmethod(organization_for_member)


class BillingOrganizationMixin(OrganizationScopedMixin):
    """The organization of the URL, if the caller may see its billing (404, else 403)."""

    organization_lookup = staticmethod(organization_for_billing)
