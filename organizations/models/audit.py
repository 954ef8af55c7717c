import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    ORGANIZATION_CREATED = "organization.created", _("Organization created")
    ORGANIZATION_UPDATED = "organization.updated", _("Organization settings changed")
    ORGANIZATION_DELETED = "organization.deleted", _("Organization deleted")
    PLAN_CHANGED = "organization.plan_changed", _("Plan changed")
    OWNERSHIP_TRANSFERRED = "organization.ownership_transferred", _("Ownership transferred")
    MEMBER_JOINED = "member.joined", _("Member joined")
    MEMBER_ROLE_CHANGED = "member.role_changed", _("Member role changed")
    MEMBER_REMOVED = "member.removed", _("Member removed")
    MEMBER_LEFT = "member.left", _("Member left")
    INVITATION_SENT = "invitation.sent", _("Invitation sent")
    INVITATION_RESENT = "invitation.resent", _("Invitation resent")
    INVITATION_REVOKED = "invitation.revoked", _("Invitation revoked")
    INVITATION_ACCEPTED = "invitation.accepted", _("Invitation accepted")
    TEAM_CREATED = "team.created", _("Team created")
    TEAM_RENAMED = "team.renamed", _("Team renamed")
    TEAM_DELETED = "team.deleted", _("Team deleted")
    TEAM_MEMBER_ADDED = "team.member_added", _("Team member added")
    TEAM_MEMBER_REMOVED = "team.member_removed", _("Team member removed")
    TEAM_MEMBER_ROLE_CHANGED = "team.member_role_changed", _("Team role changed")
    SECURABLE_CREATED = "securable.created", _("Dashboard or dataset created")
    SECURABLE_UPDATED = "securable.updated", _("Dashboard or dataset changed")
    SECURABLE_DELETED = "securable.deleted", _("Dashboard or dataset deleted")
    SECURABLE_SHARED = "securable.shared", _("Dashboard or dataset shared")
    SECURABLE_SHARE_CHANGED = "securable.share_changed", _("Share level changed")
    SECURABLE_UNSHARED = "securable.unshared", _("Share revoked")
    PLUGIN_ASSOCIATED = "plugin.associated", _("Plugin made available")
    PLUGIN_DISSOCIATED = "plugin.dissociated", _("Plugin withdrawn")
    INVOICE_CREATED = "invoice.created", _("Invoice created")
    INVOICE_STATUS_CHANGED = "invoice.status_changed", _("Invoice status changed")
    SUBORGANIZATION_CREATED = "suborganization.created", _("Suborganization created")
    END_USER_CREATED = "end_user.created", _("End user created")
    EMBED_AUTHORIZATION_CREATED = "embed.created", _("Embed authorization created")
    EMBED_AUTHORIZATIONS_REVOKED = "embed.revoked", _("Embed authorizations revoked")
    ACCOUNT_DELETED = "account.deleted", _("Account deleted")
    ACCOUNT_CHANGED = "account.changed", _("E-mail or password changed")


class AuditEvent(models.Model):
    """Who did what to whom, when and from where. Append-only.

    E-mails and the organization's name are copied so that the record stays readable after
    the user or the organization is deleted.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organization"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_events",
    )
    organization_name = models.CharField(_("organization name"), max_length=200)
    action = models.CharField(_("action"), max_length=64, choices=AuditAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_email = models.EmailField(_("actor e-mail"), blank=True)
    by_operator = models.BooleanField(_("by an operator"), default=False)
    target_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("target user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    target_email = models.EmailField(_("target e-mail"), blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["organization", "-created_at"], name="audit_org_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.get_action_display()}"
