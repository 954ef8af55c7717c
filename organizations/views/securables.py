"""Dashboards and Datasets: what the user may see in the active organization and what was
shared with them from other organizations, each with their level; create, edit, delete,
and the Share page (people by e-mail, teams, levels, current shares).

Both sections are the same pages over a securable type; the URL names the section.
"""

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied as PermissionDeniedPage
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.encoding import force_str
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import User
from common.paging import redirect_to_place, uncounted_page_of
from common.ui import perform
from organizations.forms.securables import SecurableForm, ShareWithTeamForm, ShareWithUserForm
from organizations.metering import usage_record
from organizations.models import Securable, SecurableType, Team
from organizations.roles import AccessLevel, Capability
from organizations.securable_access import (
    ERR_LEVEL_TOO_LOW,
    LEVEL_TO_DELETE,
    LEVEL_TO_EDIT,
    LEVEL_TO_SHARE,
)
from organizations.selectors.securables import (
    securable_for_user,
    securable_shares,
    securables_list,
    share_team_candidates,
)
from organizations.services.securable import (
    securable_create,
    securable_delete,
    securable_share_change,
    securable_share_with_team,
    securable_share_with_user,
    securable_unshare,
    securable_update,
)
from organizations.views.common import may, organization_page, require

SECURABLES_PER_PAGE = 25
# People and teams a securable is shared with, each list paged on its own.
SHARES_PER_PAGE = 50

# What each section lists, and its words: whole sentences per type, since languages don't
# build them the same way around "dashboard" and "dataset".
SECTIONS = {
    "dashboards": {
        "type": SecurableType.DASHBOARD,
        "title": gettext_lazy("Dashboards"),
        "create": gettext_lazy("Create a dashboard"),
        "empty": gettext_lazy(
            "No dashboards yet: none of this organization's, and none shared with you."
        ),
        "created": gettext_lazy("Dashboard %(name)s created."),
        "deleted": gettext_lazy("Dashboard %(name)s deleted."),
    },
    "datasets": {
        "type": SecurableType.DATASET,
        "title": gettext_lazy("Datasets"),
        "create": gettext_lazy("Create a dataset"),
        "empty": gettext_lazy(
            "No datasets yet: none of this organization's, and none shared with you."
        ),
        "created": gettext_lazy("Dataset %(name)s created."),
        "deleted": gettext_lazy("Dataset %(name)s deleted."),
    },
}


def _with_actions(securable: Securable) -> Securable:
    """The actions a page offers, at the levels that the services require, so that a page
    offers only what will be accepted."""
    securable.level = AccessLevel(securable.access_level)
    securable.may_edit = securable.level >= LEVEL_TO_EDIT
    securable.may_share = securable.level >= LEVEL_TO_SHARE
    securable.may_delete = securable.level >= LEVEL_TO_DELETE
    return securable


def _securable(
    request: HttpRequest, section: str, securable_id, min_level: AccessLevel = AccessLevel.READ
) -> Securable:
    """The securable, as the section's list shows it: of the section's type, of the active
    organization or shared from one the user doesn't belong to. Else a 404; a 403 below
    ``min_level``."""
    securable = perform(
        request,
        securable_for_user,
        user=request.user,
        securable_id=securable_id,
        min_level=min_level,
        type=SECTIONS[section]["type"],
        in_view_of=request.organization,
    ).value
    return _with_actions(securable)


def _list_page(
    request: HttpRequest, section: str, create_form: SecurableForm | None = None
) -> HttpResponse:
    texts = SECTIONS[section]
    securables = securables_list(request.user, in_view_of=request.organization, type=texts["type"])
    # Previous and Next, without counting all that the user may see on every page.
    page = uncounted_page_of(request, securables, per_page=SECURABLES_PER_PAGE)
    for securable in page:
        _with_actions(securable)
    context = {"section": section, "texts": texts, "page": page}
    if may(request, Capability.CREATE_SECURABLES):
        context["create_form"] = create_form or SecurableForm(
            type=texts["type"], language=request.LANGUAGE_CODE
        )
        context["create_form_open"] = create_form is not None
    return render(request, "organizations/securables.html", context)


