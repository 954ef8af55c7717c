"""Permission checks shared by the services: every one reads the role table."""

from django.contrib.auth.models import AbstractBaseUser

from accounts.services import ERR_NOT_AN_OPERATOR
from common.errors import NotFound, PermissionDenied
from organizations.models import Membership, Organization
from organizations.roles import ERR_NOT_ALLOWED, Capability, organization_role_has
from organizations.selectors.organizations import ERR_ORGANIZATION_NOT_FOUND


def lock_organization(organization: Organization) -> Organization:
    """Locks the organization's row for the rest of the transaction.

    Every change to an organization's memberships, invitations, teams or settings takes this
    lock first and checks the acting user's role only after it, so concurrent changes (two
    ownership transfers, a transfer racing a removal, an invitation by an admin being
    removed) run one after the other and each sees the other's result.
    """
    return Organization.objects.select_for_update().get(pk=organization.pk)


def membership_of(user: AbstractBaseUser, organization: Organization) -> Membership:
    """The user's membership, or NotFound: an organization outside one's reach is a 404."""
    membership = (
        Membership.objects.filter(user=user, organization=organization)
        .select_related("user")
        .first()
    )
    if membership is None:
        raise NotFound(ERR_ORGANIZATION_NOT_FOUND)
    return membership


def require_capability(
    user: AbstractBaseUser, organization: Organization, capability: Capability
) -> Membership:
    """The acting user's membership if their role grants ``capability``."""
    membership = membership_of(user, organization)
    if not organization_role_has(membership.role, capability):
        raise PermissionDenied(ERR_NOT_ALLOWED)
    return membership


def require_operator(user: AbstractBaseUser) -> None:
    """Operators (staff allowed to change organizations) act on any organization."""
    if not (
        user.is_active and user.is_staff and user.has_perm("organizations.change_organization")
    ):
        raise PermissionDenied(ERR_NOT_AN_OPERATOR)
