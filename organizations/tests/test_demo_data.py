"""The demo_data command reproduces seed 001 through the services, and is idempotent."""

import pytest
from django.contrib.auth import authenticate
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command

from accounts.models import User
from organizations.models import AuditEvent, Invitation, Membership, Organization, Team
from organizations.roles import OrganizationRole

SEED_NAME = {"en": "Your organization", "nl": "Jouw organisatie", "fr": "Ton association"}
SEED_MEMBERS = {
    "amy@test.com": "Amy Evans",
    "david@test.com": "David Contorence",
    "julia@test.com": "Julia Robinson",
}


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (User, Organization, Membership, Team, Invitation, AuditEvent)
    }


def run(password: str | None = None, capsys=None) -> str:
    options = {"password": password} if password else {}
    call_command("demo_data", **options)
    return capsys.readouterr().out if capsys else ""


@pytest.mark.django_db
def test_demo_data_reproduces_the_seed_organization(capsys):
    output = run("first-demo-pass", capsys)

    organization = Organization.objects.get()
    assert organization.name == SEED_NAME
    assert (organization.region, organization.country.code) == ("EU", "BE")
    assert organization.plan.code == "enterprise"
    assert "(EU, BE, Enterprise)" in output
    memberships = Membership.objects.filter(organization=organization).select_related("user")
    roles = {membership.user.email: membership.role for membership in memberships}
    assert roles == {
        "owner@test.com": OrganizationRole.OWNER,
        "amy@test.com": OrganizationRole.MEMBER,
        "david@test.com": OrganizationRole.MEMBER,
        "julia@test.com": OrganizationRole.MEMBER,
    }
    for email, name in SEED_MEMBERS.items():
        user = User.objects.get(email=email)
        assert (user.name, user.locale, user.active_organization) == (name, "en", organization)
    analysts = organization.teams.get(name="Analysts")
    assert {m.user.email for m in analysts.memberships.select_related("user")} == {
        "amy@test.com",
        "julia@test.com",
    }
    assert organization.teams.get(name="My Team").memberships.count() == 4
    # Members joined by accepting invitations, as real ones do.
    assert Invitation.objects.filter(organization=organization, status="accepted").count() == 3
    operator = User.objects.get(email="operator@test.com")
    assert operator.is_staff and operator.is_superuser
    assert authenticate(email="owner@test.com", password="first-demo-pass") is not None
    assert authenticate(email="operator@test.com", password="first-demo-pass") == operator
    assert "http://localhost:8000/admin/" in output
    assert "owner@test.com" in output and "operator@test.com" in output
    assert "first-demo-pass" in output


@pytest.mark.django_db
def test_running_it_again_creates_nothing_and_only_changes_the_password():
    run("first-demo-pass")
    before = counts()

    run("second-demo-pass")

    assert counts() == before
    assert Organization.objects.filter(name__en="Your organization").count() == 1
    assert User.objects.filter(email__in=[*SEED_MEMBERS, "owner@test.com"]).count() == 4
    assert (
        Membership.objects.filter(role=OrganizationRole.OWNER).get().user.email == "owner@test.com"
    )
    assert authenticate(email="owner@test.com", password="first-demo-pass") is None
    assert authenticate(email="owner@test.com", password="second-demo-pass") is not None


@pytest.mark.django_db
def test_without_a_password_each_run_generates_a_new_one(capsys):
    first = run(capsys=capsys)
    second = run(capsys=capsys)

    def password_of(output: str) -> str:
        line = next(line for line in output.splitlines() if "Password" in line)
        return line.split()[1]

    assert password_of(first) != password_of(second)
    assert authenticate(email="owner@test.com", password=password_of(second)) is not None
    assert Organization.objects.count() == 1


class UnreachableMailServer(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("mail server unreachable")


# Committed for real (the invitation e-mails are sent after the commit); the flush that
# follows would drop the plan catalogue, which serialized_rollback restores.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_e_mail_failure_does_not_fail_the_demo(settings, capsys):
    settings.EMAIL_BACKEND = f"{__name__}.UnreachableMailServer"

    call_command("demo_data", password="demo-pass-123")

    captured = capsys.readouterr()
    assert "could not be sent" in captured.err
    assert "demo-pass-123" in captured.out
    assert Membership.objects.filter(organization__name__en="Your organization").count() == 4


@pytest.mark.django_db
def test_the_printed_login_follows_the_port_make_run_serves_on(settings, capsys):
    """`make run PORT=8841` passes its address: the login printed is the one that works."""
    settings.SITE_URL = "http://localhost:8000"

    call_command("demo_data", password="demo-pass-123", site_url="http://localhost:8841/")

    output = capsys.readouterr().out
    assert "  Site        http://localhost:8841/login/" in output
    assert "  Admin       http://localhost:8841/admin/" in output
    assert "8000" not in output
