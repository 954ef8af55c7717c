import uuid

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from common.localized import localized_text
from organizations.roles import AccessLevel


class SecurableType(models.TextChoices):
    DASHBOARD = "dashboard", _("Dashboard")
    DATASET = "dataset", _("Dataset")


# One object permission per access level. A grant at a level is stored as that level's
# permission and every one below it (the levels are cumulative), so a guardian check such as
# ``has_perm("organizations.use_securable", securable)`` answers like the level does.
LEVEL_PERMISSIONS: dict[AccessLevel, str] = {
    AccessLevel.READ: "read_securable",
    AccessLevel.USE: "use_securable",
    AccessLevel.MODIFY: "modify_securable",
    AccessLevel.OWN: "own_securable",
}
PERMISSION_LEVELS: dict[str, AccessLevel] = {
    codename: level for level, codename in LEVEL_PERMISSIONS.items()
}


class Securable(models.Model):
    """A dashboard or a dataset of an organization.

    Private to its owner (and to its organization's owner and admins) until shared with
    users or teams; who may do what is decided by ``organizations.securable_access``.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    type = models.CharField(_("type"), max_length=10, choices=SecurableType.choices)
    name = models.JSONField(_("name"), help_text=_('Localized: {"en": "…", "nl": "…", "fr": "…"}.'))
    description = models.JSONField(_("description"), default=dict, blank=True)
    contents = models.JSONField(_("contents"), default=dict, blank=True)
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="securables",
    )
    # PROTECT: a securable is never lost with its owner's account. Leaving or being removed
    # from the organization hands it to the organization's owner first.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="owned_securables",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("securable")
        verbose_name_plural = _("securables")
        ordering = ["-updated_at", "id"]
        permissions = [
            ("read_securable", _("Read")),
            ("use_securable", _("Use")),
            ("modify_securable", _("Modify")),
            ("own_securable", _("Own")),
        ]
        indexes = [
            models.Index(fields=["organization", "type"], name="securable_org_type"),
            models.Index(fields=["owner", "organization"], name="securable_owner_org"),
            models.Index(fields=["-updated_at", "id"], name="securable_recent"),
            # "What may this user see", most recent first, read source by source (issue 11).
            models.Index(fields=["owner", "-updated_at", "id"], name="securable_owner_recent"),
            models.Index(fields=["organization", "-updated_at", "id"], name="securable_org_recent"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(type__in=SecurableType.values), name="securable_type_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return localized_text(self.name) or str(self.pk)

    @property
    def display_description(self) -> str:
        return localized_text(self.description)


class SecurableUserObjectPermission(UserObjectPermissionBase):
    """A user's object permissions on a securable: guardian's direct foreign-key table."""

    content_object = models.ForeignKey(
        Securable,
        verbose_name=_("securable"),
        on_delete=models.CASCADE,
        related_name="user_grants",
    )
    # No index of its own: the unique index below starts with it.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="securable_grants",
        db_index=False,
    )
    # A copy of the securable's ``updated_at`` (the lists' order), kept in step by the
    # securable services: a user's grants can then be read most recent first from an
    # index, and cut at the page, without reading every securable shared with them.
    securable_updated_at = models.DateTimeField(_("securable updated at"), editable=False)

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = _("securable user permission")
        verbose_name_plural = _("securable user permissions")
        # Guardian's uniqueness, its columns in the order the access queries read them: a
        # user's grants, then their grants on one securable.
        unique_together = [("user", "content_object", "permission")]
        indexes = [
            models.Index(
                fields=["user", "-securable_updated_at", "content_object"],
                name="securable_user_grant_recent",
            )
        ]


class SecurableGroupObjectPermission(GroupObjectPermissionBase):
    """A group's (a team's) object permissions on a securable: guardian's direct table.

    Deleting a team deletes its group, and with it every grant made to the team.
    """

    content_object = models.ForeignKey(
        Securable,
        verbose_name=_("securable"),
        on_delete=models.CASCADE,
        related_name="team_grants",
    )
    # No index of its own: the unique index below starts with it.
    group = models.ForeignKey(
        Group,
        verbose_name=_("group"),
        on_delete=models.CASCADE,
        related_name="securable_grants",
        db_index=False,
    )
    # As on the user grants: the securable's ``updated_at``, kept in step by its services.
    securable_updated_at = models.DateTimeField(_("securable updated at"), editable=False)

    class Meta(GroupObjectPermissionBase.Meta):
        verbose_name = _("securable team permission")
        verbose_name_plural = _("securable team permissions")
        # Guardian's uniqueness, its columns in the order the access queries read them: a
        # team's grants, then its grants on one securable.
        unique_together = [("group", "content_object", "permission")]
        indexes = [
            models.Index(
                fields=["group", "-securable_updated_at", "content_object"],
                name="securable_team_grant_recent",
            )
        ]
