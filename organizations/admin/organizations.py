"""Organizations: add (with an owner and My Team), edit (the region stays), the members,
teams and invitations inlines, and the Transfer ownership action.

Every change goes through ``organizations.services``; the forms validate with the services'
own cleaners, so a refusal is a field error.
"""

from django import forms
from django.contrib import admin, messages
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django_countries.filters import CountryFilter

from common.admin import ReadOnlyAdminMixin, ServiceAdminMixin, refusal_as_field_error
from common.images import logo_process
from common.localized import SUPPORTED_LANGUAGES, clean_localized_text
from organizations.admin.billing import BillingActionsMixin
from organizations.admin.fields import ExistingUserField
from organizations.admin.previews import PreviewInlineMixin
from organizations.forms.members import MemberField
from organizations.models import (
    Invitation,
    InvitationStatus,
    Membership,
    Organization,
    Team,
)
from organizations.selectors.members import ownership_candidates
from organizations.services.access import require_operator
from organizations.services.organization import (
    organization_change_plan,
    organization_create,
    organization_transfer_ownership,
    organization_update,
)

REGION_HELP_TEXT = _(
    "The data center where the organization's data is stored and processed. Chosen at "
    "creation and never changeable afterwards: the data lives there, so an edit can't move it."
)
ERR_SELECT_ONE_ORGANIZATION = _("Select exactly one organization to transfer its ownership.")
ERR_NO_CANDIDATE = _("%(organization)s has no other member to transfer its ownership to.")
MSG_OWNERSHIP_TRANSFERRED = _("Ownership of %(organization)s has been transferred to %(user)s.")


class OrganizationChangeForm(forms.ModelForm):
    """Validates with the services' own cleaners, so a refusal is a field error."""

    class Meta:
        model = Organization
        fields = ("name", "country", "locale", "logo", "plan")
        help_texts = {"region": REGION_HELP_TEXT}

    def clean_name(self) -> dict[str, str]:
        with refusal_as_field_error():
            return clean_localized_text(self.cleaned_data.get("name"), field="name")

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if isinstance(logo, UploadedFile):
            with refusal_as_field_error():
                logo_process(logo)
            logo.seek(0)
        return logo


class OrganizationAddForm(OrganizationChangeForm):
    owner = ExistingUserField(
        label=_("owner"),
        help_text=_(
            "E-mail of an existing user. They become the owner and a team admin of My Team."
        ),
    )

    class Meta(OrganizationChangeForm.Meta):
        fields = ("name", "region", "country", "locale", "plan")


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
    # Typed (e-mail or name), with a few suggestions: a select would list every member.
    new_owner = MemberField(
        label=_("New owner"),
        help_text=_("The former owner becomes an admin."),
    )

    def __init__(self, *args, organization: Organization, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["new_owner"]
        field.queryset = ownership_candidates(organization)
        field.suggest(self.data.get(self.add_prefix("new_owner"), ""))


@admin.register(Organization)
class OrganizationAdmin(ServiceAdminMixin, BillingActionsMixin, admin.ModelAdmin):
    form = OrganizationChangeForm
    add_form = OrganizationAddForm
    operator_rule = staticmethod(require_operator)
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
        return self.refusal_redirects_back(
            request, super().changeform_view, object_id, form_url, extra_context
        )

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
            with self.refusal_as_message(request) as outcome:
                organization_transfer_ownership(
                    acting_user=request.user,
                    organization=organization,
                    new_owner=new_owner,
                    as_operator=True,
                )
            if not outcome.refused:
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
