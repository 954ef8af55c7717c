import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from organizations.roles import ORGANIZATION_ROLES, OrganizationRole


class Membership(models.Model):
    """A user's place in an organization, with their organization role."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(
        _("role"), max_length=10, choices=OrganizationRole.choices, default=OrganizationRole.MEMBER
    )
    # Copies of the user's name and e-mail, kept in step by organizations.receivers, so that
    # the member lists sort and page on an index of this table: ordering across the join to
    # the user table is served by no index and sorts every member on each page.
    user_name = models.CharField(_("name"), max_length=150, blank=True, editable=False)
    user_email = models.CharField(_("email"), max_length=254, blank=True, editable=False)
    # The role's rank (owner highest), computed by the database from the role, so that
    # "sort by role" is an index too.
    role_rank = models.GeneratedField(
        expression=models.Case(
            *(
                models.When(role=role, then=models.Value(spec.rank))
                for role, spec in ORGANIZATION_ROLES.items()
            ),
            default=models.Value(0),
        ),
        output_field=models.SmallIntegerField(),
        db_persist=True,
    )
    created_at = models.DateTimeField(_("joined at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["created_at"]
        # Each order a member list offers, within one organization, ending with the primary
        # key so that a page of ids is read from the index alone.
        indexes = [
            models.Index(
                fields=["organization", "user_name", "user_email", "id"],
                name="membership_org_by_name",
            ),
            models.Index(
                fields=["organization", "user_email", "id"], name="membership_org_by_email"
            ),
            models.Index(
                fields=["organization", "-role_rank", "user_name", "user_email", "id"],
                name="membership_org_by_role",
            ),
            models.Index(
                fields=["organization", "created_at", "id"], name="membership_org_by_joined"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization"], name="membership_one_per_user_and_organization"
            ),
            # Exactly one owner: at most one by this index; services never leave none.
            models.UniqueConstraint(
                fields=["organization"],
                condition=models.Q(role=OrganizationRole.OWNER),
                name="membership_one_owner_per_organization",
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=OrganizationRole.values), name="membership_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"

    def save(self, *args, **kwargs):
        # A copy, not a rule: whoever creates a membership gets the sort key filled in.
        if self.user_id is not None and not self.user_email:
            self.user_name, self.user_email = self.user.name, self.user.email
        super().save(*args, **kwargs)
