from django.db import connection
from django.http import HttpResponse
from django.views.generic import ListView

from organizations.views.mixins import MembershipRequiredMixin, OrganizationMixin


def floor(request):
    """The floor: the least a Django view on this database can cost."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return HttpResponse("ok", content_type="text/plain")


class OrganizationUserPage(MembershipRequiredMixin, OrganizationMixin, ListView):
    """django-organizations' organization-user list, 50 a page: its own membership check
    and its own row markup, only the list paged as a project using it would page it."""

    paginate_by = 50
    template_name = "peer/organizationuser_page.html"

    def get_queryset(self):
        return self.organization.organization_users.all()
