from django.urls import path

from organizations.api import billing, embed, suborganizations, views

ORGANIZATION = "organizations/<uuid:organization_id>/"
TEAM = f"{ORGANIZATION}teams/<uuid:team_id>/"

urlpatterns = [
    path(
        "organizations/",
        views.OrganizationViewSet.as_view({"get": "list", "post": "create"}),
        name="organization-list",
    ),
    path(
        ORGANIZATION,
        views.OrganizationViewSet.as_view(
            {"get": "retrieve", "patch": "partial_update", "delete": "destroy"}
        ),
        name="organization-detail",
    ),
    path(
        f"{ORGANIZATION}logo/",
        views.LogoViewSet.as_view({"put": "upload_logo", "delete": "remove_logo"}),
        name="organization-logo",
    ),
    path(
        f"{ORGANIZATION}transfer-ownership/",
        views.OwnershipViewSet.as_view({"post": "transfer"}),
        name="organization-transfer-ownership",
    ),
    path(
        f"{ORGANIZATION}leave/",
        views.OwnershipViewSet.as_view({"post": "leave"}),
        name="organization-leave",
    ),
    path(
        f"{ORGANIZATION}members/",
        views.MemberViewSet.as_view({"get": "list"}),
        name="member-list",
    ),
    path(
        f"{ORGANIZATION}members/<uuid:user_id>/",
        views.MemberViewSet.as_view(
            {"get": "retrieve", "patch": "partial_update", "delete": "destroy"}
        ),
        name="member-detail",
    ),
    path(
        f"{ORGANIZATION}invitations/",
        views.InvitationViewSet.as_view({"get": "list", "post": "create"}),
        name="invitation-list",
    ),
    path(
        f"{ORGANIZATION}invitations/<uuid:invitation_id>/",
        views.InvitationViewSet.as_view({"get": "retrieve"}),
        name="invitation-detail",
    ),
    path(
        f"{ORGANIZATION}invitations/<uuid:invitation_id>/revoke/",
        views.InvitationViewSet.as_view({"post": "revoke"}),
        name="invitation-revoke",
    ),
    path(
        f"{ORGANIZATION}invitations/<uuid:invitation_id>/resend/",
        views.InvitationViewSet.as_view({"post": "resend"}),
        name="invitation-resend",
    ),
    path(
        f"{ORGANIZATION}teams/",
        views.TeamViewSet.as_view({"get": "list", "post": "create"}),
        name="team-list",
    ),
    path(
        TEAM,
        views.TeamViewSet.as_view(
            {"get": "retrieve", "patch": "partial_update", "delete": "destroy"}
        ),
        name="team-detail",
    ),
    path(
        f"{TEAM}members/",
        views.TeamMemberViewSet.as_view({"get": "list", "post": "create"}),
        name="team-member-list",
    ),
    path(
        f"{TEAM}members/<uuid:user_id>/",
        views.TeamMemberViewSet.as_view(
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
    path("plans/", views.PlanViewSet.as_view({"get": "list"}), name="plan-list"),
    path(
        "plans/<uuid:plan_id>/",
        views.PlanViewSet.as_view({"get": "retrieve"}),
        name="plan-detail",
    ),
]
urlpatterns += suborganizations.urlpatterns
urlpatterns += embed.urlpatterns
