"""Associations of the organization domain, callable from either side (``organization`` +
``Users`` is ``user`` + ``Organizations``). Each calls the service that owns the rule."""

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _

from common.coreapi.resources import Link
from common.errors import InvalidInput, NotFound
from organizations.coreapi.flags import (
    access_level_from_flags,
    organization_role_from_flags,
    team_role_from_flags,
)
from organizations.coreapi.resources import PROFILE_FIELD_NAMES, profile_change
from organizations.coreapi.scope import (
    any_active_user,
    any_team,
    country_id_known,
    locale_id_known,
    organization_of_caller,
    securable_of_caller,
    team_of_caller,
    thumbnail_of_caller,
    user_of_caller,
)
from organizations.models import (
    Membership,
    Thumbnail,
)
from organizations.roles import TeamRole
from organizations.selectors.members import organization_membership
from organizations.services.membership import membership_leave, membership_remove
from organizations.services.organization import organization_member_set_role, organization_update
from organizations.services.securable import (
    securable_share_with_team,
    securable_share_with_user,
    securable_unshare,
)
from organizations.services.team import (
    team_member_add,
    team_member_change_role,
    team_member_remove,
)

ERR_NOT_ASSOCIATED = _("These two are not associated.")
ERR_NOT_A_MEMBER = _(
    "%(email)s is not a member of this organization. Existing users join by invitation."
)


def _associate_organization_user(context, ids, properties):
    """Sets a member's role from the link's flags (``flagOwn`` on another member transfers
    ownership). A user who is not a member can't be associated: that is what invitations
    are for."""
    organization = organization_of_caller(context, ids["organization"])
    user = user_of_caller(context, ids["user"])
    membership = organization_membership(organization, user)
    if membership is None:
        raise InvalidInput(ERR_NOT_A_MEMBER % {"email": user.email})
    organization_member_set_role(
        acting_user=context.user,
        membership=membership,
        role=organization_role_from_flags(membership.role, properties),
    )


def _dissociate_organization_user(context, ids):
    organization = organization_of_caller(context, ids["organization"])
    user = user_of_caller(context, ids["user"])
    if user.pk == context.user.pk:
        membership_leave(acting_user=context.user, organization=organization)
        # The caller's active organization may have moved to another of theirs.
        context.user.refresh_from_db(fields=["active_organization"])
        return
    membership = Membership.objects.filter(organization=organization, user=user).first()
    if membership is None:
        raise NotFound(ERR_NOT_ASSOCIATED)
    membership_remove(acting_user=context.user, membership=membership)


def _associate_organization_locale(context, ids, properties):
    organization_update(
        acting_user=context.user,
        organization=organization_of_caller(context, ids["organization"]),
        locale=locale_id_known(ids["locale"]),
    )


def _dissociate_organization_locale(context, ids):
    organization = organization_of_caller(context, ids["organization"])
    if organization.locale != locale_id_known(ids["locale"]):
        raise NotFound(ERR_NOT_ASSOCIATED)
    # An organization always has a language: without its own, the site's default.
    organization_update(
        acting_user=context.user, organization=organization, locale=settings.LANGUAGE_CODE
    )


def _associate_organization_country(context, ids, properties):
    organization_update(
        acting_user=context.user,
        organization=organization_of_caller(context, ids["organization"]),
        country=country_id_known(ids["country"]),
    )


def _dissociate_organization_country(context, ids):
    organization = organization_of_caller(context, ids["organization"])
    if organization.country.code != country_id_known(ids["country"]):
        raise NotFound(ERR_NOT_ASSOCIATED)
    organization_update(acting_user=context.user, organization=organization, country="")


def thumbnail_file(thumbnail: Thumbnail) -> ContentFile:
    """A copy of the thumbnail's image, to become a logo or an icon of its own."""
    with thumbnail.image.open("rb") as image:
        return ContentFile(image.read(), name=thumbnail.image.name)


def _associate_organization_thumbnail(context, ids, properties):
    organization = organization_of_caller(context, ids["organization"])
    thumbnail = thumbnail_of_caller(context, ids["thumbnail"])
    organization_update(
        acting_user=context.user, organization=organization, logo=thumbnail_file(thumbnail)
    )


