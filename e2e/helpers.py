"""What the browser tests do as people do it: log in, read a flash message, find a table row,
open the link of an e-mail."""

import re

from django.core import mail
from playwright.sync_api import Locator, Page, expect

# The password of every factory user (organizations/tests/factories.py).
FACTORY_PASSWORD = "correct horse battery"
# Success messages are Make's purple (--brand in static/css/orgsite.css).
PURPLE = "rgb(107, 33, 168)"


def log_in(page: Page, email: str, password: str = FACTORY_PASSWORD) -> None:
    page.goto("/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    # Logged in: the sidebar is there (its words are in the user's language).
    expect(page.get_by_role("complementary")).to_be_visible()


def flash(page: Page, text: str) -> Locator:
    """The flash message (a success or information message, role status) saying ``text``."""
    return page.get_by_role("status").filter(has_text=text)


def member_row(page: Page, name: str) -> Locator:
    """The table row that names ``name`` (a member, an invitation, a team)."""
    return page.get_by_role("row").filter(has_text=name)


def invitation_link(message: mail.EmailMessage) -> str:
    """The Accept invitation link of an invitation e-mail, from its HTML part (where the
    button is) and, as a check, its text part."""
    html = next(content for content, mimetype in message.alternatives if mimetype == "text/html")
    match = re.search(r'<a href="([^"]+/invitations/[^"]+/)"', html)
    assert match, html
    link = match.group(1)
    assert link in message.body
    return link


def last_email_to(address: str) -> mail.EmailMessage:
    messages = [message for message in mail.outbox if address in message.to]
    assert messages, f"no e-mail to {address} in {[message.to for message in mail.outbox]}"
    return messages[-1]


def organization_switcher(page: Page) -> Locator:
    """The sidebar's organization switcher: it shows the active organization and, opened,
    lists the user's organizations."""
    return page.get_by_role("complementary").locator("summary").filter(has_text="Organization:")
