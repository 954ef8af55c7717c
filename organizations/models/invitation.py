import uuid

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organizations.roles import INVITABLE_ROLES, OrganizationRole, TeamRole


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    REVOKED = "revoked", _("Revoked")
    # Never stored: a pending invitation past its expiry is shown as expired.
    EXPIRED = "expired", _("Expired")


STORED_STATUSES = [
    InvitationStatus.PENDING,
    InvitationStatus.ACCEPTED,
    InvitationStatus.REVOKED,
]


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def pending(self) -> "InvitationQuerySet":
        """Pending and still valid: these hold a seat and can be accepted."""
        return self.filter(status=InvitationStatus.PENDING, expires_at__gt=timezone.now())

    def with_display_status(self) -> "InvitationQuerySet":
        return self.annotate(
            display_status=models.Case(
                models.When(
                    status=InvitationStatus.PENDING,
                    expires_at__lte=timezone.now(),
                    then=models.Value(InvitationStatus.EXPIRED.value),
                ),
                default="status",
                output_field=models.CharField(),
            )
        )


class Invitation(models.Model):
    """An invitation to join an organization, accepted through a single-use e-mailed link.

    Only the SHA-256 hash of the link's token is stored.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    email = models.EmailField(_("email"))
    name = models.CharField(_("name"), max_length=150, blank=True)
    role = models.CharField(
        _("role"),
        max_length=10,
        choices=[(role.value, role.label) for role in INVITABLE_ROLES],
        default=OrganizationRole.MEMBER,
    )
    teams = models.ManyToManyField(
        "organizations.Team", verbose_name=_("teams"), related_name="invitations"
    )
    team_role = models.CharField(
        _("team role"), max_length=10, choices=TeamRole.choices, default=TeamRole.MEMBER
    )
    note = models.TextField(_("note"), blank=True, max_length=2000)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sent_invitations",
    )
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=[(status.value, status.label) for status in STORED_STATUSES],
        default=InvitationStatus.PENDING,
    )
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    # The outbox row of the e-mail carrying this invitation's link: whether it was delivered.
    email_message = models.ForeignKey(
        "outbox.OutboxMessage",
        verbose_name=_("e-mail"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                "organization",
                Lower("email"),
                condition=models.Q(status=InvitationStatus.PENDING),
                name="invitation_one_pending_per_email",
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=[role.value for role in INVITABLE_ROLES]),
                name="invitation_role_never_owner",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=[status.value for status in STORED_STATUSES]),
                name="invitation_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.organization}"

    @property
    def is_expired(self) -> bool:
        return self.status == InvitationStatus.PENDING and self.expires_at <= timezone.now()

    @property
    def current_status(self) -> str:
        return InvitationStatus.EXPIRED.value if self.is_expired else self.status
