"""The REST API's one error shape, produced for every refusal:

    {"error": {"code": "invalid", "message": "…", "fields": {"email": ["…"]}}}

``code`` is machine-readable (``invalid``, ``permission_denied``, ``not_found``,
``not_authenticated``, ``authentication_failed``, ``throttled``, ``method_not_allowed``, …),
``message`` is for people, in the request's language, and ``fields`` maps the request fields
in error (dotted paths for nested ones) to their messages; it is empty when no field is to
blame. Domain errors of the service layer map to 400, 403 and 404 here, once. Any other
exception is a 500 in the same shape, its traceback logged but never answered.
"""

import logging
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.utils.encoding import force_str
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler, set_rollback

from common import errors

ERR_INVALID_FIELDS = _("Some fields are not valid; see the messages of each field.")
ERR_SERVER = _("Something went wrong on our side; nothing was changed. Try again later.")

logger = logging.getLogger(__name__)

DOMAIN_ERROR_CODES: dict[type[errors.DomainError], str] = {
    errors.InvalidInput: "invalid",
    errors.PermissionDenied: "permission_denied",
    errors.NotFound: "not_found",
}


def error_body(code: str, message: Any, fields: dict[str, list[str]] | None = None) -> dict:
    return {"error": {"code": code, "message": force_str(message), "fields": fields or {}}}


def api_exception_handler(exc: Exception, context: dict) -> Response | None:
    """Renders domain errors and DRF's own errors in the one error shape; anything else is
    a 500 in that shape too (rolled back, logged with its traceback, answered without)."""
    if isinstance(exc, errors.DomainError):
        set_rollback()
        code = next(
            (code for kind, code in DOMAIN_ERROR_CODES.items() if isinstance(exc, kind)),
            "invalid",
        )
        fields = {exc.field: [force_str(exc.message)]} if exc.field else {}
        return Response(error_body(code, exc.message, fields), status=exc.status_code)

    # DRF's handler sets the headers (WWW-Authenticate, Retry-After) and rolls back.
    response = exception_handler(exc, context)
    if response is None:
        set_rollback()
        request = context.get("request")
        logger.exception(
            "REST API call failed: %s %s",
            getattr(request, "method", "?"),
            getattr(request, "path", "?"),
            exc_info=exc,
        )
        return Response(error_body("server_error", ERR_SERVER), status=500)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    if isinstance(exc, exceptions.ValidationError):
        general, fields = _split_validation_detail(exc.detail)
        message = " ".join(general) if general else ERR_INVALID_FIELDS
        response.data = error_body("invalid", message, fields)
    else:
        code = getattr(exc.detail, "code", None) or exc.default_code
        response.data = error_body(code, exc.detail)
    return response


def _split_validation_detail(detail: Any) -> tuple[list[str], dict[str, list[str]]]:
    """Messages that concern no field, and the messages of each field by dotted path."""
    general: list[str] = []
    fields: dict[str, list[str]] = {}
    for path, messages in _flatten(detail, ""):
        if path in ("", api_settings.NON_FIELD_ERRORS_KEY):
            general.extend(messages)
        else:
            fields.setdefault(path, []).extend(messages)
    return general, fields


def _flatten(detail: Any, path: str):
    if isinstance(detail, dict):
        for key, value in detail.items():
            yield from _flatten(value, f"{path}.{key}" if path else str(key))
    elif isinstance(detail, list) and all(not isinstance(item, dict | list) for item in detail):
        yield path, [force_str(item) for item in detail]
    elif isinstance(detail, list):
        # Errors of a list of objects: one entry per item, empty for the valid ones.
        for index, item in enumerate(detail):
            yield from _flatten(item, f"{path}.{index}" if path else str(index))
    else:
        yield path, [force_str(detail)]


class ErrorBodySerializer(serializers.Serializer):
    """Documents the error shape (never used to validate)."""

    def get_fields(self) -> dict[str, serializers.Field]:
        # "fields" can't be declared as a class attribute: Serializer.fields is taken.
        return {
            "code": serializers.CharField(
                help_text=(
                    "Machine-readable: invalid, permission_denied, not_found, "
                    "not_authenticated, authentication_failed, throttled, "
                    "method_not_allowed, unsupported_media_type, parse_error, server_error."
                )
            ),
            "message": serializers.CharField(help_text="For people, in the request's language."),
            "fields": serializers.DictField(
                child=serializers.ListField(child=serializers.CharField()),
                help_text=(
                    "The request fields in error (dotted paths for nested ones) and their "
                    "messages; empty when no field is to blame."
                ),
            ),
        }


class ErrorSerializer(serializers.Serializer):
    error = ErrorBodySerializer()
