"""The operators' admin for the organization domain.

Admin classes are a front door like the views: every change of an organization, its
members or its invitations goes through ``organizations.services``; list pages take their
joins and counts from ``list_select_related`` and annotations, so each runs a fixed number
of queries whatever the number of rows. Memberships, teams, invitations and audit events
are read-only here: their rules (exactly one owner, roles, seats, permission groups) live in
the services, and a plain admin save would bypass them.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_countries.filters import CountryFilter
from guardian.admin import GuardedModelAdmin

from accounts.models import User
from common.errors import DomainError
from common.images import logo_process
from common.localized import SUPPORTED_LANGUAGES, clean_localized_text
from organizations.admin.billing import BillingActionsMixin
from organizations.admin.previews import PreviewInlineMixin
from organizations.models import (
    AuditEvent,
    Invitation,
    InvitationStatus,
    Membership,
    Organization,
    Plan,
    Securable,
    SecurableGroupObjectPermission,
    SecurableUserObjectPermission,
    Team,
    TeamMembership,
)
from organizations.roles import AccessLevel, OrganizationRole
from organizations.selectors.securables import securable_share_level, securable_shares
from organizations.services.access import require_operator
from organizations.services.invitation import invitation_resend, invitation_revoke
from organizations.services.organization import (
    organization_change_plan,
    organization_create,
    organization_transfer_ownership,
    organization_update,
)
from organizations.services.securable import (
    securable_share_with_team,
    securable_share_with_user,
    securable_unshare,
)
from organizations.templatetags.billing_ui import data_size

REGION_HELP_TEXT = _(
    "The data center where the organization's data is stored and processed. Chosen at "
    "creation and never changeable afterwards: the data lives there, so an edit can't move it."
)
ERR_OWNER_UNKNOWN = _("No user has this e-mail address. Create the user first.")
ERR_SELECT_ONE_ORGANIZATION = _("Select exactly one organization to transfer its ownership.")
ERR_NO_CANDIDATE = _("%(organization)s has no other member to transfer its ownership to.")
ERR_NOT_A_TEAM = _("Securables are shared with teams; this group is not a team's.")
MSG_OWNERSHIP_TRANSFERRED = _("Ownership of %(organization)s has been transferred to %(user)s.")


def _field_error(error: DomainError) -> ValidationError:
    return ValidationError(str(error))


def _is_operator(request) -> bool:
    """Admin actions that call the services as an operator are shown to operators only."""
    try:
        require_operator(request.user)
    except DomainError:
        return False
    return True


class ReadOnlyAdminMixin:
    """Rows are written by the services only; the admin shows them."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


# Plans ------------------------------------------------------------------------------------


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = (
        "code",
        "name",
        "monthly_price",
        "currency",
        "seats",
        "max_teams",
        "included_operations",
        "included_data",
        "overage_price_per_1000_operations",
        "overage_price_per_gb",
        "is_public",
        "organization_count",
    )
    list_filter = ("is_public", "currency")
    search_fields = ("code", "name")
    fieldsets = (
        (None, {"fields": ("code", "name", "is_public")}),
        (_("Price and limits"), {"fields": ("monthly_price", "currency", "seats", "max_teams")}),
        (
            _("Usage allowances a month, and overage prices"),
            {
                "fields": (
                    "included_operations",
                    "included_data_bytes",
                    "overage_price_per_1000_operations",
                    "overage_price_per_gb",
                )
            },
        ),
        (_("Dates"), {"fields": ("created_at", "updated_at")}),
    )
    readonly_fields = ("created_at", "updated_at")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(organization_count=Count("organizations"))

    @admin.display(description=_("organizations"), ordering="organization_count")
    def organization_count(self, plan: Plan) -> int:
        return plan.organization_count

    @admin.display(description=_("included data"), ordering="included_data_bytes")
    def included_data(self, plan: Plan) -> str:
        return data_size(plan.included_data_bytes) if plan.included_data_bytes is not None else "∞"


# Organizations ----------------------------------------------------------------------------


class OrganizationChangeForm(forms.ModelForm):
    """Validates with the services' own cleaners, so a refusal is a field error."""

    class Meta:
        model = Organization
        fields = ("name", "country", "locale", "logo", "plan")
        help_texts = {"region": REGION_HELP_TEXT}

    def clean_name(self) -> dict[str, str]:
        try:
            return clean_localized_text(self.cleaned_data.get("name"), field="name")
        except DomainError as error:
            raise _field_error(error) from error

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if isinstance(logo, UploadedFile):
            try:
                logo_process(logo)
            except DomainError as error:
                raise _field_error(error) from error
            logo.seek(0)
        return logo


