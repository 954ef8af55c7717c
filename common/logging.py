"""A logging filter that keeps secrets out of log records.

Django's request logger writes the path of every 4xx and 5xx answer, its development server
the request line of every request: an invitation link's path holds the token that lets
anyone sign up as the invitee, a password reset link's the token that sets a password. The
filter rewrites each record's message (and its formatted traceback) with those tokens, and
the values of secret query parameters, headers and JSON fields, masked.
"""

import logging
import re

MASK = "********"

_UUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
# A path separator, plain or percent-encoded (a path inside ?next=…).
_SLASH = r"(?:/|%2[fF])"
# One path segment or parameter value: up to the next separator, quote or space.
_VALUE = r"[^/?#&\s\"'%]+(?:%(?!2[fF])[0-9a-fA-F]{2}[^/?#&\s\"'%]*)*"

SECRET_PATTERNS = [
    # /invitations/<token>/ (not the organization's /invitations/<uuid>/ of the UI and API).
    re.compile(rf"(invitations{_SLASH})(?!{_UUID}(?![\w-])){_VALUE}"),
    # /password-reset/<uidb64>/<token>/ (not …/set-password/, where Django moved it away).
    re.compile(rf"(password-reset{_SLASH}{_VALUE}{_SLASH})(?!set-password(?![\w-])){_VALUE}"),
    # ?token=…, &invitation=…, password=…: parameters that carry a secret.
    re.compile(
        r"((?:^|[?&;\s\"'])(?:token|invitation|key|password|new_password\d?|old_password|"
        r"secret|api_key|csrfmiddlewaretoken)=)" + _VALUE,
        re.IGNORECASE,
    ),
    # The REST API's "Authorization: Token <key>:<token>".
    re.compile(r"(\bToken\s+[\w-]+:)[\w-]+"),
    # "token": "…", "password": "…" in a logged JSON body or dict.
    re.compile(
        r"""(["'](?:token|password|secret|key|api_key)["']\s*:\s*["'])[^"']*""", re.IGNORECASE
    ),
]


def mask_secrets(text: str) -> str:
    """The text with every secret the patterns know masked."""
    for pattern in SECRET_PATTERNS:
        text = pattern.sub(lambda match: match.group(1) + MASK, text)
    return text


class SecretMaskingFilter(logging.Filter):
    """Masks secrets in the record, once, for every handler after it; never drops one."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a record whose arguments don't fit: leave it to the formatter
            return True
        record.msg, record.args = mask_secrets(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_secrets(record.exc_text)
        return True