def _section_list(section: str):
    # A view of its own for each section, with no URL arguments: switching organizations
    # stays on such a page (see sections.organization_switch).
    @require_GET
    @organization_page
    def section_list(request: HttpRequest) -> HttpResponse:
        return _list_page(request, section)

    section_list.__name__ = section
    return section_list


dashboards = _section_list("dashboards")
datasets = _section_list("datasets")


@require_POST
@organization_page
def securable_new(request: HttpRequest, section: str) -> HttpResponse:
    require(request, Capability.CREATE_SECURABLES)
    texts = SECTIONS[section]
    form = SecurableForm(request.POST, type=texts["type"], language=request.LANGUAGE_CODE)
    if form.is_valid():
        outcome = perform(
            request,
            securable_create,
            form=form,
            acting_user=request.user,
            organization=request.organization,
            type=texts["type"],
            **form.service_arguments(),
        )
        if outcome.ok:
            securable = outcome.value
            messages.success(request, texts["created"] % {"name": securable.display_name})
            return redirect("securable", section=section, securable_id=securable.pk)
    return _list_page(request, section, create_form=form)


@require_http_methods(["GET", "POST"])
@organization_page
def securable_detail(request: HttpRequest, section: str, securable_id) -> HttpResponse:
    """Its details for everyone who may see it; the edit form from "modify" up."""
    securable = _securable(request, section, securable_id)
    form = None
    if request.method == "POST":
        if not securable.may_edit:
            raise PermissionDeniedPage(force_str(ERR_LEVEL_TOO_LOW))
        form = SecurableForm(
            request.POST, type=securable.type, language=request.LANGUAGE_CODE, instance=securable
        )
        if form.is_valid():
            outcome = perform(
                request,
                securable_update,
                form=form,
                acting_user=request.user,
                securable=securable,
                **form.service_arguments(),
            )
            if outcome.ok:
                messages.success(request, _("The changes were saved."))
                return redirect("securable", section=section, securable_id=securable.pk)
    elif securable.may_edit:
        form = SecurableForm(
            type=securable.type, language=request.LANGUAGE_CODE, instance=securable
        )
    context = {
        "section": section,
        "texts": SECTIONS[section],
        "securable": securable,
        "form": form,
        "contents_json": json.dumps(securable.contents, ensure_ascii=False, indent=2),
    }
    response = render(request, "organizations/securable.html", context)
    if request.method == "GET":
        # A dashboard or dataset view is an operation of the securable's organization.
        usage_record(securable.organization_id, operations=1, data_bytes=len(response.content))
    return response


@require_POST
@organization_page
def securable_delete_view(request: HttpRequest, section: str, securable_id) -> HttpResponse:
    securable = _securable(request, section, securable_id)
    outcome = perform(request, securable_delete, acting_user=request.user, securable=securable)
    if outcome.ok:
        messages.success(request, SECTIONS[section]["deleted"] % {"name": securable.display_name})
        return redirect(section)
    return redirect("securable", section=section, securable_id=securable.pk)


# Share ----------------------------------------------------------------------------------


def _share_page(
    request: HttpRequest,
    section: str,
    securable: Securable,
    *,
    user_form: ShareWithUserForm | None = None,
    team_form: ShareWithTeamForm | None = None,
) -> HttpResponse:
    shares = securable_shares(securable)
    shared_users = uncounted_page_of(
        request, shares.users, per_page=SHARES_PER_PAGE, param="people_page"
    )
    shared_teams = uncounted_page_of(
        request, shares.teams, per_page=SHARES_PER_PAGE, param="teams_page"
    )
    for shared in (*shared_users, *shared_teams):
        shared.access = AccessLevel(shared.level)
    context = {
        "section": section,
        "texts": SECTIONS[section],
        "securable": securable,
        "shared_users": shared_users,
        "shared_teams": shared_teams,
        "levels": list(AccessLevel),
        "user_form": user_form or ShareWithUserForm(),
        "team_form": team_form or _team_form(request),
    }
    return render(request, "organizations/securable_share.html", context)


