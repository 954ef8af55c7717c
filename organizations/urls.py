"""Pages of the organization domain. Organization pages act on the active organization, so
their paths name no organization: switching makes every page follow."""

from django.urls import path, register_converter
from django.views.generic import RedirectView

from organizations.views import (
    audit,
    billing,
    invitation,
    members,
    profile,
    sections,
    securables,
    settings,
    teams,
    usage,
)
from organizations.views.converters import SecurableSectionConverter, ShareKindConverter

register_converter(SecurableSectionConverter, "securable_section")
register_converter(ShareKindConverter, "share_kind")
SECURABLE = "<securable_section:section>/<uuid:securable_id>/"

urlpatterns = [
    path("signup/", invitation.signup, name="signup"),
    path("profile/", profile.profile, name="profile"),
    path("invitations/<str:token>/", invitation.invitation_accept_page, name="invitation_accept"),
    path("dashboards/", securables.dashboards, name="dashboards"),
    path("datasets/", securables.datasets, name="datasets"),
    path("<securable_section:section>/new/", securables.securable_new, name="securable_new"),
    path(SECURABLE, securables.securable_detail, name="securable"),
    path(f"{SECURABLE}delete/", securables.securable_delete_view, name="securable_delete"),
    path(f"{SECURABLE}share/", securables.securable_share, name="securable_share"),
    path(f"{SECURABLE}share/users/", securables.securable_share_user, name="securable_share_user"),
    path(f"{SECURABLE}share/teams/", securables.securable_share_team, name="securable_share_team"),
    path(
        f"{SECURABLE}share/<share_kind:kind>/<uuid:target_id>/",
        securables.securable_share_change_view,
        name="securable_share_change",
    ),
    path(
        f"{SECURABLE}share/<share_kind:kind>/<uuid:target_id>/revoke/",
        securables.securable_unshare_view,
        name="securable_unshare",
    ),
    path("organizations/switch/", sections.organization_switch, name="organization_switch"),
    path(
        "organization/",
        RedirectView.as_view(pattern_name="organization_users"),
        name="organization",
    ),
    path("organization/users/", members.users, name="organization_users"),
    path("organization/users/invite/", members.invitation_new, name="organization_invite"),
    path(
        "organization/users/<uuid:membership_id>/role/",
        members.member_change_role,
        name="organization_member_role",
    ),
    path(
        "organization/users/<uuid:membership_id>/remove/",
        members.member_remove,
        name="organization_member_remove",
    ),
    path(
        "organization/invitations/<uuid:invitation_id>/resend/",
        members.invitation_resend_view,
        name="organization_invitation_resend",
    ),
    path(
        "organization/invitations/<uuid:invitation_id>/remove/",
        members.invitation_remove,
        name="organization_invitation_remove",
    ),
    path("organization/teams/", teams.teams, name="organization_teams"),
    path("organization/teams/new/", teams.team_new, name="organization_team_new"),
    path("organization/teams/<uuid:team_id>/", teams.team_detail, name="organization_team"),
    path(
        "organization/teams/<uuid:team_id>/rename/",
        teams.team_rename_view,
        name="organization_team_rename",
    ),
    path(
        "organization/teams/<uuid:team_id>/delete/",
        teams.team_delete_view,
        name="organization_team_delete",
    ),
    path(
        "organization/teams/<uuid:team_id>/members/add/",
        teams.team_member_new,
        name="organization_team_member_add",
    ),
    path(
        "organization/teams/<uuid:team_id>/members/<uuid:user_id>/role/",
        teams.team_member_change_role_view,
        name="organization_team_member_role",
    ),
    path(
        "organization/teams/<uuid:team_id>/members/<uuid:user_id>/remove/",
        teams.team_member_remove_view,
        name="organization_team_member_remove",
    ),
    path("organization/settings/", settings.settings_page, name="organization_settings"),
    path(
        "organization/settings/transfer-ownership/",
        settings.transfer_ownership,
        name="organization_transfer_ownership",
    ),
    path(
        "organization/settings/delete/",
        settings.organization_delete_view,
        name="organization_delete",
    ),
    path("organization/billing/", billing.billing, name="organization_billing"),
    path("organization/billing/plan/", billing.plan_change, name="organization_billing_plan"),
    path(
        "organization/billing/invoices/<uuid:invoice_id>/",
        billing.invoice_detail,
        name="organization_invoice",
    ),
    path("organization/usage/", usage.usage, name="organization_usage"),
    path("organization/audit-log/", audit.audit_log, name="organization_audit_log"),
    path(
        "profile/organizations/",
        profile.profile_organizations,
        name="profile_organizations",
    ),
    path(
        "profile/organizations/new/",
        profile.organization_create_view,
        name="organization_create",
    ),
    path(
        "profile/organizations/<uuid:organization_id>/leave/",
        profile.organization_leave,
        name="organization_leave",
    ),
]
