import uuid

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _

from organizations.roles import TeamRole

DEFAULT_TEAM_NAME = "My Team"


class Team(models.Model):
    """A group of an organization's members; securables can be shared with it.

    Each team owns one ``auth.Group`` so that django-guardian can grant object permissions
    to the team; the group's users mirror the team's members.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="teams",
    )
    name = models.CharField(_("name"), max_length=100)
    # The name by language, when it was given so (the Core API's localized group names);
    # empty: ``name`` in every language. ``name`` is one of these texts.
    name_translations = models.JSONField(_("name translations"), default=dict, blank=True)
    group = models.OneToOneField(
        Group, verbose_name=_("permission group"), on_delete=models.PROTECT, related_name="team"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "name"], name="team_name_unique_in_organization"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class TeamMembership(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="team_memberships",
    )
    role = models.CharField(
        _("team role"), max_length=10, choices=TeamRole.choices, default=TeamRole.MEMBER
    )
    created_at = models.DateTimeField(_("joined at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("team membership")
        verbose_name_plural = _("team memberships")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["team", "user"], name="team_membership_one_per_user"),
            models.CheckConstraint(
                condition=models.Q(role__in=TeamRole.values), name="team_membership_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.team} · {self.get_role_display()}"
