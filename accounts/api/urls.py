from django.urls import path

from accounts.api import views

urlpatterns = [
    path("me/", views.MeView.as_view(), name="me"),
    path(
        "me/active-organization/",
        views.ActiveOrganizationView.as_view(),
        name="me-active-organization",
    ),
    path(
        "tokens/",
        views.ApiTokenViewSet.as_view({"get": "list", "post": "create"}),
        name="token-list",
    ),
    path(
        "tokens/<uuid:key>/",
        views.ApiTokenViewSet.as_view({"delete": "destroy"}),
        name="token-detail",
    ),
]
