from django.urls import path

from accounts.api import views

urlpatterns = [
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
