"""The organization domain's REST routes, mounted under /api/v1/ by ``orgsite.api_urls``.

Routes name their viewset's actions explicitly (no router): the URL shapes, methods and
names are the API's contract.
"""

from django.urls import path

from organizations.api import (
    billing,
    invitations,
    members,
    organizations,
    plans,
    securables,
    teams,
)

ORGANIZATION = "organizations/<uuid:organization_id>/"
TEAM = f"{ORGANIZATION}teams/<uuid:team_id>/"
SECURABLE = "securables/<uuid:securable_id>/"

urlpatterns = [
    path(
        "organizations/",
        organizations.OrganizationViewSet.as_view({"get": "list", "post": "create"}),
        name="organization-list",
    ),
    path(
        ORGANIZATION,
        organizations.OrganizationViewSet.as_view(
            {"get": "retrieve", "patch": "partial_update", "delete": "destroy"}
        ),
        name="organization-detail",
    ),
    path(
        f"{ORGANIZATION}logo/",
        organizations.LogoViewSet.as_view({"put": "upload_logo", "delete": "remove_logo"}),
        name="organization-logo",
    ),
    path(
        f"{ORGANIZATION}transfer-ownership/",
        organizations.OwnershipViewSet.as_view({"post": "transfer"}),
        name="organization-transfer-ownership",
    ),
    path(
        f"{ORGANIZATION}leave/",
        organizations.OwnershipViewSet.as_view({"post": "leave"}),
        name="organization-leave",
    ),
    path(
        f"{ORGANIZATION}members/",
        members.MemberViewSet.as_view({"get": "list"}),
        name="member-list",
    ),
    path(
        f"{ORGANIZATION}members/<uuid:user_id>/",
        members.MemberViewSet.as_view(
            {"get": "retrieve", "patch": "partial_update", "delete": "destroy"}
        ),
        name="member-detail",
    ),
    path(
        f"{ORGANIZATION}invitations/",
        invitations.InvitationViewSet.as_view({"get": "list", "post": "create"}),
        name="invitation-list",
    ),
    path(
        f"{ORGANIZATION}invitations/<uuid:invitation_id>/",
        invitations.InvitationViewSet.as_view({"get": "retrieve"}),
        name="invitation-detail",
    ),
    path(
        f"{ORGANIZATION}invitations/<uuid:invitation_id>/revoke/",
        invitations.InvitationViewSet.as_view({"post": "revoke"}),
        name="invitation-revoke",
    ),
    path(
        f"{ORGANIZATION}invitations/<uuid:invitation_id>/resend/",
        invitations.InvitationViewSet.as_view({"post": "resend"}),
        name="invitation-resend",
    ),
    path(
        f"{ORGANIZATION}teams/",
        teams.TeamViewSet.as_view({"get": "list", "post": "create"}),
        name="team-list",
    ),
    path(
        TEAM,
        teams.TeamViewSet.as_view(
            {"get": "retrieve", "patch": "partial_update", "delete": "destroy"}
        ),
        name="team-detail",
    ),
    path(
        f"{TEAM}members/",
        teams.TeamMemberViewSet.as_view({"get": "list", "post": "create"}),
        name="team-member-list",
    ),
    path(
        f"{TEAM}members/<uuid:user_id>/",
        teams.TeamMemberViewSet.as_view(
            {"get": "retrieve", "patch": "partial_update", "delete": "destroy"}
        ),
        name="team-member-detail",
    ),
    path(
        f"{ORGANIZATION}billing/",
        billing.BillingViewSet.as_view({"get": "retrieve"}),
        name="organization-billing",
    ),
    path(
        f"{ORGANIZATION}invoices/",
        billing.InvoiceViewSet.as_view({"get": "list"}),
        name="invoice-list",
    ),
    path(
        f"{ORGANIZATION}invoices/<uuid:invoice_id>/",
        billing.InvoiceViewSet.as_view({"get": "retrieve"}),
        name="invoice-detail",
    ),
    path(
        f"{ORGANIZATION}usage/",
        billing.UsageViewSet.as_view({"get": "list"}),
        name="usage-list",
    ),
    path("plans/", plans.PlanViewSet.as_view({"get": "list"}), name="plan-list"),
    path(
        "plans/<uuid:plan_id>/",
        plans.PlanViewSet.as_view({"get": "retrieve"}),
        name="plan-detail",
    ),
    path(
        "securables/",
        securables.SecurableViewSet.as_view({"get": "list", "post": "create"}),
        name="securable-list",
    ),
    path(
        SECURABLE,
        securables.SecurableViewSet.as_view(
            {"get": "retrieve", "patch": "partial_update", "delete": "destroy"}
        ),
        name="securable-detail",
    ),
    path(
        f"{SECURABLE}shares/",
        securables.SecurableShareViewSet.as_view({"get": "list", "post": "create"}),
        name="securable-share-list",
    ),
    path(
        f"{SECURABLE}shares/users/<uuid:user_id>/",
        securables.UserShareViewSet.as_view(
            {"get": "retrieve", "patch": "partial_update", "delete": "destroy"}
        ),
        name="securable-share-user",
    ),
    path(
        f"{SECURABLE}shares/teams/<uuid:team_id>/",
        securables.TeamShareViewSet.as_view(
            {"get": "retrieve", "patch": "partial_update", "delete": "destroy"}
        ),
        name="securable-share-team",
    ),
]
