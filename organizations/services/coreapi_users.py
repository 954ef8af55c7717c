"""Users as Luzmo's Core API makes them: created straight into an organization, and roles
set through the user-organization association's flags.

Luzmo's rules (seed 000, PRODUCT.md's Core API paragraph): with an organization owner's
key/token, a new user joins that organization at creation (the only way into an existing
organization besides an invitation); without credentials the user gets a new organization
of their own; afterwards the owner changes a member's role by setting flags. These services
compose the organization services, so seats, role ceilings, ownership transfer and audit
events hold as on every other path.
"""

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from accounts.models import User
from accounts.services import user_profile_update
from common.errors import InvalidInput, NotFound, PermissionDenied
from organizations.models import AuditAction, Membership, Organization, Region
from organizations.roles import (
    INVITABLE_ROLES,
    ORGANIZATION_ROLES,
    OrganizationRole,
    TeamRole,
    organization_role_may_grant,
)
from organizations.selectors.members import organization_seats_taken
from organizations.services.access import lock_organization, membership_of
from organizations.services.audit import audit_record
from organizations.services.membership import membership_change_role
from organizations.services.organization import (
    organization_create,
    organization_transfer_ownership,
)

ERR_EMAIL_INVALID = _("Enter a valid e-mail address.")
ERR_EMAIL_TAKEN = _(
    "A user with this e-mail address already exists. Existing users join an organization "
    "by invitation only."
)
ERR_NAME_TOO_LONG = _("A name has at most 150 characters.")
ERR_CITY_TOO_LONG = _("A city has at most 100 characters.")
ERR_LOCALE_INVALID = _("Choose one of the offered languages.")
ERR_COUNTRY_INVALID = _("Choose one of the offered countries.")
ERR_ROLE_INVALID = _("Choose a role: admin, member or viewer.")
ERR_ROLE_ABOVE_OWN = _("You can't give a role above your own.")
ERR_OWNER_ONLY = _("Only the organization's owner may do this.")
ERR_SEATS_FULL = _(
    "Your plan (%(plan)s) has %(seats)s seats, and members plus pending invitations fill them. "
    "Remove a member or an invitation, or change the plan, to add someone new."
)
ERR_NOT_A_MEMBER = _(
    "%(email)s is not a member of this organization. Existing users join by invitation."
)
ERR_NO_FLAG = _(
    "Set at least one of flagMember, flagEditor, flagAdmin, flagOwn; to remove the member, "
    "dissociate them."
)
ERR_USER_NOT_FOUND = _("User not found.")

# Luzmo's API host for Europe is its default one: a new organization without a region
# given is an EU one.
DEFAULT_REGION = Region.EU

# The flag a role's Core API answer carries that no lower role carries: the owner's.
OWNER_FLAG = "flagOwn"


def _is_owner_role(role: str) -> bool:
    # Luzmo's rule names the owner by its flag ("an owner's API token"): read from the
    # role table rather than compared with a role name.
    return OWNER_FLAG in ORGANIZATION_ROLES[role].core_api_flags


def _clean_profile(*, email: str, name: str, city: str, locale: str, country: str) -> dict:
    email = User.objects.normalize_email((email or "").strip()).lower()
    try:
        validate_email(email)
    except ValidationError as error:
        raise InvalidInput(ERR_EMAIL_INVALID, field="email") from error
    if User.objects.filter(email__iexact=email).exists():
        raise InvalidInput(ERR_EMAIL_TAKEN, field="email")
    # A name is what the member list shows; a script that gives none gets the address's
    # local part, which the user can change.
    name = (name or "").strip() or email.split("@")[0]
    if len(name) > 150:
        raise InvalidInput(ERR_NAME_TOO_LONG, field="name")
    city = (city or "").strip()
    if len(city) > 100:
        raise InvalidInput(ERR_CITY_TOO_LONG, field="city")
    if locale and locale not in dict(settings.LANGUAGES):
        raise InvalidInput(ERR_LOCALE_INVALID, field="locale")
    country = (country or "").upper()
    if country and country not in countries:
        raise InvalidInput(ERR_COUNTRY_INVALID, field="country")
    return {"email": email, "name": name, "city": city, "locale": locale, "country": country}


def _user_add(*, password: str | None, **profile) -> User:
    user = User(**profile)
    if password:
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise InvalidInput(" ".join(error.messages), field="password") from error
        user.set_password(password)
    else:
        # Such a user acts through API key/token pairs until they set a password.
        user.set_unusable_password()
    try:
        # A savepoint: two creations racing for one address meet the unique index, and
        # the loser gets the same message as if it had come second.
        with transaction.atomic():
            user.save()
    except IntegrityError as error:
        raise InvalidInput(ERR_EMAIL_TAKEN, field="email") from error
    return user


