"""The organization domain's resources: organization, user, group (teams), securable,
thumbnail, and the locale and country catalogues. Each action reads the call's properties and
calls one service or selector."""

import base64
import binascii
from typing import Any

from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.services import api_token_create
from common.coreapi.body import (
    ERR_NOT_A_STRING,
    UNSET,
    localized_property,
    object_property,
    text_property,
)
from common.coreapi.errors import CoreApiError
from common.coreapi.find import run_catalogue_find, run_find
from common.coreapi.resources import Resource
from common.errors import InvalidInput
from organizations.coreapi.answers import (
    group_answer,
    organization_answer,
    securable_answer,
    thumbnail_answer,
    user_answer,
)
from organizations.coreapi.listings import (
    COUNTRY_LISTING,
    GROUP_LISTING,
    LOCALE_LISTING,
    ORGANIZATION_LISTING,
    SECURABLE_LISTING,
    THUMBNAIL_LISTING,
    USER_LISTING,
    countries_catalogue,
    locales_catalogue,
)
from organizations.coreapi.scope import (
    active_organization,
    organization_of_caller,
    organizations_of_caller,
    securable_of_caller,
    team_of_caller,
    teams_of_caller,
    thumbnail_of_caller,
    thumbnails_of_caller,
    user_of_caller,
    users_of_caller,
)
from organizations.selectors.securables import securables_visible_to
from organizations.services.membership import member_profile_update, user_create_in_organization
from organizations.services.organization import (
    DEFAULT_REGION,
    organization_delete,
    organization_update,
    user_create_with_organization,
)
from organizations.services.securable import (
    securable_create,
    securable_delete,
    securable_update,
)
from organizations.services.team import (
    team_create,
    team_delete,
    team_rename,
)
from organizations.services.thumbnail import thumbnail_create, thumbnail_delete

ERR_ORGANIZATION_CREATE = _(
    "Organizations are created with their first user: create a user without credentials."
)
ERR_NOT_UPDATABLE = _("The %(field)s can't be changed through the Core API.")
ERR_THUMBNAIL_DATA = _("Give the image as base64 in data (PNG, JPEG or WebP).")

# The name of the key/token pair handed back with a user created through the Core API.
CORE_API_TOKEN_NAME = "Core API"
# Service field names → Core API property names, for ``validation``.
PROFILE_FIELD_NAMES = {"locale": "locale_id", "country": "country_id"}


class OrganizationResource(Resource):
    name = "organization"
    field_names = PROFILE_FIELD_NAMES

    def get(self, context, find):
        return run_find(find, ORGANIZATION_LISTING, organizations_of_caller(context), context)

    def create(self, context, properties):
        raise CoreApiError(400, ERR_ORGANIZATION_CREATE)

    def update(self, context, id, properties):
        organization = organization_of_caller(context, id)
        changes = {
            "name": localized_property(properties, "name"),
            "locale": text_property(properties, "locale_id"),
            "country": text_property(properties, "country_id"),
            "region": text_property(properties, "region"),
        }
        organization_update(
            acting_user=context.user,
            organization=organization,
            **{name: value for name, value in changes.items() if value is not UNSET},
        )
        return organization_answer(organization_of_caller(context, id), context)

    def delete(self, context, id, properties):
        organization_delete(
            acting_user=context.user, organization=organization_of_caller(context, id)
        )
        # The caller's active organization moved to another of theirs (or none).
        context.user.refresh_from_db(fields=["active_organization"])


def _profile_properties(properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": text_property(properties, "name", default=""),
        "city": text_property(properties, "city", default=""),
        "locale": text_property(properties, "locale_id", default=""),
        "country": text_property(properties, "country_id", default=""),
    }


def _user_with_plan(context, user: User) -> dict[str, Any]:
    """The user as stored now, with the plan of the organization they are read through."""
    user = user_of_caller(context, user.pk)
    return user_answer(user, user.core_api_plan)


class UserResource(Resource):
    name = "user"
    anonymous_actions = frozenset({"create"})
    field_names = PROFILE_FIELD_NAMES

    def get(self, context, find):
        return run_find(find, USER_LISTING, users_of_caller(context), context)

    def create(self, context, properties):
        email = text_property(properties, "email", default="")
        password = text_property(properties, "password", default="") or None
        profile = _profile_properties(properties)
        if context.user is None:
            user = user_create_with_organization(
                email=email,
                password=password,
                organization_name=localized_property(properties, "organization_name", default=None),
                region=text_property(properties, "region", default=DEFAULT_REGION),
                **profile,
            )
            # The rest of this call (its associations) acts as the new user.
            context.user = user
        else:
            user = user_create_in_organization(
                acting_user=context.user,
                organization=active_organization(context),
                email=email,
                password=password,
                role=text_property(properties, "role", default="member"),
                **profile,
            )
        api_token, token = api_token_create(acting_user=user, name=CORE_API_TOKEN_NAME)
        answer = user_answer(user, user.active_organization.plan.code)
        answer["authorization"] = {"id": api_token.pk, "token": token}
        return answer

    def update(self, context, id, properties):
        user = user_of_caller(context, id)
        for field in ("email", "password"):
            if field in properties:
                raise InvalidInput(ERR_NOT_UPDATABLE % {"field": field}, field=field)
        profile_change(context, user, properties)
        return _user_with_plan(context, user)


