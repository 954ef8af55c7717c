from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from accounts.models import User
from accounts.services import user_create_with_defaults
from common.errors import InvalidInput
from common.images import logo_process
from common.locales import is_locale
from common.localized import clean_localized_text
from organizations.models import AuditAction, Invitation, Membership, Organization, Region
from organizations.models.organization import ERR_REGION_IMMUTABLE
from organizations.models.plan import FREE_PLAN_CODE, Plan
from organizations.models.team import DEFAULT_TEAM_NAME
from organizations.roles import (
    Capability,
    OrganizationRole,
    TeamRole,
    organization_role_is_owner,
)
from organizations.services.access import (
    lock_organization,
    require_capability,
    require_operator,
)
from organizations.services.audit import audit_record
from organizations.services.membership import (
    membership_change_role,
    membership_join,
)
from organizations.services.team import team_add_with_group
from outbox.services import outbox_cancel_all

ERR_REGION_INVALID = _("Choose a region: United States (US) or European Union (EU).")
ERR_COUNTRY_INVALID = _("Unknown country code “%(country)s”.")
ERR_LOCALE_INVALID = _("Unsupported language “%(locale)s”.")
ERR_NEW_OWNER_NOT_MEMBER = _("The new owner must be a member of the organization.")
ERR_ALREADY_OWNER = _("This member already owns the organization.")

# Luzmo's API host for Europe is its default one: a new organization without a region
# given is an EU one.
DEFAULT_REGION = Region.EU

# Marks a keyword argument of organization_update that the caller did not pass.
UNCHANGED: Any = object()


def _clean_country(country: str) -> str:
    country = (country or "").upper()
    if country and country not in countries:
        raise InvalidInput(ERR_COUNTRY_INVALID % {"country": country}, field="country")
    return country


def _clean_locale(locale: str) -> str:
    # Any locale of Luzmo's catalogue; the UI shows those it doesn't speak in English.
    if not is_locale(locale):
        raise InvalidInput(ERR_LOCALE_INVALID % {"locale": locale}, field="locale")
    return locale


def _unique_slug(name: dict[str, str]) -> str:
    base = slugify(name.get("en") or next(iter(name.values())))[:70] or "organization"
    slug, suffix = base, 1
    while Organization.objects.filter(slug=slug).exists():
        suffix += 1
        slug = f"{base}-{suffix}"
    return slug


@transaction.atomic
def organization_create(
    *,
    acting_user: User,
    name: dict[str, str],
    region: str,
    country: str = "",
    locale: str = "en",
    owner: User | None = None,
) -> Organization:
    """Creates an organization on the Free plan with one team, "My Team".

    The creator (or, for an operator, the chosen ``owner``) becomes its owner and a team
    admin of My Team, and the organization becomes their active one.
    """
    by_operator = owner is not None and owner != acting_user
    if by_operator:
        require_operator(acting_user)
    owner = owner or acting_user
    name = clean_localized_text(name, field="name")
    if region not in Region.values:
        raise InvalidInput(ERR_REGION_INVALID, field="region")
    organization = Organization.objects.create(
        name=name,
        slug=_unique_slug(name),
        region=region,
        country=_clean_country(country),
        locale=_clean_locale(locale),
        plan=Plan.objects.get(code=FREE_PLAN_CODE),
    )
    team = team_add_with_group(organization=organization, name=DEFAULT_TEAM_NAME)
    membership_join(
        user=owner,
        organization=organization,
        role=OrganizationRole.OWNER,
        teams=[team],
        team_role=TeamRole.ADMIN,
    )
    audit_record(
        action=AuditAction.ORGANIZATION_CREATED,
        organization=organization,
        actor=acting_user,
        target_user=owner,
        by_operator=by_operator,
        data={"region": region},
    )
    return organization