def _team_form(request: HttpRequest, data=None) -> ShareWithTeamForm:
    return ShareWithTeamForm(
        data,
        candidates=list(share_team_candidates(request.user)),
        organization=request.organization,
    )


def _level_name(level) -> str:
    return AccessLevel(int(level)).label


@require_GET
@organization_page
def securable_share(request: HttpRequest, section: str, securable_id) -> HttpResponse:
    securable = _securable(request, section, securable_id, LEVEL_TO_SHARE)
    return _share_page(request, section, securable)


@require_POST
@organization_page
def securable_share_user(request: HttpRequest, section: str, securable_id) -> HttpResponse:
    securable = _securable(request, section, securable_id, LEVEL_TO_SHARE)
    form = ShareWithUserForm(request.POST)
    if form.is_valid():
        outcome = perform(
            request,
            securable_share_with_user,
            form=form,
            acting_user=request.user,
            securable=securable,
            email=form.cleaned_data["email"],
            level=form.cleaned_data["level"],
        )
        if outcome.ok:
            messages.success(
                request,
                _("Shared with %(who)s at the %(level)s level.")
                % {
                    "who": outcome.value.get_full_name(),
                    "level": _level_name(form.cleaned_data["level"]),
                },
            )
            return redirect("securable_share", section=section, securable_id=securable.pk)
    return _share_page(request, section, securable, user_form=form)


@require_POST
@organization_page
def securable_share_team(request: HttpRequest, section: str, securable_id) -> HttpResponse:
    securable = _securable(request, section, securable_id, LEVEL_TO_SHARE)
    form = _team_form(request, request.POST)
    if form.is_valid():
        team = form.cleaned_data["shared_team"]
        outcome = perform(
            request,
            securable_share_with_team,
            form=form,
            acting_user=request.user,
            securable=securable,
            team=team,
            level=form.cleaned_data["level"],
        )
        if outcome.ok:
            messages.success(
                request,
                _("Shared with the team %(who)s at the %(level)s level.")
                % {"who": team.name, "level": _level_name(form.cleaned_data["level"])},
            )
            return redirect("securable_share", section=section, securable_id=securable.pk)
    return _share_page(request, section, securable, team_form=form)


def _share_target(kind: str, target_id) -> dict:
    """The ``user`` or ``team`` argument of the share services, from the URL."""
    if kind == "user":
        return {"user": get_object_or_404(User, pk=target_id)}
    return {"team": get_object_or_404(Team, pk=target_id)}


def _target_name(target: dict) -> str:
    return target["user"].get_full_name() if "user" in target else target["team"].name


@require_POST
@organization_page
def securable_share_change_view(
    request: HttpRequest, section: str, securable_id, kind: str, target_id
) -> HttpResponse:
    """Changes the level of a share with a user or a team."""
    securable = _securable(request, section, securable_id, LEVEL_TO_SHARE)
    target = _share_target(kind, target_id)
    outcome = perform(
        request,
        securable_share_change,
        acting_user=request.user,
        securable=securable,
        level=request.POST.get("level", ""),
        **target,
    )
    if outcome.ok:
        messages.success(
            request,
            _("%(who)s now has the %(level)s level.")
            % {"who": _target_name(target), "level": outcome.value.label},
        )
    return redirect_to_place(request, "securable_share", section=section, securable_id=securable.pk)


@require_POST
@organization_page
def securable_unshare_view(
    request: HttpRequest, section: str, securable_id, kind: str, target_id
) -> HttpResponse:
    securable = _securable(request, section, securable_id, LEVEL_TO_SHARE)
    target = _share_target(kind, target_id)
    outcome = perform(
        request, securable_unshare, acting_user=request.user, securable=securable, **target
    )
    if outcome.ok:
        messages.success(
            request, _("The share with %(who)s was revoked.") % {"who": _target_name(target)}
        )
    return redirect_to_place(request, "securable_share", section=section, securable_id=securable.pk)
