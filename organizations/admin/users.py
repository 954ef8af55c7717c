"""A user's organizations on their admin page: the accounts app's UserAdmin, extended here
with a read-only memberships inline (``accounts`` doesn't know about organizations)."""

from django.contrib import admin

from accounts.admin import UserAdmin
from accounts.models import User
from common.admin import ReadOnlyAdminMixin
from organizations.models import Membership


class UserMembershipInline(ReadOnlyAdminMixin, admin.TabularInline):
    """The user's organizations. Read-only: roles change through the services (the
    organization's Users tab, or the Transfer ownership action), never by a plain save."""

    model = Membership
    fk_name = "user"
    fields = ("organization", "role", "created_at")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organization")


class UserWithOrganizationsAdmin(UserAdmin):
    inlines = (UserMembershipInline,)

    def get_inlines(self, request, obj):
        # A user being added has no memberships yet.
        return self.inlines if obj is not None else ()


admin.site.unregister(User)
admin.site.register(User, UserWithOrganizationsAdmin)