@transaction.atomic
def organization_update(
    *,
    acting_user: User,
    organization: Organization,
    name: dict[str, str] = UNCHANGED,
    locale: str = UNCHANGED,
    country: str = UNCHANGED,
    logo: Any = UNCHANGED,
    region: str = UNCHANGED,
    as_operator: bool = False,
) -> Organization:
    """Changes the settings of an organization (owner or admin): name translations, default
    language, country, logo. The region is refused: it never changes after creation.
    ``logo=None`` removes the logo."""
    organization = lock_organization(organization)
    if as_operator:
        require_operator(acting_user)
    else:
        require_capability(acting_user, organization, Capability.EDIT_SETTINGS)
    if region is not UNCHANGED and region != organization.region:
        raise InvalidInput(ERR_REGION_IMMUTABLE, field="region")
    changes: dict[str, Any] = {}
    if name is not UNCHANGED:
        changes["name"] = clean_localized_text(name, field="name")
    if locale is not UNCHANGED:
        changes["locale"] = _clean_locale(locale)
    if country is not UNCHANGED:
        changes["country"] = _clean_country(country)
    new_logo = None
    if logo is not UNCHANGED and logo is not None:
        new_logo = logo_process(logo)
    changed = sorted(
        field for field, value in changes.items() if getattr(organization, field) != value
    )
    for field, value in changes.items():
        setattr(organization, field, value)
    old_logo_name = organization.logo.name if organization.logo else ""
    if new_logo is not None:
        organization.logo.save(new_logo.name, new_logo, save=False)
        changed.append("logo")
    elif logo is None and old_logo_name:
        organization.logo = ""
        changed.append("logo")
    if not changed:
        return organization
    organization.save()
    if "logo" in changed and old_logo_name:
        storage = organization.logo.storage
        transaction.on_commit(lambda: storage.delete(old_logo_name))
    audit_record(
        action=AuditAction.ORGANIZATION_UPDATED,
        organization=organization,
        actor=acting_user,
        by_operator=as_operator,
        data={"fields": changed},
    )
    return organization


@transaction.atomic
def organization_delete(*, acting_user: User, organization: Organization) -> None:
    """Deletes an organization with its memberships, teams and invitations (owner only).

    Members whose active organization it was are moved to another of theirs; the audit
    trail is kept, detached from the deleted organization. Its suborganizations and their
    end users' accounts, which exist only for it, are deleted with it.
    """
    organization = lock_organization(organization)
    require_capability(acting_user, organization, Capability.DELETE_ORGANIZATION)
    audit_record(
        action=AuditAction.ORGANIZATION_DELETED,
        organization=organization,
        actor=acting_user,
        data={"organization_id": str(organization.pk), "slug": organization.slug},
    )
    member_ids = list(organization.memberships.values_list("user_id", flat=True))
    group_ids = list(organization.teams.values_list("group_id", flat=True))
    suborganization_ids = list(
        organization.suborganizations.values_list("organization_id", flat=True)
    )
    end_user_ids = list(organization.end_users.values_list("user_id", flat=True))
    logo_name = organization.logo.name if organization.logo else ""
    storage = organization.logo.storage
    # The invitation e-mails not yet delivered (or waiting for a retry) would link to
    # nothing: cancelled before the invitations go.
    outbox_cancel_all(
        message_ids=Invitation.objects.filter(
            organization_id__in=[organization.pk, *suborganization_ids]
        ).values("email_message_id")
    )
    organization.delete()
    Organization.objects.filter(pk__in=suborganization_ids).delete()
    User.objects.filter(pk__in=end_user_ids).delete()
    # Teams protect their groups: the groups (and the grants made to them) go once the
    # teams are gone.
    Group.objects.filter(pk__in=group_ids).delete()
    _reassign_active_organizations(member_ids)
    if logo_name:
        transaction.on_commit(lambda: storage.delete(logo_name))


def _reassign_active_organizations(user_ids: list) -> None:
    """Points users left without an active organization at their oldest remaining one
    (one UPDATE, whatever the number of members)."""
    oldest_membership = Membership.objects.filter(user=OuterRef("pk")).order_by("created_at")
    User.objects.filter(pk__in=user_ids, active_organization__isnull=True).update(
        active_organization=Subquery(oldest_membership.values("organization")[:1])
    )


