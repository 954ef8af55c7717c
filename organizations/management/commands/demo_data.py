"""Creates the demo organization of seed 001, through the services, idempotently.

Members join the way real ones do (an invitation, then its acceptance), so the rules hold
and the audit log tells the story. Passwords are never stored in the repository: each run
sets a new one (or the one given) on the owner and the operator, and prints it.
"""

import secrets

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from organizations.models import Membership, Organization, Plan, Team
from organizations.roles import OrganizationRole, TeamRole
from organizations.services.invitation import invitation_accept, invitation_create
from organizations.services.organization import organization_change_plan, organization_create
from organizations.services.team import team_create, team_member_add
from outbox.selectors import outbox_undelivered_since

ORGANIZATION_NAME = {"en": "Your organization", "nl": "Jouw organisatie", "fr": "Ton association"}
ORGANIZATION_REGION = "EU"
ORGANIZATION_COUNTRY = "BE"
ORGANIZATION_PLAN = "enterprise"
OWNER = ("owner@test.com", "Olivia Owens")
OPERATOR = ("operator@test.com", "Oscar Operator")
# The users of seed 001, all members with the English locale.
MEMBERS = [
    ("amy@test.com", "Amy Evans"),
    ("david@test.com", "David Contorence"),
    ("julia@test.com", "Julia Robinson"),
]
SECOND_TEAM = "Analysts"
SECOND_TEAM_MEMBERS = ["amy@test.com", "julia@test.com"]


class Command(BaseCommand):
    help = (
        "Creates the demo organization (seed 001: Your organization, with Amy Evans, David "
        "Contorence and Julia Robinson), its owner and an operator for the admin. Safe to run "
        "again: only the password of the owner and the operator changes."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--password",
            help="Password for the owner and the operator; default: a new random one each run.",
        )
        parser.add_argument(
            "--site-url",
            help="Address of the site in the printed login (make run passes its port); "
            "default: SITE_URL.",
        )

    def handle(
        self, *args, password: str | None = None, site_url: str | None = None, **options
    ) -> None:
        password = password or secrets.token_urlsafe(12)
        started = timezone.now()
        committed = False

        def mark_committed() -> None:
            nonlocal committed
            committed = True

        try:
            with transaction.atomic():
                # Registered first, so it runs before the invitation e-mails after commit.
                transaction.on_commit(mark_committed)
                organization = self._populate(password)
        except Exception as error:
            if not committed:
                raise
            # Only the invitation e-mails run after the commit: the data is in place.
            self.stderr.write(
                self.style.WARNING(f"Demo data created, but an e-mail could not be sent: {error}")
            )
            organization = demo_organization(User.objects.get(email=OWNER[0]))
        # The e-mails wait in the outbox; where a worker already tried one (tasks run at once),
        # say that it failed and will be tried again.
        undelivered = list(outbox_undelivered_since(started))
        if undelivered:
            self.stderr.write(
                self.style.WARNING(
                    f"Demo data created, but {len(undelivered)} e-mail(s) could not be sent "
                    f"yet ({undelivered[0].last_error}); the worker tries again."
                )
            )
        self._print_login(organization, password, (site_url or settings.SITE_URL).rstrip("/"))

    def _populate(self, password: str) -> Organization:
        operator = self._user(*OPERATOR)
        operator.is_staff = operator.is_superuser = True
        operator.set_password(password)
        operator.save(update_fields=["is_staff", "is_superuser", "password", "updated_at"])
        owner = self._user(*OWNER)
        owner.set_password(password)
        owner.save(update_fields=["password", "updated_at"])

        organization = demo_organization(owner)
        if organization is None:
            organization = organization_create(
                acting_user=owner,
                name=ORGANIZATION_NAME,
                region=ORGANIZATION_REGION,
                country=ORGANIZATION_COUNTRY,
            )
            organization = organization_change_plan(
                acting_user=owner,
                organization=organization,
                plan=Plan.objects.get(code=ORGANIZATION_PLAN),
            )

        first_team = organization.teams.order_by("created_at").first()
        members = {}
        for email, name in MEMBERS:
            user = self._user(email, name, locale="en")
            members[email] = user
            if not Membership.objects.filter(organization=organization, user=user).exists():
                invitation = invitation_create(
                    acting_user=owner,
                    organization=organization,
                    email=email,
                    name=name,
                    role=OrganizationRole.MEMBER,
                    teams=[first_team],
                    team_role=TeamRole.MEMBER,
                )
                invitation_accept(acting_user=user, token=invitation.token)

        team = Team.objects.filter(organization=organization, name=SECOND_TEAM).first()
        if team is None:
            team = team_create(acting_user=owner, organization=organization, name=SECOND_TEAM)
        for email in SECOND_TEAM_MEMBERS:
            if not team.memberships.filter(user=members[email]).exists():
                team_member_add(acting_user=owner, team=team, user=members[email])
        return organization

    def _user(self, email: str, name: str, **fields) -> User:
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            # No usable password: only the owner and the operator log in to the demo.
            user = User.objects.create_user(email, name=name, **fields)
        return user

    def _print_login(self, organization: Organization, password: str, site_url: str) -> None:
        member_names = ", ".join(name for _email, name in MEMBERS)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo organization “{organization.display_name}” is ready "
                f"({organization.region}, {organization.country.code}, {organization.plan}) "
                f"with {member_names}."
            )
        )
        self.stdout.write(
            "\n".join(
                [
                    "",
                    "  Site        " + site_url + reverse("login"),
                    f"  Owner       {OWNER[0]}",
                    "  Admin       " + site_url + reverse("admin:index"),
                    f"  Operator    {OPERATOR[0]}",
                    f"  Password    {password}   (both accounts)",
                    "",
                ]
            )
        )


def demo_organization(owner: User) -> Organization | None:
    """The demo organization if it exists: the owner's organization of that name (the
    owner stays a member even if ownership was transferred meanwhile)."""
    return (
        Organization.objects.filter(memberships__user=owner, name__en=ORGANIZATION_NAME["en"])
        .select_related("plan")
        .order_by("created_at")
        .first()
    )