class OrganizationAddForm(OrganizationChangeForm):
    owner = forms.EmailField(
        label=_("owner"),
        help_text=_(
            "E-mail of an existing user. They become the owner and a team admin of My Team."
        ),
    )

    class Meta(OrganizationChangeForm.Meta):
        fields = ("name", "region", "country", "locale", "plan")

    def clean_owner(self) -> User:
        owner = User.objects.filter(email__iexact=self.cleaned_data["owner"]).first()
        if owner is None:
            raise ValidationError(ERR_OWNER_UNKNOWN)
        return owner


class MembershipInline(PreviewInlineMixin, ReadOnlyAdminMixin, admin.TabularInline):
    """Read-only: roles change through the services (ownership by the Transfer ownership
    action), which keep exactly one owner and the rank rules."""

    model = Membership
    fields = ("user", "role", "created_at")
    readonly_fields = fields
    extra = 0
    show_change_link = True
    verbose_name_plural = _("members")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")


class TeamInline(PreviewInlineMixin, ReadOnlyAdminMixin, admin.TabularInline):
    model = Team
    fields = ("name", "member_count", "created_at")
    readonly_fields = fields
    extra = 0
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_count=Count("memberships"))

    @admin.display(description=_("members"))
    def member_count(self, team: Team) -> int:
        return team.member_count


