"""Dashboards and datasets: read-only, with guardian's object-permission pages turned into
access levels that change through the sharing services (as an operator, audited)."""

from django import forms
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from guardian.admin import GuardedModelAdmin

from accounts.models import User
from common.admin import ServiceAdminMixin
from common.localized import SUPPORTED_LANGUAGES
from organizations.admin.fields import ExistingUserField
from organizations.models import (
    Securable,
    SecurableGroupObjectPermission,
    SecurableUserObjectPermission,
)
from organizations.roles import AccessLevel
from organizations.selectors.securables import securable_share_level, securable_shares
from organizations.services.securable import (
    securable_share_with_team,
    securable_share_with_user,
    securable_unshare,
)

ERR_NOT_A_TEAM = _("Securables are shared with teams; this group is not a team's.")


class SecurableShareLevelForm(forms.Form):
    """Guardian's "manage user" and "manage group" form, as one access level.

    Levels are cumulative, so one choice replaces guardian's checkbox per permission, and the
    change goes through the sharing services (as an operator, audited) instead of writing
    permission rows directly.
    """

    level = forms.TypedChoiceField(
        label=_("Access level"),
        choices=[
            ("0", _("Not shared")),
            *((str(level.value), level.label) for level in AccessLevel),
        ],
        coerce=int,
        help_text=_("Cumulative: each level includes the ones before it."),
    )
    acting_user: User | None = None

    def __init__(self, target, securable: Securable, *args, **kwargs) -> None:
        self.target = target
        self.securable = securable
        super().__init__(*args, **kwargs)
        self.fields["level"].initial = str(
            securable_share_level(securable, **self._target_kwargs())
        )

    def _target_kwargs(self) -> dict:
        raise NotImplementedError

    def save_obj_perms(self) -> None:
        level = self.cleaned_data["level"]
        target = self._target_kwargs()
        if level:
            if "user" in target:
                securable_share_with_user(
                    acting_user=self.acting_user,
                    securable=self.securable,
                    email=target["user"].email,
                    level=level,
                    as_operator=True,
                )
            else:
                securable_share_with_team(
                    acting_user=self.acting_user,
                    securable=self.securable,
                    team=target["team"],
                    level=level,
                    as_operator=True,
                )
        elif securable_share_level(self.securable, **target):
            securable_unshare(
                acting_user=self.acting_user, securable=self.securable, as_operator=True, **target
            )


class SecurableUserShareForm(SecurableShareLevelForm):
    def _target_kwargs(self) -> dict:
        return {"user": self.target}


class SecurableTeamShareForm(SecurableShareLevelForm):
    def _target_kwargs(self) -> dict:
        return {"team": self.target.team}


class ShareUserSelectForm(forms.Form):
    """Guardian's user lookup, by e-mail whatever its case."""

    user = ExistingUserField(label=_("E-mail"))


class ShareTeamSelectForm(forms.Form):
    """Guardian's group lookup, as a choice of teams (only teams' groups receive shares)."""

    group = forms.ModelChoiceField(
        label=_("Team"),
        queryset=Group.objects.filter(team__isnull=False)
        .select_related("team__organization")
        .order_by("team__organization__slug", "team__name"),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].label_from_instance = lambda group: (
            f"{group.team.organization} · {group.team}"
        )


@admin.register(Securable)
class SecurableAdmin(ServiceAdminMixin, GuardedModelAdmin):
    """Dashboards and datasets, read-only, with guardian's object-permission pages.

    Their content belongs to the customer and changes through the services; the permission
    pages show the shares (users and teams with their level) and change them through the
    sharing services as an operator, so every change keeps the cumulative levels and is
    audited.
    """

    list_display = (
        "display_name",
        "type",
        "organization",
        "owner",
        "user_share_count",
        "team_share_count",
        "updated_at",
    )
    list_select_related = ("organization", "owner")
    list_filter = ("type", "updated_at")
    search_fields = (
        *(f"name__{language}" for language in SUPPORTED_LANGUAGES),
        "organization__slug",
        "owner__email",
    )
    fields = (
        "type",
        "name",
        "description",
        "contents",
        "organization",
        "owner",
        "created_at",
        "updated_at",
    )
    readonly_fields = fields
    obj_perms_manage_template = "admin/organizations/securable/obj_perms_manage.html"

    def get_queryset(self, request):
        # Correlated subqueries rather than Count over joins: the two grant tables would
        # multiply each other's rows.
        def share_count(grants, target: str):
            return Coalesce(
                Subquery(
                    grants.filter(content_object=OuterRef("pk"))
                    .order_by()
                    .values("content_object")
                    .annotate(count=Count(target, distinct=True))
                    .values("count")
                ),
                0,
            )

        return (
            super()
            .get_queryset(request)
            .annotate(
                user_share_count=share_count(SecurableUserObjectPermission.objects, "user"),
                team_share_count=share_count(SecurableGroupObjectPermission.objects, "group"),
            )
        )

    @admin.display(description=_("name"))
    def display_name(self, securable: Securable) -> str:
        return securable.display_name

    @admin.display(description=_("shared with users"), ordering="user_share_count")
    def user_share_count(self, securable: Securable) -> int:
        return securable.user_share_count

    @admin.display(description=_("shared with teams"), ordering="team_share_count")
    def team_share_count(self, securable: Securable) -> int:
        return securable.team_share_count

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # Every field is read-only: no save buttons.
        extra_context = {
            **(extra_context or {}),
            "show_save": False,
            "show_save_and_continue": False,
            "show_save_and_add_another": False,
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def get_obj_perms_base_context(self, request, obj):
        context = super().get_obj_perms_base_context(request, obj)
        shares = securable_shares(obj)
        context["share_users"] = [(user, AccessLevel(user.level).label) for user in shares.users]
        context["share_teams"] = [(team, AccessLevel(team.level).label) for team in shares.teams]
        return context

    def get_obj_perms_user_select_form(self, request):
        return ShareUserSelectForm

    def get_obj_perms_group_select_form(self, request):
        return ShareTeamSelectForm

    def get_obj_perms_manage_user_form(self, request):
        return type(
            "OperatorUserShareForm", (SecurableUserShareForm,), {"acting_user": request.user}
        )

    def get_obj_perms_manage_group_form(self, request):
        return type(
            "OperatorTeamShareForm", (SecurableTeamShareForm,), {"acting_user": request.user}
        )

    def obj_perms_manage_user_view(self, request, object_pk, user_id):
        return self.refusal_redirects_back(
            request, super().obj_perms_manage_user_view, object_pk, user_id
        )

    def obj_perms_manage_group_view(self, request, object_pk, group_id):
        group = Group.objects.filter(pk=group_id, team__isnull=False).first()
        if group is None:
            raise Http404(ERR_NOT_A_TEAM)
        return self.refusal_redirects_back(
            request, super().obj_perms_manage_group_view, object_pk, group_id
        )
