"""Reads of the accounts app."""

from django.db.models import QuerySet

from accounts.models import ApiToken, User


def user_api_tokens(user: User) -> QuerySet[ApiToken]:
    """The user's tokens that were not revoked (expired ones included), newest first."""
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).order_by("-created_at")


def user_by_email(email: str) -> User | None:
    """The user with this e-mail address whatever its case (addresses are unique so)."""
    return User.objects.filter(email__iexact=(email or "").strip()).first()
