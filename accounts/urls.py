from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import views
from accounts.forms import LoginForm
from accounts.password_reset import OutboxPasswordResetForm

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html",
            authentication_form=LoginForm,
            redirect_authenticated_user=True,
        ),
        name="login",
    ),
    path("logout/", views.SiteLogoutView.as_view(), name="logout"),
    # Sign-up and Profile are organizations' pages (they show organization data).
    path(
        "password-reset/",
        auth_views.PasswordResetView.as_view(
            template_name="accounts/password_reset_form.html",
            form_class=OutboxPasswordResetForm,
            email_template_name="accounts/email/password_reset.txt",
            subject_template_name="accounts/email/password_reset_subject.txt",
        ),
        name="password_reset",
    ),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html"
        ),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("profile/sign-in/", views.sign_in_settings, name="sign_in_settings"),
    path("profile/sign-in/password/", views.password_change, name="password_change"),
    path("profile/sign-in/email/", views.email_change, name="email_change"),
    path(
        "profile/sign-in/email/<str:token>/",
        views.email_change_confirm,
        name="email_change_confirm",
    ),
    path("profile/api-tokens/", views.api_tokens, name="api_tokens"),
    path(
        "profile/api-tokens/<uuid:api_token_id>/revoke/",
        views.api_token_revoke_view,
        name="api_token_revoke",
    ),
]
