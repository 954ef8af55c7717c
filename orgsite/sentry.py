"""Error reporting with Sentry, when ``SENTRY_DSN`` is set (settings.py calls
``sentry_init``).

No personal data is sent (``send_default_pii`` off: no user, cookie or client address), and
``before_send`` strips credentials from whatever is: the ``Authorization`` header, API key
and token fields (the Core API's body carries ``key`` and ``token``), passwords, session
and CSRF values, and any ``Token <key>:<token>`` written in a message, wherever they appear
in the event (request, local variables of the frames, breadcrumbs, extra data). Each event
is tagged with the request id of the log lines of the same request.
"""

import re
from typing import Any

import sentry_sdk
from sentry_sdk.integrations.django import DjangoIntegration

from common.request_context import current_request_id

FILTERED = "[Filtered]"
# Names (of headers, fields, variables) whose values are credentials, compared in lower case
# with "-" as "_".
SENSITIVE_NAMES = {
    "authorization",
    "proxy_authorization",
    "cookie",
    "set_cookie",
    "x_api_key",
    "key",
    "token",
    "api_key",
    "api_token",
    "password",
    "new_password1",
    "new_password2",
    "old_password",
    "secret",
    "secret_key",
    "sessionid",
    "csrftoken",
    "csrfmiddlewaretoken",
    "http_authorization",
    "http_cookie",
}
# "Token <key>:<token>" (the REST API's header) written out in a message or a string.
TOKEN_IN_TEXT = re.compile(r"(Token\s+)[^\s:\"']+:[^\s\"']+", re.IGNORECASE)
# A credential in a URL's query string, as in a request's repr ("GET '/x/?token=…'").
QUERY_CREDENTIAL_IN_TEXT = re.compile(
    r"([?&](?:key|token|api_key|api_token|password|secret)=)[^&\s\"']+", re.IGNORECASE
)


def _is_sensitive(name: Any) -> bool:
    return isinstance(name, str) and name.lower().replace("-", "_") in SENSITIVE_NAMES


def _scrub(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            name: FILTERED if _is_sensitive(name) else _scrub(item) for name, item in value.items()
        }
    if isinstance(value, list):
        # Headers may come as [name, value] pairs.
        if len(value) == 2 and _is_sensitive(value[0]):
            return [value[0], FILTERED]
        return [_scrub(item) for item in value]
    if isinstance(value, tuple):
        return tuple(_scrub(list(value)))
    if isinstance(value, str):
        value = TOKEN_IN_TEXT.sub(rf"\g<1>{FILTERED}", value)
        return QUERY_CREDENTIAL_IN_TEXT.sub(rf"\g<1>{FILTERED}", value)
    return value


def _scrub_query_string(query: str) -> str:
    pairs = []
    for pair in query.split("&"):
        name, separator, _value = pair.partition("=")
        pairs.append(f"{name}={FILTERED}" if separator and _is_sensitive(name) else pair)
    return "&".join(pairs)


def before_send(event: dict, hint: dict) -> dict:
    """Strips credentials from the event and tags it with the request id."""
    event = _scrub(event)
    request = event.get("request")
    if isinstance(request, dict) and isinstance(request.get("query_string"), str):
        request["query_string"] = _scrub_query_string(request["query_string"])
    request_id = current_request_id()
    if request_id:
        event.setdefault("tags", {})["request_id"] = request_id
    return event


def sentry_init(*, dsn: str, environment: str, traces_sample_rate: float, **options) -> None:
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        integrations=[DjangoIntegration()],
        send_default_pii=False,
        before_send=before_send,
        before_send_transaction=before_send,
        traces_sample_rate=traces_sample_rate,
        **options,
    )
