from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import BaseUserCreationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _

from accounts.models import User


class UserCreationForm(BaseUserCreationForm):
    """E-mail and password: the custom user has no username."""

    class Meta:
        model = User
        fields = ("email", "name")

    def clean_email(self) -> str:
        # Stored lower-case, so the case-insensitive unique constraint sees the real value.
        return User.objects.normalize_email(self.cleaned_data["email"]).lower()


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"

    def clean_email(self) -> str:
        return User.objects.normalize_email(self.cleaned_data["email"]).lower()


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserEditForm
    add_form = UserCreationForm
    # Team membership is mirrored into each team's permission group by the team services;
    # editing ``groups`` here would desynchronize the two, so the field is not offered.
    # The active organization changes by switching organizations (only to one the user
    # belongs to), so it is shown, not edited.
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("name", "city", "country", "locale")}),
        (_("Organizations"), {"fields": ("active_organization",)}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "created_at", "updated_at")}),
    )
    add_fieldsets = (
        (
            None,
            {"classes": ("wide",), "fields": ("email", "name", "password1", "password2")},
        ),
    )
    readonly_fields = ("active_organization", "last_login", "created_at", "updated_at")
    list_display = ("email", "name", "active_organization", "is_staff", "created_at")
    list_select_related = ("active_organization",)
    list_filter = ("is_staff", "is_superuser", "is_active", "locale")
    search_fields = ("email", "name")
    ordering = ("email",)
    filter_horizontal = ("user_permissions",)
