"""What every page of the browser UI shares: calling a service and mapping its refusal.

Services raise ``common.errors.DomainError``; the browser UI maps them here, once: a
missing object is the 404 page, a refused permission the 403 page, any other refusal a
field error on the form when the error names one of its fields, else a flash message.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied as PermissionDeniedPage
from django.http import Http404, HttpRequest
from django.utils.encoding import force_str
from django.utils.http import url_has_allowed_host_and_scheme

from common.errors import DomainError, NotFound, PermissionDenied


@dataclass(frozen=True)
class Outcome:
    ok: bool
    value: Any = None


def perform(
    request: HttpRequest,
    service: Callable[..., Any],
    /,
    *,
    form: forms.BaseForm | None = None,
    **arguments: Any,
) -> Outcome:
    """Calls ``service(**arguments)``. A form may rename the services' field names to its own
    with a ``service_fields`` mapping (e.g. ``{"name": "name_en"}``)."""
    try:
        return Outcome(ok=True, value=service(**arguments))
    except NotFound as error:
        raise Http404(force_str(error.message)) from error
    except PermissionDenied as error:
        raise PermissionDeniedPage(force_str(error.message)) from error
    except DomainError as error:
        field = getattr(form, "service_fields", {}).get(error.field, error.field)
        if form is not None and field in form.fields:
            form.add_error(field, force_str(error.message))
        else:
            messages.error(request, error.message)
        return Outcome(ok=False)


def safe_next_url(request: HttpRequest, fallback: str) -> str:
    """The ``next`` parameter when it points into this site, else ``fallback``."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return fallback
