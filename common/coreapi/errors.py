"""How the Core API answers: success as JSON, every refusal in Luzmo's error shape

    {"type": {"code": 400, "description": "Bad Request"}, "message": "…",
     "validation": {"email": ["…"]}}

Domain errors of the service layer map here, once: InvalidInput → 400, PermissionDenied →
403, NotFound → 404.
"""

import http
import json
import uuid
from datetime import UTC, datetime
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse, StreamingHttpResponse
from django.utils.encoding import force_str
from django.utils.translation import gettext_lazy as _

from common.coreapi.streaming import StreamedRows, json_pieces
from common.errors import DomainError

ERR_SERVER = _("Something went wrong on our side; nothing was changed. Try again later.")


class CoreApiError(Exception):
    """A refusal of the protocol itself (body, credentials, method, resource, action)."""

    def __init__(
        self,
        status: int,
        message: Any,
        *,
        validation: dict[str, list[Any]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(force_str(message))
        self.status = status
        self.message = message
        self.validation = validation
        self.headers = headers or {}


def invalid(message: Any, *, field: str | None = None) -> CoreApiError:
    """A 400, with ``validation`` naming the field at fault when there is one."""
    return CoreApiError(400, message, validation={field: [message]} if field else None)


def from_domain_error(error: DomainError, field_names: dict[str, str]) -> CoreApiError:
    """A service's refusal as a Core API error; ``field_names`` renames the services' field
    names to the Core API's (``locale`` → ``locale_id``)."""
    field = field_names.get(error.field, error.field) if error.field else None
    return CoreApiError(
        error.status_code,
        error.message,
        validation={field: [error.message]} if field else None,
    )


def server_error() -> CoreApiError:
    return CoreApiError(500, ERR_SERVER)


class CoreApiJSONEncoder(DjangoJSONEncoder):
    """Timestamps as Luzmo writes them: UTC with milliseconds, always
    (``2020-01-01T11:11:27.370Z``); the rest as Django's encoder (UUIDs as strings)."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime):
            moment = o.astimezone(UTC) if o.tzinfo is not None else o
            return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
        return super().default(o)


def _json(data: Any, status: int) -> HttpResponse:
    return HttpResponse(_encode(data), status=status, content_type="application/json")


class _StreamingJSONEncoder(CoreApiJSONEncoder):
    """Writes each ``StreamedRows`` as a marker (a text no row can hold: control characters
    around a random nonce) and keeps the lists, to be sent in its place."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.streamed: list[StreamedRows] = []
        self.nonce = uuid.uuid4().hex

    def marker(self, index: int) -> str:
        return f"\x00streamed-{self.nonce}-{index}\x00"

    def default(self, o: Any) -> Any:
        if isinstance(o, StreamedRows):
            self.streamed.append(o)
            return self.marker(len(self.streamed) - 1)
        return super().default(o)


def _encode(data: Any) -> str:
    return json.dumps(data, cls=CoreApiJSONEncoder, ensure_ascii=False)


def answer(data: Any) -> HttpResponse | StreamingHttpResponse:
    """Success: 200 with a JSON body (the Node SDK parses nothing else), streamed when the
    data holds rows to be read as they are sent (``streaming.StreamedRows``)."""
    encoder = _StreamingJSONEncoder(ensure_ascii=False)
    text = encoder.encode(data)
    if not encoder.streamed:
        return HttpResponse(text, status=200, content_type="application/json")
    parts = []
    for index in range(len(encoder.streamed)):
        before, text = text.split(json.dumps(encoder.marker(index)), 1)
        parts.append(before)
    parts.append(text)
    return StreamingHttpResponse(
        json_pieces(parts, encoder.streamed, _encode), content_type="application/json"
    )


def error_response(error: CoreApiError) -> HttpResponse:
    body: dict[str, Any] = {
        "type": {"code": error.status, "description": http.HTTPStatus(error.status).phrase},
        "message": force_str(error.message),
    }
    if error.validation:
        body["validation"] = {
            name: [force_str(message) for message in messages]
            for name, messages in error.validation.items()
        }
    response = _json(body, error.status)
    for header, value in error.headers.items():
        response[header] = value
    return response