def _dissociate_organization_thumbnail(context, ids):
    organization = organization_of_caller(context, ids["organization"])
    thumbnail_of_caller(context, ids["thumbnail"])
    if not organization.logo:
        raise NotFound(ERR_NOT_ASSOCIATED)
    organization_update(acting_user=context.user, organization=organization, logo=None)


def _associate_user_locale(context, ids, properties):
    profile_change(
        context, user_of_caller(context, ids["user"]), {"locale_id": locale_id_known(ids["locale"])}
    )


def _dissociate_user_locale(context, ids):
    user = user_of_caller(context, ids["user"])
    if user.locale != locale_id_known(ids["locale"]):
        raise NotFound(ERR_NOT_ASSOCIATED)
    profile_change(context, user, {"locale_id": ""})


def _associate_user_country(context, ids, properties):
    profile_change(
        context,
        user_of_caller(context, ids["user"]),
        {"country_id": country_id_known(ids["country"])},
    )


def _dissociate_user_country(context, ids):
    user = user_of_caller(context, ids["user"])
    if user.country.code != country_id_known(ids["country"]):
        raise NotFound(ERR_NOT_ASSOCIATED)
    profile_change(context, user, {"country_id": ""})


def _associate_group_user(context, ids, properties):
    team = team_of_caller(context, ids["group"])
    user = user_of_caller(context, ids["user"])
    role = team_role_from_flags(properties)
    if team.memberships.filter(user=user).exists():
        if role is not None:
            team_member_change_role(acting_user=context.user, team=team, user=user, role=role)
        return
    team_member_add(acting_user=context.user, team=team, user=user, role=role or TeamRole.MEMBER)


def _dissociate_group_user(context, ids):
    team_member_remove(
        acting_user=context.user,
        team=team_of_caller(context, ids["group"]),
        user=user_of_caller(context, ids["user"]),
    )


def _associate_securable_user(context, ids, properties):
    securable_share_with_user(
        acting_user=context.user,
        securable=securable_of_caller(context, ids["securable"]),
        email=any_active_user(ids["user"]).email,
        level=access_level_from_flags(properties),
    )


def _dissociate_securable_user(context, ids):
    securable_unshare(
        acting_user=context.user,
        securable=securable_of_caller(context, ids["securable"]),
        user=any_active_user(ids["user"]),
    )


def _associate_securable_group(context, ids, properties):
    securable_share_with_team(
        acting_user=context.user,
        securable=securable_of_caller(context, ids["securable"]),
        team=any_team(ids["group"]),
        level=access_level_from_flags(properties),
    )


def _dissociate_securable_group(context, ids):
    securable_unshare(
        acting_user=context.user,
        securable=securable_of_caller(context, ids["securable"]),
        team=any_team(ids["group"]),
    )


LINKS = (
    Link(
        ("organization", "user"),
        _associate_organization_user,
        _dissociate_organization_user,
        {"new_owner": "user"},
    ),
    Link(
        ("organization", "locale"),
        _associate_organization_locale,
        _dissociate_organization_locale,
        PROFILE_FIELD_NAMES,
    ),
    Link(
        ("organization", "country"),
        _associate_organization_country,
        _dissociate_organization_country,
        PROFILE_FIELD_NAMES,
    ),
    Link(
        ("organization", "thumbnail"),
        _associate_organization_thumbnail,
        _dissociate_organization_thumbnail,
        {"logo": "thumbnail"},
    ),
    Link(("user", "locale"), _associate_user_locale, _dissociate_user_locale, PROFILE_FIELD_NAMES),
    Link(
        ("user", "country"), _associate_user_country, _dissociate_user_country, PROFILE_FIELD_NAMES
    ),
    Link(("group", "user"), _associate_group_user, _dissociate_group_user),
    Link(("securable", "user"), _associate_securable_user, _dissociate_securable_user),
    Link(("securable", "group"), _associate_securable_group, _dissociate_securable_group),
)
