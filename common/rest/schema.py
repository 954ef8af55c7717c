"""The OpenAPI description's conventions: every error response documents the one error
shape, and the errors any authenticated endpoint can give (401, 429) are added to all."""

from django.conf import settings
from drf_spectacular import openapi
from drf_spectacular.utils import OpenApiResponse
from rest_framework.permissions import AllowAny

from common.rest.exceptions import ErrorSerializer

LANGUAGE_CHOICES = list(settings.LANGUAGES)

ERROR_DESCRIPTIONS = {
    400: "Invalid input: `fields` names the fields in error, `message` says why.",
    401: "No credentials, or a key/token pair that is wrong, revoked or expired.",
    403: "Your role in this organization does not allow this.",
    404: (
        "Not found: unknown, or outside your reach (an organization you don't belong to, "
        "an object of another organization)."
    ),
    429: "Too many requests (authentication failures from your address, or invitations).",
}


def error_response(status: int) -> OpenApiResponse:
    return OpenApiResponse(ErrorSerializer, description=ERROR_DESCRIPTIONS[status])


def with_errors(responses: dict, *statuses: int) -> dict:
    """An ``extend_schema`` responses dict: the success responses and the listed errors."""
    return {**responses, **{status: error_response(status) for status in statuses}}


class AutoSchema(openapi.AutoSchema):
    def _get_response_bodies(self, direction="response") -> dict:
        responses = super()._get_response_bodies(direction)
        if direction != "response" or AllowAny in self._permission_classes():
            return responses
        # Any authenticated endpoint refuses missing or bad credentials, and throttles an
        # address whose token authentications keep failing.
        for status in (401, 429):
            responses.setdefault(
                str(status),
                self._get_response_for_code(error_response(status), str(status), None, direction),
            )
        return responses

    def _permission_classes(self) -> list[type]:
        return [type(permission) for permission in self.view.get_permissions()]
