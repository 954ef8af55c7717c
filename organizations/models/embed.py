"""Embedding: suborganizations, their end users and the short-lived pairs they act with.

An organization's server asks the Core API for an embed authorization for one of *its* end
users (Luzmo's ``create authorization`` with ``type: "embed"``). The end user lives in a
suborganization of the caller's organization: a child organization created on first use,
in the parent's region, billed to and metered for the parent. End users have no password
and no membership anywhere: they act only through their embed pairs, each reading exactly
the securables granted with it (``EmbedGrant``) for the pair's life.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organizations.roles import AccessLevel


class EndUserRole(models.TextChoices):
    """Luzmo's embed roles, stored and answered; an embed pair only reads what it grants,
    whatever the role."""

    VIEWER = "viewer", _("Viewer")
    DESIGNER = "designer", _("Designer")
    OWNER = "owner", _("Owner")


class Suborganization(models.Model):
    """A child organization of ``parent``, named by the parent's server. It has no members
    of its own: the parent's owner and admins govern it, and it never sees the parent's
    data."""

    organization = models.OneToOneField(
        "organizations.Organization",
        verbose_name=_("organization"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="as_suborganization",
    )
    parent = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("parent organization"),
        on_delete=models.CASCADE,
        related_name="suborganizations",
    )
    # The name as the parent's server writes it (Luzmo's ``suborganization`` property).
    name = models.CharField(_("name"), max_length=200)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("suborganization")
        verbose_name_plural = _("suborganizations")
        ordering = ["parent", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "name"], name="suborganization_name_unique_per_parent"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class EndUser(models.Model):
    """An end user of an organization's own product, known by the ``username`` that the
    organization's server gives (immutable, unique within that organization)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="end_user",
    )
    parent = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("parent organization"),
        on_delete=models.CASCADE,
        related_name="end_users",
    )
    suborganization = models.ForeignKey(
        Suborganization,
        verbose_name=_("suborganization"),
        on_delete=models.CASCADE,
        related_name="end_users",
    )
    username = models.CharField(_("username"), max_length=255)
    # The address the parent gives, which is no login: the account's own e-mail is a
    # placeholder, so that an end user never collides with (or takes over) an account.
    email = models.EmailField(_("email"), blank=True)
    role = models.CharField(
        _("role"), max_length=10, choices=EndUserRole.choices, default=EndUserRole.VIEWER
    )
    locale = models.CharField(_("language"), max_length=16, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("end user")
        verbose_name_plural = _("end users")
        ordering = ["username"]
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "username"], name="end_user_username_unique_per_parent"
            ),
        ]
        indexes = [
            models.Index(fields=["suborganization", "username"], name="end_user_suborganization"),
        ]

    def __str__(self) -> str:
        return self.username


class EmbedAuthorizationQuerySet(models.QuerySet["EmbedAuthorization"]):
    def usable(self) -> "EmbedAuthorizationQuerySet":
        """Not revoked and not expired (idleness is checked on the row: it depends on its
        own interval)."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class EmbedAuthorization(models.Model):
    """A short-lived key/token pair of an end user. The key is the row's id; only the
    SHA-256 of the token is stored, as for API tokens."""

    id = models.UUIDField(_("key"), primary_key=True, default=uuid.uuid4, editable=False)
    end_user = models.ForeignKey(
        EndUser,
        verbose_name=_("end user"),
        on_delete=models.CASCADE,
        related_name="authorizations",
    )
    # Who asked for it: an owner or admin of the parent organization.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(_("expires at"))
    inactivity_interval = models.DurationField(_("inactivity interval"), null=True, blank=True)
    metadata = models.JSONField(_("metadata"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = EmbedAuthorizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("embed authorization")
        verbose_name_plural = _("embed authorizations")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["end_user", "-created_at"], name="embed_authorization_user"),
        ]

    def __str__(self) -> str:
        return f"{self.end_user} ({self.pk})"

    def idle_since(self, now) -> bool:
        """Has it gone unused for longer than its inactivity interval?"""
        if self.inactivity_interval is None:
            return False
        return now - (self.last_used_at or self.created_at) > self.inactivity_interval


class EmbedGrant(models.Model):
    """One securable an embed authorization reads, at one access level."""

    authorization = models.ForeignKey(
        EmbedAuthorization,
        verbose_name=_("embed authorization"),
        on_delete=models.CASCADE,
        related_name="grants",
    )
    securable = models.ForeignKey(
        "organizations.Securable",
        verbose_name=_("securable"),
        on_delete=models.CASCADE,
        related_name="embed_grants",
    )
    level = models.PositiveSmallIntegerField(_("access level"), choices=AccessLevel.choices)

    class Meta:
        verbose_name = _("embed grant")
        verbose_name_plural = _("embed grants")
        constraints = [
            models.UniqueConstraint(
                fields=["authorization", "securable"], name="embed_grant_one_per_securable"
            ),
            models.CheckConstraint(
                condition=models.Q(level__in=AccessLevel.values), name="embed_grant_level_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.securable_id} · {self.get_level_display()}"
