"""The operators' admin for accounts: users are opened and edited through the account
services (``user_create_by_operator``, ``user_update_by_operator``), so the admin shares
sign-up's and the profile page's validation: an address unique whatever its case, a name,
a known language and country. The forms validate with the services' cleaners, so a refusal
is a field error.

Django's own permission fields (active, staff, superuser, permissions) are saved as Django's
admin saves them. The user's organizations are shown by the organizations app's admin, which
extends this one (``accounts`` never imports ``organizations``).
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import BaseUserCreationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.services import (
    user_create_by_operator,
    user_email_available,
    user_profile_clean,
    user_update_by_operator,
)
from common.admin import ServiceAdminMixin, refusal_as_field_error, refusal_as_form_error

PROFILE_FIELDS = ("name", "city", "locale", "country")
# What the admin saves itself: Django's permission fields, outside the account rules.
PERMISSION_FIELDS = ("is_active", "is_staff", "is_superuser")


class UserCreationForm(BaseUserCreationForm):
    """E-mail and password: the custom user has no username."""

    class Meta:
        model = User
        fields = ("email", "name")

    def clean_email(self) -> str:
        with refusal_as_field_error():
            return user_email_available(self.cleaned_data["email"])

    def clean(self):
        cleaned_data = super().clean()
        # The model lets a name be blank; an account opened by the services may not.
        if "name" in cleaned_data:
            with refusal_as_form_error(self):
                cleaned_data["name"] = user_profile_clean(name=cleaned_data["name"])["name"]
        return cleaned_data


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"

    def clean_email(self) -> str:
        with refusal_as_field_error():
            return user_email_available(self.cleaned_data["email"], user=self.instance)

    def clean(self):
        cleaned_data = super().clean()
        if all(field in cleaned_data for field in PROFILE_FIELDS):
            with refusal_as_form_error(self):
                cleaned_data.update(
                    user_profile_clean(**{field: cleaned_data[field] for field in PROFILE_FIELDS})
                )
        return cleaned_data


@admin.register(User)
class UserAdmin(ServiceAdminMixin, DjangoUserAdmin):
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

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        return self.refusal_redirects_back(
            request, super().changeform_view, object_id, form_url, extra_context
        )

    def save_model(self, request, obj: User, form, change: bool) -> None:
        data = form.cleaned_data
        if not change:
            created = user_create_by_operator(
                acting_user=request.user,
                email=data["email"],
                name=data["name"],
                password=data["password1"],
            )
            # The admin goes on with the object it built (log entry, redirect): make it the
            # one the service created.
            obj.pk = created.pk
            obj.refresh_from_db()
            obj._state.adding = False
            return
        user_update_by_operator(
            acting_user=request.user,
            user=obj,
            email=data["email"],
            **{field: data[field] for field in PROFILE_FIELDS},
        )
        permissions = [field for field in PERMISSION_FIELDS if field in form.changed_data]
        if permissions:
            obj.save(update_fields=[*permissions, "updated_at"])