def profile_change(context, user: User, properties: dict[str, Any]) -> None:
    """Changes the profile fields given, keeping the others: one's own, or (owner) a
    member's."""
    current = {
        "name": user.name,
        "city": user.city,
        "locale": user.locale,
        "country": user.country.code or "",
    }
    given = {
        "name": text_property(properties, "name"),
        "city": text_property(properties, "city"),
        "locale": text_property(properties, "locale_id"),
        "country": text_property(properties, "country_id"),
    }
    profile = {name: current[name] if value is UNSET else value for name, value in given.items()}
    member_profile_update(acting_user=context.user, user=user, **profile)


def _text_or_localized_name(properties: dict[str, Any]) -> Any:
    """A team's name: plain text in orgsite; Luzmo's localized object gives its English (or
    first) text."""
    name = properties.get("name")
    if isinstance(name, dict):
        name = name.get("en") or next(iter(name.values()), "")
    if name is not None and not isinstance(name, str):
        raise InvalidInput(ERR_NOT_A_STRING, field="name")
    return name or ""


class GroupResource(Resource):
    name = "group"

    def get(self, context, find):
        return run_find(find, GROUP_LISTING, teams_of_caller(context), context)

    def create(self, context, properties):
        team = team_create(
            acting_user=context.user,
            organization=active_organization(context),
            name=_text_or_localized_name(properties),
        )
        return group_answer(team)

    def update(self, context, id, properties):
        team = team_of_caller(context, id)
        if "name" in properties:
            team = team_rename(
                acting_user=context.user, team=team, name=_text_or_localized_name(properties)
            )
        return group_answer(team)

    def delete(self, context, id, properties):
        team_delete(acting_user=context.user, team=team_of_caller(context, id))


class SecurableResource(Resource):
    name = "securable"

    def get(self, context, find):
        return run_find(find, SECURABLE_LISTING, securables_visible_to(context.user), context)

    def create(self, context, properties):
        securable = securable_create(
            acting_user=context.user,
            organization=active_organization(context),
            type=text_property(properties, "type", default=""),
            name=localized_property(properties, "name", default=None),
            description=object_property(properties, "description", default=None),
            contents=object_property(properties, "contents", default=None),
        )
        return securable_answer(securable_of_caller(context, securable.pk))

    def update(self, context, id, properties):
        securable = securable_of_caller(context, id)
        changes = {
            "name": localized_property(properties, "name"),
            "description": object_property(properties, "description"),
            "contents": object_property(properties, "contents"),
        }
        securable_update(
            acting_user=context.user,
            securable=securable,
            **{name: value for name, value in changes.items() if value is not UNSET},
        )
        return securable_answer(securable_of_caller(context, id))

    def delete(self, context, id, properties):
        securable_delete(acting_user=context.user, securable=securable_of_caller(context, id))


def _image_bytes(data: Any) -> bytes:
    """The bytes of base64 ``data``, with or without a ``data:image/…;base64,`` prefix."""
    if not isinstance(data, str) or not data.strip():
        raise InvalidInput(ERR_THUMBNAIL_DATA, field="data")
    if data.startswith("data:") and "," in data:
        data = data.split(",", 1)[1]
    try:
        return base64.b64decode("".join(data.split()), validate=True)
    except (binascii.Error, ValueError) as error:
        raise InvalidInput(ERR_THUMBNAIL_DATA, field="data") from error


class ThumbnailResource(Resource):
    name = "thumbnail"
    # The logo rules name their field "logo"; here the image is the data property.
    field_names = {"logo": "data"}

    def get(self, context, find):
        return run_find(find, THUMBNAIL_LISTING, thumbnails_of_caller(context), context)

    def create(self, context, properties):
        thumbnail = thumbnail_create(
            acting_user=context.user,
            organization=active_organization(context),
            image=_image_bytes(properties.get("data")),
        )
        return thumbnail_answer(thumbnail, context)

    def delete(self, context, id, properties):
        thumbnail_delete(acting_user=context.user, thumbnail=thumbnail_of_caller(context, id))


class LocaleResource(Resource):
    """The languages orgsite speaks (read-only)."""

    name = "locale"

    def get(self, context, find):
        return run_catalogue_find(find, LOCALE_LISTING, locales_catalogue())


class CountryResource(Resource):
    """ISO 3166 countries (read-only)."""

    name = "country"

    def get(self, context, find):
        return run_catalogue_find(find, COUNTRY_LISTING, countries_catalogue())
