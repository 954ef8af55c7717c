"""Plugins: those available to the active organization, the user's own (with their secret),
the others they may use; create, associate with the active organization or dissociate,
and, for their creator, edit and delete."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied as PermissionDeniedPage
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.encoding import force_str
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.paging import redirect_to_place, uncounted_page_of
from common.ui import perform
from organizations.views.common import organization_page
from plugins.forms import PluginForm
from plugins.models import Plugin
from plugins.selectors import plugin_for_user, plugins_in_view_of
from plugins.services import (
    ERR_CREATOR_ONLY,
    plugin_associate,
    plugin_create,
    plugin_delete,
    plugin_dissociate,
    plugin_update,
)

# One page of the plugins the user may use, in slug order, shown in its three sections.
# 100, not the member lists' 50: a plugin's row is small, and most people see few plugins.
PLUGINS_PER_PAGE = 100


def _plugins_page(request: HttpRequest, create_form: PluginForm | None = None) -> HttpResponse:
    visible = uncounted_page_of(
        request,
        plugins_in_view_of(request.user, organization=request.organization),
        per_page=PLUGINS_PER_PAGE,
    )
    context = {
        "page": visible,
        "available": [plugin for plugin in visible if plugin.is_available],
        "mine": [plugin for plugin in visible if plugin.is_mine],
        "others": [plugin for plugin in visible if not plugin.is_mine and not plugin.is_available],
        "create_form": create_form or PluginForm(language=request.LANGUAGE_CODE),
        "create_form_open": create_form is not None,
    }
    return render(request, "plugins/plugins.html", context)


@require_GET
@organization_page
def plugins(request: HttpRequest) -> HttpResponse:
    return _plugins_page(request)


@require_POST
@organization_page
def plugin_new(request: HttpRequest) -> HttpResponse:
    form = PluginForm(request.POST, language=request.LANGUAGE_CODE)
    if form.is_valid():
        outcome = perform(
            request, plugin_create, form=form, acting_user=request.user, **form.service_arguments()
        )
        if outcome.ok:
            messages.success(
                request,
                _("Plugin %(name)s created: only you can use it until you make it available.")
                % {"name": outcome.value.display_name},
            )
            return redirect("plugins")
    return _plugins_page(request, create_form=form)


def _plugin(request: HttpRequest, plugin_id) -> Plugin:
    return perform(request, plugin_for_user, user=request.user, plugin_id=plugin_id).value


@require_http_methods(["GET", "POST"])
@organization_page
def plugin_edit(request: HttpRequest, plugin_id) -> HttpResponse:
    plugin = _plugin(request, plugin_id)
    if not plugin.is_mine:
        raise PermissionDeniedPage(force_str(ERR_CREATOR_ONLY))
    form = PluginForm(request.POST or None, language=request.LANGUAGE_CODE, instance=plugin)
    if request.method == "POST" and form.is_valid():
        outcome = perform(
            request,
            plugin_update,
            form=form,
            acting_user=request.user,
            plugin=plugin,
            **form.service_arguments(),
        )
        if outcome.ok:
            messages.success(request, _("The changes were saved."))
            return redirect("plugins")
    return render(request, "plugins/plugin.html", {"plugin": plugin, "form": form})


@require_POST
@organization_page
def plugin_delete_view(request: HttpRequest, plugin_id) -> HttpResponse:
    plugin = _plugin(request, plugin_id)
    if perform(request, plugin_delete, acting_user=request.user, plugin=plugin).ok:
        messages.success(request, _("Plugin %(name)s deleted.") % {"name": plugin.display_name})
    return redirect_to_place(request, "plugins")


@require_POST
@organization_page
def plugin_associate_view(request: HttpRequest, plugin_id) -> HttpResponse:
    plugin = _plugin(request, plugin_id)
    outcome = perform(
        request,
        plugin_associate,
        acting_user=request.user,
        plugin=plugin,
        organization=request.organization,
    )
    if outcome.ok:
        messages.success(
            request,
            _("Plugin %(name)s is available to everyone in %(organization)s.")
            % {"name": plugin.display_name, "organization": request.organization.display_name},
        )
    return redirect_to_place(request, "plugins")


@require_POST
@organization_page
def plugin_dissociate_view(request: HttpRequest, plugin_id) -> HttpResponse:
    plugin = _plugin(request, plugin_id)
    outcome = perform(
        request,
        plugin_dissociate,
        acting_user=request.user,
        plugin=plugin,
        organization=request.organization,
    )
    if outcome.ok:
        messages.success(
            request,
            _("Plugin %(name)s is no longer available in %(organization)s.")
            % {"name": plugin.display_name, "organization": request.organization.display_name},
        )
    return redirect_to_place(request, "plugins")
