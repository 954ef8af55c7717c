"""Invitations, from the owner's Users tab to the invitee's first page in the organization,
through the e-mail actually sent."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from e2e.helpers import (
    flash,
    invitation_link,
    last_email_to,
    log_in,
    member_row,
    organization_switcher,
)
from organizations.models import Invitation

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def invite(page, *, email: str, name: str, note: str = "") -> None:
    """Organization → Users → Invite a new user, with the defaults (member, My Team, team
    member)."""
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Organization").click()
    page.get_by_text("Invite a new user").click()
    page.get_by_label("Email").fill(email)
    page.get_by_label("Name").fill(name)
    expect(page.get_by_label(re.compile("^Role"))).to_have_value("member")
    expect(page.get_by_label("My Team")).to_be_checked()
    expect(page.get_by_label("Team role")).to_have_value("member")
    if note:
        page.get_by_label("Note").fill(note)
    page.get_by_role("button", name="Save").click()
    expect(flash(page, f"Invitation sent to {email}.")).to_be_visible()


def sign_up_from(page, link: str, *, email: str, name: str) -> None:
    """Opens an invitation link logged out and creates the invited account from it."""
    page.goto(link)
    expect(page.get_by_text(f"You are invited to join Acme as {email}.")).to_be_visible()
    page.get_by_role("link", name="Create your account and accept").click()
    expect(page.get_by_label("Email")).to_have_value(email)
    expect(page.get_by_label("Email")).to_be_disabled()
    expect(page.get_by_label("Name")).to_have_value(name)
    page.get_by_label("Password").fill("a long and unusual passphrase")
    page.get_by_role("button", name="Sign up and accept invitation").click()
    expect(flash(page, "Welcome! You joined Acme.")).to_be_visible()


def test_an_invitee_signs_up_from_the_email_and_lands_in_the_organization_and_team(
    new_page, owner, organization, live_server
):
    owner_page = new_page()
    log_in(owner_page, owner.email)
    invite(owner_page, email="ivy@example.test", name="Ivy Invitee", note="Welcome aboard!")
    expect(member_row(owner_page, "ivy@example.test")).to_contain_text("Pending")

    email = last_email_to("ivy@example.test")
    assert email.subject == "You are invited to join Acme"
    assert "Welcome aboard!" in email.body
    assert "Olivia Owner invites you to join Acme." in email.body

    # The link points at the site as the owner's browser reached it (the live server's own
    # port, not SITE_URL's).
    assert invitation_link(email).startswith(f"{live_server.url}/invitations/")
    invitee_page = new_page()
    sign_up_from(invitee_page, invitation_link(email), email="ivy@example.test", name="Ivy Invitee")
    # The new member works in Acme at once: the switcher shows it, and so does My Team.
    expect(organization_switcher(invitee_page)).to_contain_text("Acme")
    invitee_page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Organization"
    ).click()
    expect(invitee_page.get_by_text("Your role: Member")).to_be_visible()
    invitee_page.get_by_role("link", name="Teams").click()
    invitee_page.get_by_role("link", name="My Team").click()
    expect(member_row(invitee_page, "Ivy Invitee")).to_contain_text("Team member")

    # The owner sees a member where the invitation was.
    owner_page.reload()
    expect(member_row(owner_page, "Ivy Invitee")).to_contain_text("Member")
    expect(owner_page.get_by_text("No pending or expired invitations.")).to_be_visible()


def test_an_expired_invitation_is_resent_and_only_the_new_link_works(new_page, owner, organization):
    owner_page = new_page()
    log_in(owner_page, owner.email)
    invite(owner_page, email="late@example.test", name="Lee Late")
    old_link = invitation_link(last_email_to("late@example.test"))
    Invitation.objects.filter(email="late@example.test").update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )

    invitee_page = new_page()
    invitee_page.goto(old_link)
    expect(invitee_page.get_by_role("alert")).to_have_text(
        "This invitation has expired. Ask the organization's owner or an admin to resend it."
    )

    owner_page.reload()
    row = member_row(owner_page, "late@example.test")
    expect(row).to_contain_text("Expired")
    row.get_by_role("button", name="Resend").click()
    expect(
        flash(
            owner_page,
            "A new invitation was sent to late@example.test; the previous link no longer works.",
        )
    ).to_be_visible()
    expect(member_row(owner_page, "late@example.test")).to_contain_text("Pending")
    new_link = invitation_link(last_email_to("late@example.test"))
    assert new_link != old_link

    invitee_page.goto(old_link)
    expect(invitee_page.get_by_role("alert")).to_have_text(
        "This invitation was withdrawn or replaced by a newer one."
    )
    sign_up_from(invitee_page, new_link, email="late@example.test", name="Lee Late")
    invitee_page.goto(old_link)
    expect(invitee_page.get_by_role("alert")).to_have_text(
        "This invitation was withdrawn or replaced by a newer one."
    )
