"""Organization → Users: members and their roles, invitations, Invite a new user."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from common.paging import redirect_to_place, row_form_fields, uncounted_page_of, url_of_each
from common.ui import perform
from organizations.forms.lists import MemberListForm
from organizations.forms.members import InvitationForm
from organizations.models import Invitation, Membership
from organizations.roles import Capability, organization_roles_grantable_by
from organizations.selectors.invitations import organization_invitations
from organizations.selectors.members import organization_members, organization_seats_taken
from organizations.selectors.teams import organization_team_choices
from organizations.services.invitation import (
    invitation_create,
    invitation_resend,
    invitation_revoke,
)
from organizations.services.membership import membership_change_role, membership_remove
from organizations.views.choices import member_actions
from organizations.views.common import may, organization_page, require

MEMBERS_PER_PAGE = 50
INVITATIONS_PER_PAGE = 20


def _invitation_form(request: HttpRequest, data=None, teams=None) -> InvitationForm:
    return InvitationForm(
        data,
        organization=request.organization,
        roles=organization_roles_grantable_by(request.membership.role),
        teams=teams if teams is not None else organization_team_choices(request.organization),
    )


def _prepare_member_rows(request: HttpRequest, members) -> None:
    """What each row of the page shows, computed here once per row (the template only
    prints it): the row's actions, its forms' URLs, the texts naming the member."""
    role_url = url_of_each("organization_member_role")
    remove_url = url_of_each("organization_member_remove")
    for membership in members:
        name = membership.user.get_full_name()
        membership.name = name
        membership.teams_html = format_html_join(
            ", ",
            '{} <span class="muted">({})</span>',
            (
                (team_membership.team.name, team_membership.get_role_display())
                for team_membership in membership.user.organization_team_memberships
            ),
        )
        membership.actions = member_actions(request.membership, membership)
        if membership.actions:
            membership.role_url = role_url(membership.pk)
            membership.remove_url = remove_url(membership.pk)
            membership.menu_label = _("change the role of %(name)s") % {"name": name}
            membership.remove_title = _("Remove %(name)s from the organization?") % {"name": name}


def _users_page(request: HttpRequest, invitation_form: InvitationForm | None = None):
    organization = request.organization
    # One query for the teams of both forms, at most one more than they list.
    teams = organization_team_choices(organization)
    list_form = MemberListForm(request.GET, organization=organization, teams=teams)
    members = uncounted_page_of(
        request,
        organization_members(organization, **list_form.selector_arguments()),
        per_page=MEMBERS_PER_PAGE,
    )
    _prepare_member_rows(request, members)
    context = {
        "tab": "users",
        "members": members,
        "list_form": list_form,
        "row_form_fields": row_form_fields(request),
    }
    if may(request, Capability.MANAGE_INVITATIONS):
        seats = organization.plan.seats
        context.update(
            invitations=uncounted_page_of(
                request,
                organization_invitations(organization),
                per_page=INVITATIONS_PER_PAGE,
                param="invitations_page",
            ),
            invitation_form=invitation_form or _invitation_form(request, teams=teams),
            # Opened again when the form comes back with errors.
            invitation_form_open=invitation_form is not None,
            seats=seats,
            seats_full=seats is not None and organization_seats_taken(organization) >= seats,
        )
    return render(request, "organizations/users.html", context)


@require_GET
@organization_page
def users(request: HttpRequest) -> HttpResponse:
    return _users_page(request)


@require_POST
@organization_page
def invitation_new(request: HttpRequest) -> HttpResponse:
    require(request, Capability.MANAGE_INVITATIONS)
    form = _invitation_form(request, request.POST)
    if form.is_valid():
        outcome = perform(
            request,
            invitation_create,
            form=form,
            acting_user=request.user,
            organization=request.organization,
            email=form.cleaned_data["email"],
            name=form.cleaned_data["name"],
            role=form.cleaned_data["role"],
            teams=list(form.cleaned_data["teams"]),
            team_role=form.cleaned_data["team_role"],
            note=form.cleaned_data["note"],
        )
        if outcome.ok:
            messages.success(
                request, _("Invitation sent to %(email)s.") % {"email": outcome.value.email}
            )
            return redirect("organization_users")
    return _users_page(request, invitation_form=form)


def _member(request: HttpRequest, membership_id) -> Membership:
    # Scoped to the active organization: an id from elsewhere is a 404.
    return get_object_or_404(
        Membership.objects.select_related("user", "organization"),
        pk=membership_id,
        organization=request.organization,
    )


@require_POST
@organization_page
def member_change_role(request: HttpRequest, membership_id) -> HttpResponse:
    target = _member(request, membership_id)
    outcome = perform(
        request,
        membership_change_role,
        acting_user=request.user,
        membership=target,
        role=request.POST.get("role", ""),
    )
    if outcome.ok:
        messages.success(
            request,
            _("The role of %(name)s is now %(role)s.")
            % {"name": target.user.get_full_name(), "role": outcome.value.get_role_display()},
        )
    return redirect_to_place(request, "organization_users")


@require_POST
@organization_page
def member_remove(request: HttpRequest, membership_id) -> HttpResponse:
    target = _member(request, membership_id)
    outcome = perform(request, membership_remove, acting_user=request.user, membership=target)
    if outcome.ok:
        messages.success(
            request,
            _("%(name)s was removed from the organization.")
            % {"name": target.user.get_full_name()},
        )
    return redirect_to_place(request, "organization_users")


def _invitation(request: HttpRequest, invitation_id) -> Invitation:
    return get_object_or_404(
        Invitation.objects.select_related("organization"),
        pk=invitation_id,
        organization=request.organization,
    )


@require_POST
@organization_page
def invitation_resend_view(request: HttpRequest, invitation_id) -> HttpResponse:
    invitation = _invitation(request, invitation_id)
    outcome = perform(request, invitation_resend, acting_user=request.user, invitation=invitation)
    if outcome.ok:
        messages.success(
            request,
            _("A new invitation was sent to %(email)s; the previous link no longer works.")
            % {"email": invitation.email},
        )
    return redirect_to_place(request, "organization_users")


@require_POST
@organization_page
def invitation_remove(request: HttpRequest, invitation_id) -> HttpResponse:
    invitation = _invitation(request, invitation_id)
    outcome = perform(request, invitation_revoke, acting_user=request.user, invitation=invitation)
    if outcome.ok:
        messages.success(
            request, _("The invitation to %(email)s was removed.") % {"email": invitation.email}
        )
    return redirect_to_place(request, "organization_users")
