"""The one view of the Core API: ``/0.1.0/<resource>`` for every verb the SDKs use.

The body's ``action`` decides what happens; the HTTP method only has to be one the SDKs
send (``X-HTTP-Method-Override`` is never read). Every answer of these routes is JSON in
Luzmo's shapes, errors included (404, 405 and 500 too). Writes run in one transaction, so a
create whose associations fail leaves nothing behind.
"""

import logging
from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt

from accounts import coreapi as accounts_coreapi
from accounts.coreapi import authenticate
from common.coreapi.body import Association, Call, credentials_given, parse_call, read_body
from common.coreapi.errors import (
    CoreApiError,
    answer,
    error_response,
    from_domain_error,
    invalid,
    server_error,
)
from common.coreapi.ratelimit import limit_anonymous_creations
from common.coreapi.resources import Context, Link, Resource
from common.errors import DomainError
from organizations import coreapi as organizations_coreapi
from organizations.selectors.organizations import effective_locale
from plugins import coreapi as plugins_coreapi

logger = logging.getLogger(__name__)

# The Python SDK posts everything; the Node SDK maps each action to a verb of its own.
# GET and PUT are accepted too, for hand-written clients; the body decides all the same.
HTTP_METHODS = ("POST", "SEARCH", "PATCH", "DELETE", "LINK", "UNLINK", "PUT", "GET")

ERR_ACTION_UNSUPPORTED = _("The %(resource)s resource has no %(action)s action.")
ERR_RESOURCE_UNKNOWN = _("Unknown resource “%(resource)s”.")
ERR_METHOD = _("Method %(method)s is not allowed; send one of: %(methods)s.")
ERR_CREDENTIALS_MISSING = _(
    "Give the key and token of an API key/token pair in the body (key, token)."
)
ERR_ID_REQUIRED = _("Give the id of the %(resource)s.")
ERR_ASSOCIATION_UNSUPPORTED = _("A %(resource)s can't be associated with %(role)s.")

_APPS = (organizations_coreapi, accounts_coreapi, plugins_coreapi)
RESOURCES: dict[str, Resource] = {
    resource.name: resource for app in _APPS for resource in app.RESOURCES
}
LINKS: dict[frozenset[str], Link] = {
    frozenset(link.between): link for app in _APPS for link in app.LINKS
}
DONE = {"code": 200}


@csrf_exempt
def core_api(request: HttpRequest, resource: str) -> HttpResponse:
    try:
        return _dispatch(request, resource)
    except CoreApiError as error:
        return error_response(error)
    except Exception:
        logger.exception("Core API call failed: %s /0.1.0/%s", request.method, resource)
        return error_response(server_error())


@csrf_exempt
def core_api_unknown(request: HttpRequest, path: str) -> HttpResponse:
    """Anything else under /0.1.0/ (a trailing slash, a capital, a deeper path): the same
    JSON 404 as an unknown resource, never Django's page nor a redirect."""
    return error_response(CoreApiError(404, ERR_RESOURCE_UNKNOWN % {"resource": path}))


def _dispatch(request: HttpRequest, resource_name: str) -> HttpResponse:
    if request.method not in HTTP_METHODS:
        raise CoreApiError(
            405,
            ERR_METHOD % {"method": request.method, "methods": ", ".join(HTTP_METHODS)},
            headers={"Allow": ", ".join(HTTP_METHODS)},
        )
    resource = RESOURCES.get(resource_name)
    if resource is None:
        raise CoreApiError(404, ERR_RESOURCE_UNKNOWN % {"resource": resource_name})
    body = read_body(request)
    call = parse_call(body)
    if call.action in ("associate", "dissociate"):
        _link(resource.name, call.association)
    elif not resource.supports(call.action):
        raise invalid(
            ERR_ACTION_UNSUPPORTED % {"resource": resource.name, "action": call.action},
            field="action",
        )
    user = None
    if credentials_given(body):
        user = authenticate(request, body)
        # The caller, for what runs after the view too: usage metering counts the call for
        # their active organization.
        request.user = user
    elif call.action in resource.anonymous_actions:
        limit_anonymous_creations(request)
    else:
        raise CoreApiError(401, ERR_CREDENTIALS_MISSING)
    context = Context(request=request, user=user)
    # Messages in the caller's language: their own, else their active organization's.
    language = effective_locale(user) if user is not None else translation.get_language()
    with translation.override(language):
        try:
            result = _perform(context, resource, call)
        except CoreApiError as error:
            return error_response(error)
        except DomainError as error:
            return error_response(from_domain_error(error, _field_names(resource, call)))
    if context.user is not None:
        # A user created without credentials is the caller from now on: usage metering
        # counts this call for their new organization.
        request.user = context.user
    return answer(result)


def _field_names(resource: Resource, call: Call) -> dict[str, str]:
    if call.association is not None:
        return _link(resource.name, call.association).field_names
    return resource.field_names


def _link(resource_name: str, association: Association) -> Link:
    link = LINKS.get(frozenset((resource_name, association.resource)))
    if link is None:
        raise invalid(
            ERR_ASSOCIATION_UNSUPPORTED % {"resource": resource_name, "role": association.resource},
            field="resource.role",
        )
    return link


def _required_id(resource: Resource, call: Call) -> str:
    if call.id is None:
        raise invalid(ERR_ID_REQUIRED % {"resource": resource.name}, field="id")
    return call.id


def _perform(context: Context, resource: Resource, call: Call) -> Any:
    if call.action == "get":
        return resource.get(context, call.find)
    with transaction.atomic():
        if call.action == "create":
            created = resource.create(context, call.properties)
            for association in call.associations:
                _associate(context, resource.name, str(created["id"]), association)
            return created
        if call.action == "update":
            return resource.update(context, _required_id(resource, call), call.properties)
        if call.action == "delete":
            resource.delete(context, _required_id(resource, call), call.properties)
            return DONE
        object_id = _required_id(resource, call)
        if call.action == "associate":
            # The link's flags: the call's properties, or those given with the resource.
            properties = {**call.association.properties, **call.properties}
            _associate(
                context,
                resource.name,
                object_id,
                Association(call.association.resource, call.association.id, properties),
            )
        else:
            link = _link(resource.name, call.association)
            link.dissociate(
                context,
                {resource.name: object_id, call.association.resource: call.association.id},
            )
        return DONE


def _associate(context: Context, resource_name: str, object_id: str, other: Association) -> None:
    link = _link(resource_name, other)
    link.associate(context, {resource_name: object_id, other.resource: other.id}, other.properties)
