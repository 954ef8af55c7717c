from django.urls import path

from organizations.api import views_securables as views

SECURABLE = "securables/<uuid:securable_id>/"

urlpatterns = [
    path(
        "securables/",
        views.SecurableViewSet.as_view({"get": "list", "post": "create"}),
        name="securable-list",
    ),
    path(
        SECURABLE,
        views.SecurableViewSet.as_view(
            {"get": "retrieve", "patch": "partial_update", "delete": "destroy"}
        ),
        name="securable-detail",
    ),
    path(
        f"{SECURABLE}shares/",
        views.SecurableShareViewSet.as_view({"get": "list", "post": "create"}),
        name="securable-share-list",
    ),
    path(
        f"{SECURABLE}shares/users/<uuid:user_id>/",
        views.UserShareViewSet.as_view(
            {"get": "retrieve", "patch": "partial_update", "delete": "destroy"}
        ),
        name="securable-share-user",
    ),
    path(
        f"{SECURABLE}shares/teams/<uuid:team_id>/",
        views.TeamShareViewSet.as_view(
            {"get": "retrieve", "patch": "partial_update", "delete": "destroy"}
        ),
        name="securable-share-team",
    ),
]
