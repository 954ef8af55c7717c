from django.contrib.auth.decorators import login_required
from django.urls import include, path

from peer_site import views

urlpatterns = [
    path("floor/", views.floor),
    path(
        "organizations/<int:organization_pk>/people/paged/",
        login_required(views.OrganizationUserPage.as_view()),
    ),
    path("organizations/", include("organizations.urls")),
]