@transaction.atomic
def organization_transfer_ownership(
    *,
    acting_user: User,
    organization: Organization,
    new_owner: User,
    as_operator: bool = False,
) -> Membership:
    """Makes ``new_owner`` (an accepted member) the owner; the former owner becomes admin.

    Only the owner may do it, or an operator recovering an organization whose owner left.
    """
    if as_operator:
        require_operator(acting_user)
    organization = lock_organization(organization)
    # Read after the lock: a transfer that raced this one has already committed.
    if not as_operator:
        require_capability(acting_user, organization, Capability.TRANSFER_OWNERSHIP)
    memberships = {
        membership.user_id: membership
        for membership in Membership.objects.select_for_update().filter(organization=organization)
    }
    target = memberships.get(new_owner.pk)
    if target is None:
        raise InvalidInput(ERR_NEW_OWNER_NOT_MEMBER, field="new_owner")
    if target.role == OrganizationRole.OWNER:
        raise InvalidInput(ERR_ALREADY_OWNER, field="new_owner")
    current_owner = next(
        (
            membership
            for membership in memberships.values()
            if membership.role == OrganizationRole.OWNER
        ),
        None,
    )
    # Demote first: the one-owner index is checked per statement.
    if current_owner is not None:
        current_owner.role = OrganizationRole.ADMIN
        current_owner.save(update_fields=["role", "updated_at"])
    previous_role = target.role
    target.role = OrganizationRole.OWNER
    target.save(update_fields=["role", "updated_at"])
    audit_record(
        action=AuditAction.OWNERSHIP_TRANSFERRED,
        organization=organization,
        actor=acting_user,
        target_user=new_owner,
        by_operator=as_operator,
        data={
            "previous_owner": str(current_owner.user_id) if current_owner else None,
            "previous_role": previous_role,
        },
    )
    return target


ERR_PLAN_SEATS_TOO_FEW = _(
    "The %(plan)s plan has %(seats)s seats, but members plus pending invitations take "
    "%(taken)s. Remove members or invitations first."
)
ERR_PLAN_TEAMS_TOO_FEW = _(
    "The %(plan)s plan allows %(limit)s team(s), but the organization has %(teams)s. "
    "Delete teams first."
)


@transaction.atomic
def organization_change_plan(
    *, acting_user: User, organization: Organization, plan: Plan, as_operator: bool = False
) -> Organization:
    """Moves the organization to another plan, effective immediately (owner, or an
    operator). A plan too small for the current members, invitations or teams is refused."""
    organization = lock_organization(organization)
    if as_operator:
        require_operator(acting_user)
    else:
        require_capability(acting_user, organization, Capability.CHANGE_PLAN)
    previous_plan = organization.plan
    if previous_plan.pk == plan.pk:
        return organization
    taken = organization.memberships.count() + organization.invitations.pending().count()
    if plan.seats is not None and taken > plan.seats:
        raise InvalidInput(
            ERR_PLAN_SEATS_TOO_FEW % {"plan": plan.name, "seats": plan.seats, "taken": taken},
            field="plan",
        )
    teams = organization.teams.count()
    if plan.max_teams is not None and teams > plan.max_teams:
        raise InvalidInput(
            ERR_PLAN_TEAMS_TOO_FEW % {"plan": plan.name, "limit": plan.max_teams, "teams": teams},
            field="plan",
        )
    organization.plan = plan
    organization.save(update_fields=["plan", "updated_at"])
    audit_record(
        action=AuditAction.PLAN_CHANGED,
        organization=organization,
        actor=acting_user,
        by_operator=as_operator,
        data={"from": previous_plan.code, "to": plan.code},
    )
    return organization


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
    name is given; without a name, the user is named after the address's local part."""
    user = user_create_with_defaults(
        email=email, name=name, password=password, city=city, locale=locale, country=country
    )
    organization_create(
        acting_user=user,
        name=organization_name or {"en": f"{user.name}'s organization"[:200]},
        region=region,
        country=user.country.code or "",
        locale=user.locale or settings.LANGUAGE_CODE,
    )
    return user


@transaction.atomic
def organization_member_set_role(
    *, acting_user: User, membership: Membership, role: str
) -> Membership:
    """Gives a member any role, owner included: owner by transferring ownership to them
    (owner only, the former owner becomes admin), the others by the role rules of every
    path (``membership_change_role``). The member's own role again changes nothing."""
    if role == membership.role:
        return membership
    if organization_role_is_owner(role):
        return organization_transfer_ownership(
            acting_user=acting_user, organization=membership.organization, new_owner=membership.user
        )
    return membership_change_role(acting_user=acting_user, membership=membership, role=role)
