"""The accounts app's Core API: who calls (a key/token pair of the body), and resource
``authorization``, the caller's own API key/token pairs.

``create`` hands back a new pair (``id`` is the key, ``token`` the secret, shown this once),
``get`` lists the caller's usable pairs without their tokens, ``delete`` revokes one.
"""

from typing import Any

from django.http import HttpRequest
from django.utils.dateparse import parse_datetime
from django.utils.timezone import is_naive, make_aware
from django.utils.translation import gettext_lazy as _

from accounts.models import ApiToken, User
from accounts.services import api_token_authenticate, api_token_create, api_token_revoke
from common.coreapi.body import text_property
from common.coreapi.errors import CoreApiError
from common.coreapi.find import DATETIME, UUID, Field, Listing, run_find
from common.coreapi.ratelimit import AUTH_FAILURES
from common.coreapi.resources import Resource
from common.errors import InvalidInput
from common.ids import parse_uuid

# The only kind of pair orgsite issues; Luzmo's embed, SSO and temporary ones are not.
TOKEN_TYPE = "api"
DEFAULT_TOKEN_NAME = "Core API"

ERR_CREDENTIALS_WRONG = _("This key/token pair is not valid (unknown, revoked or expired).")
ERR_TYPE = _("Only api authorizations can be created here.")
ERR_EXPIRY = _("Give the expiry as an ISO 8601 date and time, e.g. 2030-01-31T12:00:00Z.")


def authenticate(request: HttpRequest, body: dict[str, Any]) -> User:
    """The user of the body's key/token pair (compared in constant time by the accounts
    service), or a 401. An address with too many recent failures gets a 429."""
    AUTH_FAILURES.check(request)
    key, token = body.get("key"), body.get("token")
    user = None
    if isinstance(key, str) and isinstance(token, str):
        user = api_token_authenticate(key=key, token=token)
    if user is None:
        AUTH_FAILURES.record(request)
        raise CoreApiError(401, ERR_CREDENTIALS_WRONG)
    return user


def authorization_answer(api_token: ApiToken, context=None) -> dict[str, Any]:
    """A pair without its token: only its hash is stored."""
    return {
        "id": api_token.pk,
        "type": TOKEN_TYPE,
        "name": api_token.name,
        "expiry": api_token.expires_at,
        "last_used_at": api_token.last_used_at,
        "created_at": api_token.created_at,
        "user_id": api_token.user_id,
    }


AUTHORIZATION_LISTING = Listing(
    fields={
        "id": Field("id", UUID),
        "name": Field("name"),
        "expiry": Field("expires_at", DATETIME),
        "last_used_at": Field("last_used_at", DATETIME),
        "created_at": Field("created_at", DATETIME),
    },
    attributes=("id", "type", "name", "expiry", "last_used_at", "created_at", "user_id"),
    answer=authorization_answer,
    ordering=("-created_at",),
)


def _expiry(properties: dict[str, Any]):
    expiry = properties.get("expiry")
    if expiry is None:
        return None
    moment = parse_datetime(expiry.replace("Z", "+00:00")) if isinstance(expiry, str) else None
    if moment is None:
        raise InvalidInput(ERR_EXPIRY, field="expiry")
    return make_aware(moment) if is_naive(moment) else moment


class AuthorizationResource(Resource):
    name = "authorization"
    field_names = {"expires_at": "expiry"}

    def get(self, context, find):
        rows = ApiToken.objects.usable().filter(user=context.user)
        return run_find(find, AUTHORIZATION_LISTING, rows, context)

    def create(self, context, properties):
        if text_property(properties, "type", default=TOKEN_TYPE) != TOKEN_TYPE:
            raise InvalidInput(ERR_TYPE, field="type")
        api_token, token = api_token_create(
            acting_user=context.user,
            name=text_property(properties, "name", default=DEFAULT_TOKEN_NAME),
            expires_at=_expiry(properties),
        )
        return {**authorization_answer(api_token), "token": token}

    def delete(self, context, id, properties):
        # A key that is no UUID names none of the caller's pairs: a 404 like any other.
        api_token_revoke(acting_user=context.user, api_token_id=parse_uuid(id))


RESOURCES = (AuthorizationResource(),)
LINKS = ()
