"""Organization → Teams: create, rename and delete teams; their members and team roles."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied as PermissionDeniedPage
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.encoding import force_str
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.models import User
from common.paging import redirect_to_place, uncounted_page_of
from common.ui import perform
from organizations.forms.teams import TeamForm, TeamMemberAddForm
from organizations.models import Team, TeamMembership
from organizations.roles import Capability
from organizations.selectors.teams import organization_teams, team_candidates, team_members
from organizations.services.team import (
    ERR_TEAM_NOT_ALLOWED,
    team_create,
    team_delete,
    team_member_add,
    team_member_change_role,
    team_member_remove,
    team_rename,
)
from organizations.views.choices import manages_team, team_member_actions, team_roles_grantable
from organizations.views.common import may, organization_page, require

TEAM_MEMBERS_PER_PAGE = 50
TEAMS_PER_PAGE = 50


def _teams_page(request: HttpRequest, team_form: TeamForm | None = None) -> HttpResponse:
    teams = uncounted_page_of(
        request, organization_teams(request.organization), per_page=TEAMS_PER_PAGE
    )
    context = {"tab": "teams", "teams": teams}
    if may(request, Capability.MANAGE_TEAMS):
        context["team_form"] = team_form or TeamForm()
        context["team_form_open"] = team_form is not None
    return render(request, "organizations/teams.html", context)


@require_GET
@organization_page
def teams(request: HttpRequest) -> HttpResponse:
    return _teams_page(request)


@require_POST
@organization_page
def team_new(request: HttpRequest) -> HttpResponse:
    require(request, Capability.MANAGE_TEAMS)
    form = TeamForm(request.POST)
    if form.is_valid():
        outcome = perform(
            request,
            team_create,
            form=form,
            acting_user=request.user,
            organization=request.organization,
            name=form.cleaned_data["name"],
        )
        if outcome.ok:
            messages.success(request, _("Team %(team)s created.") % {"team": outcome.value.name})
            return redirect("organization_team", team_id=outcome.value.pk)
    return _teams_page(request, team_form=form)


def _team(request: HttpRequest, team_id) -> Team:
    # Scoped to the active organization: a team of another organization is a 404.
    team = get_object_or_404(Team, pk=team_id, organization=request.organization)
    team.organization = request.organization
    return team


def _team_page(
    request: HttpRequest,
    team: Team,
    *,
    rename_form: TeamForm | None = None,
    add_form: TeamMemberAddForm | None = None,
) -> HttpResponse:
    members = uncounted_page_of(request, team_members(team), per_page=TEAM_MEMBERS_PER_PAGE)
    # The user's own row, wherever it is in the list: it decides what they may do here.
    own = team.memberships.filter(user=request.user).first()
    for row in members:
        row.actions = team_member_actions(request.membership, own, row)
    context = {"tab": "teams", "team": team, "members": members}
    if manages_team(request.membership, own):
        context["add_form"] = add_form or TeamMemberAddForm(
            candidates=team_candidates(team), roles=team_roles_grantable(request.membership, own)
        )
    if may(request, Capability.MANAGE_TEAMS):
        context["rename_form"] = rename_form or TeamForm(initial={"name": team.name})
    return render(request, "organizations/team.html", context)


@require_GET
@organization_page
def team_detail(request: HttpRequest, team_id) -> HttpResponse:
    return _team_page(request, _team(request, team_id))


@require_POST
@organization_page
def team_rename_view(request: HttpRequest, team_id) -> HttpResponse:
    team = _team(request, team_id)
    require(request, Capability.MANAGE_TEAMS)
    old_name = team.name
    form = TeamForm(request.POST)
    if form.is_valid():
        outcome = perform(
            request,
            team_rename,
            form=form,
            acting_user=request.user,
            team=team,
            name=form.cleaned_data["name"],
        )
        if outcome.ok:
            messages.success(
                request,
                _("Team %(old)s renamed to %(new)s.") % {"old": old_name, "new": team.name},
            )
            return redirect("organization_team", team_id=team.pk)
    return _team_page(request, team, rename_form=form)


@require_POST
@organization_page
def team_delete_view(request: HttpRequest, team_id) -> HttpResponse:
    team = _team(request, team_id)
    outcome = perform(request, team_delete, acting_user=request.user, team=team)
    if outcome.ok:
        messages.success(request, _("Team %(team)s deleted.") % {"team": team.name})
        return redirect("organization_teams")
    return redirect("organization_team", team_id=team.pk)


@require_POST
@organization_page
def team_member_new(request: HttpRequest, team_id) -> HttpResponse:
    team = _team(request, team_id)
    own = TeamMembership.objects.filter(team=team, user=request.user).first()
    if not manages_team(request.membership, own):
        raise PermissionDeniedPage(force_str(ERR_TEAM_NOT_ALLOWED))
    form = TeamMemberAddForm(
        request.POST,
        candidates=team_candidates(team),
        roles=team_roles_grantable(request.membership, own),
    )
    if form.is_valid():
        user = form.cleaned_data["user"].user
        outcome = perform(
            request,
            team_member_add,
            form=form,
            acting_user=request.user,
            team=team,
            user=user,
            role=form.cleaned_data["role"],
        )
        if outcome.ok:
            messages.success(
                request,
                _("%(name)s joined the team as %(role)s.")
                % {"name": user.get_full_name(), "role": outcome.value.get_role_display()},
            )
            return redirect("organization_team", team_id=team.pk)
    return _team_page(request, team, add_form=form)


def _team_member(team: Team, user_id) -> User:
    return get_object_or_404(
        TeamMembership.objects.select_related("user"), team=team, user_id=user_id
    ).user


@require_POST
@organization_page
def team_member_change_role_view(request: HttpRequest, team_id, user_id) -> HttpResponse:
    team = _team(request, team_id)
    user = _team_member(team, user_id)
    outcome = perform(
        request,
        team_member_change_role,
        acting_user=request.user,
        team=team,
        user=user,
        role=request.POST.get("role", ""),
    )
    if outcome.ok:
        messages.success(
            request,
            _("The team role of %(name)s is now %(role)s.")
            % {"name": user.get_full_name(), "role": outcome.value.get_role_display()},
        )
    return redirect_to_place(request, "organization_team", team_id=team.pk)


@require_POST
@organization_page
def team_member_remove_view(request: HttpRequest, team_id, user_id) -> HttpResponse:
    team = _team(request, team_id)
    user = _team_member(team, user_id)
    outcome = perform(request, team_member_remove, acting_user=request.user, team=team, user=user)
    if outcome.ok:
        messages.success(
            request, _("%(name)s was removed from the team.") % {"name": user.get_full_name()}
        )
    return redirect_to_place(request, "organization_team", team_id=team.pk)