class InvitationInline(PreviewInlineMixin, ReadOnlyAdminMixin, admin.TabularInline):
    model = Invitation
    fields = ("email", "role", "team_role", "status_display", "invited_by", "sent_at")
    readonly_fields = fields
    extra = 0
    show_change_link = True
    ordering = ("-sent_at",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("invited_by")

    @admin.display(description=_("status"))
    def status_display(self, invitation: Invitation) -> str:
        return InvitationStatus(invitation.current_status).label


class TransferOwnershipForm(forms.Form):
    new_owner = forms.ModelChoiceField(
        label=_("New owner"),
        queryset=Membership.objects.none(),
        help_text=_("The former owner becomes an admin."),
    )

    def __init__(self, *args, organization: Organization, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["new_owner"]
        # Members have accepted by definition: pending invitations are not memberships.
        field.queryset = (
            Membership.objects.filter(organization=organization)
            .exclude(role=OrganizationRole.OWNER)
            .select_related("user")
            .order_by("user__email")
        )
        field.label_from_instance = lambda membership: (
            f"{membership.user} · {membership.get_role_display()}"
        )


@admin.register(Organization)
class OrganizationAdmin(BillingActionsMixin, admin.ModelAdmin):
    form = OrganizationChangeForm
    add_form = OrganizationAddForm
    list_display = (
        "display_name",
        "slug",
        "region",
        "country",
        "plan",
        "member_count",
        "created_at",
    )
    list_select_related = ("plan",)
    list_filter = ("region", "plan", ("country", CountryFilter))
    # The name's translations one by one (a key lookup), not the JSON text: its keys would
    # match and, on SQLite, its escaped non-ASCII letters would not.
    search_fields = (
        "slug",
        *(f"name__{language}" for language in SUPPORTED_LANGUAGES),
        "memberships__user__email",
    )
    fieldsets = (
        (None, {"fields": ("name", "slug", "region", "country", "locale", "logo", "plan")}),
        (_("Dates"), {"fields": ("created_at", "updated_at")}),
    )
    add_fieldsets = ((None, {"fields": ("name", "region", "country", "locale", "plan", "owner")}),)
    inlines = (MembershipInline, TeamInline, InvitationInline)
    actions = ("transfer_ownership", "change_plan", "generate_invoices")

    def get_queryset(self, request):
        # A correlated subquery rather than Count("memberships"): the search on member
        # e-mails joins the memberships too, and a join would multiply the count.
        members = (
            Membership.objects.filter(organization=OuterRef("pk"))
            .order_by()
            .values("organization")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return super().get_queryset(request).annotate(member_count=Coalesce(Subquery(members), 0))

    @admin.display(description=_("name"), ordering="slug")
    def display_name(self, organization: Organization) -> str:
        return organization.display_name

    @admin.display(description=_("members"), ordering="member_count")
    def member_count(self, organization: Organization) -> int:
        return organization.member_count

    def get_fieldsets(self, request, obj=None):
        return self.add_fieldsets if obj is None else self.fieldsets

    def get_readonly_fields(self, request, obj=None):
        readonly = ("slug", "created_at", "updated_at")
        # The region is chosen at creation only (see REGION_HELP_TEXT).
        return readonly if obj is None else ("region", *readonly)

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = self.add_form
        return super().get_form(request, obj, change=change, **kwargs)

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else ()

    def has_delete_permission(self, request, obj=None) -> bool:
        # Deleting goes through organization_delete (the owner, confirming by name), which
        # also removes the teams' permission groups; a cascade from here would not.
        return False

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # The forms validate with the services' cleaners; what only the service can refuse
        # (permissions, a concurrent change) comes back as a message, never a 500.
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except DomainError as error:
            self.message_user(request, str(error), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def save_model(self, request, obj: Organization, form, change: bool) -> None:
        data = form.cleaned_data
        if change:
            changes = {"name": data["name"], "country": data["country"], "locale": data["locale"]}
            if "logo" in form.changed_data:
                # False: the "clear" box was ticked.
                changes["logo"] = data["logo"] or None
            organization_update(
                acting_user=request.user, organization=obj, as_operator=True, **changes
            )
            if "plan" in form.changed_data:
                organization_change_plan(
                    acting_user=request.user, organization=obj, plan=data["plan"], as_operator=True
                )
            obj.refresh_from_db()
            return
        created = organization_create(
            acting_user=request.user,
            owner=data["owner"],
            name=data["name"],
            region=data["region"],
            country=data["country"],
            locale=data["locale"],
        )
        if data["plan"] is not None:
            organization_change_plan(
                acting_user=request.user, organization=created, plan=data["plan"], as_operator=True
            )
        # The admin goes on with the object it built (log entry, redirect): make it the one
        # the service created.
        obj.pk = created.pk
        obj.refresh_from_db()
        obj._state.adding = False

    def has_operator_permission(self, request) -> bool:
        return _is_operator(request)

    @admin.action(description=_("Transfer ownership"), permissions=["operator"])
    def transfer_ownership(self, request, queryset):
        if len(queryset) != 1:
            self.message_user(request, ERR_SELECT_ONE_ORGANIZATION, messages.ERROR)
            return None
        organization = queryset[0]
        form = TransferOwnershipForm(
            request.POST if "apply" in request.POST else None, organization=organization
        )
        if not form.fields["new_owner"].queryset.exists():
            self.message_user(
                request,
                ERR_NO_CANDIDATE % {"organization": organization.display_name},
                messages.ERROR,
            )
            return None
        if form.is_valid():
            new_owner = form.cleaned_data["new_owner"].user
            try:
                organization_transfer_ownership(
                    acting_user=request.user,
                    organization=organization,
                    new_owner=new_owner,
                    as_operator=True,
                )
            except DomainError as error:
                self.message_user(request, str(error), messages.ERROR)
                return None
            self.message_user(
                request,
                MSG_OWNERSHIP_TRANSFERRED
                % {"organization": organization.display_name, "user": new_owner},
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Transfer ownership of %(organization)s")
            % {"organization": organization.display_name},
            "opts": self.model._meta,
            "organization": organization,
            "form": form,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(
            request, "admin/organizations/organization/transfer_ownership.html", context
        )


# Members and teams ------------------------------------------------------------------------


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("user", "organization", "role", "created_at")
    list_select_related = ("user", "organization")
    list_filter = ("role",)
    search_fields = ("user__email", "user__name", "organization__slug")
    fields = ("user", "organization", "role", "created_at", "updated_at")


class TeamMembershipInline(PreviewInlineMixin, ReadOnlyAdminMixin, admin.TabularInline):
    model = TeamMembership
    changelist_filter = "team__id__exact"
    fields = ("user", "role", "created_at")
    readonly_fields = fields
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")


@admin.register(Team)
class TeamAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: teams are created, renamed and deleted by the team services, which keep
    each team's permission group and the plan's team limit."""

    list_display = ("name", "organization", "member_count", "created_at")
    list_select_related = ("organization",)
    search_fields = ("name", "organization__slug")
    fields = ("name", "organization", "group", "created_at", "updated_at")
    inlines = (TeamMembershipInline,)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_count=Count("memberships"))

    @admin.display(description=_("members"), ordering="member_count")
    def member_count(self, team: Team) -> int:
        return team.member_count


@admin.register(TeamMembership)
class TeamMembershipAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("user", "team", "team_organization", "role", "created_at")
    list_select_related = ("user", "team", "team__organization")
    list_filter = ("role",)
    search_fields = ("user__email", "user__name", "team__name", "team__organization__slug")
    fields = ("user", "team", "role", "created_at", "updated_at")

    @admin.display(description=_("organization"), ordering="team__organization__slug")
    def team_organization(self, team_membership: TeamMembership) -> Organization:
        return team_membership.team.organization


# Invitations ------------------------------------------------------------------------------


class InvitationStatusFilter(admin.SimpleListFilter):
    """Filters on the status shown (expired is computed from the expiry, never stored)."""

    title = _("status")
    parameter_name = "display_status"

    def lookups(self, request, model_admin):
        return InvitationStatus.choices

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(display_status=self.value())
        return queryset


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: invitations are sent from the organization's Users tab; operators resend
    or revoke them with the actions, through the same services."""

    list_display = (
        "email",
        "organization",
        "role",
        "status_display",
        "invited_by",
        "sent_at",
        "expires_at",
    )
    list_select_related = ("organization", "invited_by")
    list_filter = (InvitationStatusFilter, "role", "sent_at")
    search_fields = ("email", "name", "organization__slug")
    fields = (
        "organization",
        "email",
        "name",
        "role",
        "teams",
        "team_role",
        "note",
        "invited_by",
        "status_display",
        "sent_at",
        "expires_at",
        "accepted_at",
        "accepted_by",
        "revoked_at",
    )
    readonly_fields = fields
    actions = ("resend", "revoke")

    def get_queryset(self, request):
        return super().get_queryset(request).with_display_status()

    @admin.display(description=_("status"), ordering="display_status")
    def status_display(self, invitation: Invitation) -> str:
        return InvitationStatus(invitation.display_status).label

    def has_operator_permission(self, request) -> bool:
        return _is_operator(request)

    def _apply(self, request, queryset, service, done_message) -> None:
        done = 0
        for invitation in queryset.select_related("organization"):
            try:
                service(acting_user=request.user, invitation=invitation, as_operator=True)
            except DomainError as error:
                self.message_user(request, f"{invitation.email}: {error}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(request, done_message(done) % {"count": done}, messages.SUCCESS)

    @admin.action(description=_("Resend invitation"), permissions=["operator"])
    def resend(self, request, queryset) -> None:
        self._apply(
            request,
            queryset,
            invitation_resend,
            lambda count: ngettext(
                "%(count)d invitation resent with a new 7-day link.",
                "%(count)d invitations resent with new 7-day links.",
                count,
            ),
        )

    @admin.action(description=_("Revoke invitation"), permissions=["operator"])
    def revoke(self, request, queryset) -> None:
        self._apply(
            request,
            queryset,
            invitation_revoke,
            lambda count: ngettext(
                "%(count)d invitation revoked.", "%(count)d invitations revoked.", count
            ),
        )


# Audit events -----------------------------------------------------------------------------


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Append-only: operators see every organization's events, nobody edits them."""

    list_display = (
        "action",
        "organization_name",
        "actor_email",
        "target_email",
        "by_operator",
        "ip_address",
        "created_at",
    )
    list_filter = ("action", "by_operator", "created_at")
    search_fields = ("organization_name", "actor_email", "target_email")
    date_hierarchy = "created_at"
    fields = (
        "created_at",
        "action",
        "organization",
        "organization_name",
        "actor",
        "actor_email",
        "by_operator",
        "target_user",
        "target_email",
        "data",
        "ip_address",
    )
    readonly_fields = fields


# Securables -------------------------------------------------------------------------------


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

    user = forms.EmailField(label=_("E-mail"))

    def clean_user(self) -> User:
        user = User.objects.filter(email__iexact=self.cleaned_data["user"]).first()
        if user is None:
            raise ValidationError(ERR_OWNER_UNKNOWN)
        return user


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
class SecurableAdmin(GuardedModelAdmin):
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

    def _refusals_as_messages(self, request, view, *args):
        try:
            return view(request, *args)
        except DomainError as error:
            self.message_user(request, str(error), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def obj_perms_manage_user_view(self, request, object_pk, user_id):
        return self._refusals_as_messages(
            request, super().obj_perms_manage_user_view, object_pk, user_id
        )

    def obj_perms_manage_group_view(self, request, object_pk, group_id):
        group = Group.objects.filter(pk=group_id, team__isnull=False).first()
        if group is None:
            raise Http404(ERR_NOT_A_TEAM)
        return self._refusals_as_messages(
            request, super().obj_perms_manage_group_view, object_pk, group_id
        )
