"""REST API authentication by an API key/token pair: ``Authorization: Token <key>:<token>``."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed, Throttled
from rest_framework.request import Request

from accounts.api.throttling import AuthenticationFailureThrottle
from accounts.models import User
from accounts.services import api_token_authenticate

ERR_HEADER_MALFORMED = _(
    "Malformed Authorization header: send “Token <key>:<token>” with the key and token of an "
    "API token."
)
# One message for every refused pair: it must not tell which part was wrong.
ERR_PAIR_REFUSED = _("Invalid API key/token pair, or the token was revoked or has expired.")


class ApiTokenAuthentication(BaseAuthentication):
    """Authenticates as the user of a key/token pair (accounts.services.api_token_authenticate
    compares in constant time). Failures are counted per client address and throttled."""

    keyword = "Token"

    def authenticate(self, request: Request) -> tuple[User, Any] | None:
        words = get_authorization_header(request).split()
        if not words or words[0].lower() != self.keyword.lower().encode():
            return None
        throttle = AuthenticationFailureThrottle()
        if not throttle.allow_request(request, None):
            raise Throttled(throttle.wait())
        credentials = self._credentials(words)
        found = self.pair_owner(request, *credentials) if credentials else None
        if found is None:
            throttle.record_failure()
            raise AuthenticationFailed(ERR_PAIR_REFUSED if credentials else ERR_HEADER_MALFORMED)
        return found

    def pair_owner(self, request: Request, key: str, token: str) -> tuple[User, Any] | None:
        """(user, what the pair is) of a usable pair, or None: here an API token pair (the
        embed pairs of the organization domain override this)."""
        user = api_token_authenticate(key=key, token=token)
        return (user, None) if user is not None else None

    def authenticate_header(self, request: Request) -> str:
        # Makes refusals 401 (not 403) and tells clients the scheme.
        return f'{self.keyword} realm="api"'

    @staticmethod
    def _credentials(words: list[bytes]) -> tuple[str, str] | None:
        if len(words) != 2:
            return None
        try:
            key, separator, token = words[1].decode("ascii").partition(":")
        except UnicodeDecodeError:
            return None
        if not separator or not key or not token:
            return None
        return key, token


class ApiTokenAuthenticationScheme(OpenApiAuthenticationExtension):
    """Describes the header in the OpenAPI document (drf-spectacular finds it by import)."""

    target_class = ApiTokenAuthentication
    name = "apiToken"

    def get_security_definition(self, auto_schema) -> dict:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": (
                "An API key/token pair, as `Token <key>:<token>` (e.g. "
                "`Token 0b6a…e1:Zk3…`). Create one in Profile → API tokens or with "
                "`POST /api/v1/tokens/`; the token is shown once. The pair acts as its user."
            ),
        }