@transaction.atomic
def user_create_in_organization(
    *,
    acting_user: User,
    organization: Organization,
    email: str,
    name: str = "",
    password: str | None = None,
    city: str = "",
    locale: str = "",
    country: str = "",
    role: str = OrganizationRole.MEMBER,
) -> User:
    """Creates a user who joins the organization at once, with a role (never owner, never
    above the creator's) and in its first team (owner only: Luzmo's "owner's API token").

    Seats count as for invitations: members plus pending invitations never exceed the
    plan's seats.
    """
    organization = lock_organization(organization)
    acting = membership_of(acting_user, organization)
    if not _is_owner_role(acting.role):
        raise PermissionDenied(ERR_OWNER_ONLY)
    if role not in [invitable.value for invitable in INVITABLE_ROLES]:
        raise InvalidInput(ERR_ROLE_INVALID, field="role")
    if not organization_role_may_grant(acting.role, role):
        raise PermissionDenied(ERR_ROLE_ABOVE_OWN)
    profile = _clean_profile(email=email, name=name, city=city, locale=locale, country=country)
    seats = organization.plan.seats
    if seats is not None and organization_seats_taken(organization) >= seats:
        raise InvalidInput(ERR_SEATS_FULL % {"plan": organization.plan.name, "seats": seats})
    user = _user_add(password=password, **profile)
    Membership.objects.create(user=user, organization=organization, role=role)
    team = organization.teams.select_related("group").order_by("created_at").first()
    team.memberships.create(user=user, role=TeamRole.MEMBER)
    user.groups.add(team.group)
    user.active_organization = organization
    user.save(update_fields=["active_organization", "updated_at"])
    audit_record(
        action=AuditAction.MEMBER_JOINED,
        organization=organization,
        actor=acting_user,
        target_user=user,
        data={"role": role, "teams": [str(team.pk)], "team_role": TeamRole.MEMBER},
    )
    return user


@transaction.atomic
def user_create_with_organization(
    *,
    email: str,
    name: str = "",
    password: str | None = None,
    city: str = "",
    locale: str = "",
    country: str = "",
    organization_name: dict[str, str] | None = None,
    region: str = DEFAULT_REGION,
) -> User:
    """Creates a user with a new organization of their own, which they own (Luzmo's user
    creation without credentials). The organization is named after the user unless a
    name is given."""
    profile = _clean_profile(email=email, name=name, city=city, locale=locale, country=country)
    user = _user_add(password=password, **profile)
    organization_create(
        acting_user=user,
        name=organization_name or {"en": f"{user.name}'s organization"[:200]},
        region=region,
        country=profile["country"],
        locale=profile["locale"] or settings.LANGUAGE_CODE,
    )
    return user


def _role_of_flag(flag: str) -> str:
    """The lowest role whose Core API flags include ``flag``."""
    return min(
        (role for role, spec in ORGANIZATION_ROLES.items() if flag in spec.core_api_flags),
        key=lambda role: ORGANIZATION_ROLES[role].rank,
    )


CORE_API_FLAGS = frozenset().union(*(spec.core_api_flags for spec in ORGANIZATION_ROLES.values()))


def organization_role_from_flags(current_role: str, flags: dict[str, bool | None]) -> str:
    """The role that the flags set on a member's association ask for.

    The given flags change the member's current ones (true sets, false clears, absent
    keeps); the highest role among those the remaining flags stand for wins, so
    ``flagAdmin: true`` makes an admin and ``flagAdmin: false`` on an admin a member.
    """
    remaining = set(ORGANIZATION_ROLES[current_role].core_api_flags)
    for flag, value in flags.items():
        if flag not in CORE_API_FLAGS or value is None:
            continue
        if value:
            remaining.add(flag)
        else:
            remaining.discard(flag)
    if not remaining:
        raise InvalidInput(ERR_NO_FLAG)
    return max(
        (_role_of_flag(flag) for flag in remaining),
        key=lambda role: ORGANIZATION_ROLES[role].rank,
    )


@transaction.atomic
def membership_set_core_api_flags(
    *, acting_user: User, organization: Organization, user: User, flags: dict[str, bool | None]
) -> Membership:
    """Sets a member's role from the association's flags. ``flagOwn`` on another member
    transfers ownership to them (owner only, the former owner becomes admin); other changes
    follow the role rules of every path (``membership_change_role``). A user who is not a
    member can't be associated: that is what invitations are for."""
    membership = Membership.objects.filter(organization=organization, user=user).first()
    if membership is None:
        raise InvalidInput(ERR_NOT_A_MEMBER % {"email": user.email})
    role = organization_role_from_flags(membership.role, flags)
    if role == membership.role:
        return membership
    if _is_owner_role(role):
        return organization_transfer_ownership(
            acting_user=acting_user, organization=organization, new_owner=user
        )
    return membership_change_role(acting_user=acting_user, membership=membership, role=role)


@transaction.atomic
def member_profile_update(
    *,
    acting_user: User,
    organization: Organization,
    user: User,
    name: str,
    city: str,
    locale: str,
    country: str,
) -> User:
    """The organization's owner changes a member's profile (name, city, language,
    country), as Luzmo lets an owner's token update the organization's users. The fields
    are checked as in the member's own profile form."""
    organization = lock_organization(organization)
    acting = membership_of(acting_user, organization)
    if user.pk != acting_user.pk and not _is_owner_role(acting.role):
        raise PermissionDenied(ERR_OWNER_ONLY)
    if not Membership.objects.filter(organization=organization, user=user).exists():
        raise NotFound(ERR_USER_NOT_FOUND)
    # The profile service takes the user whose profile changes as its acting user.
    return user_profile_update(
        acting_user=user, name=name, city=city, locale=locale, country=country
    )
