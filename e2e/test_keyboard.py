"""The invite flow with the keyboard only: Tab to Invite a new user, open it, fill the
form, toggle the team with Space, send with Enter."""

import pytest
from playwright.sync_api import Page, expect

from e2e.helpers import flash, log_in, member_row
from organizations.models import Invitation

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def tab_to(page: Page, name: str, limit: int = 60) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate("(document.activeElement.innerText || '').trim()")
        if focused == name:
            return
    pytest.fail(f"Tab never reached {name!r}")


def test_inviting_with_the_keyboard_only(new_page, owner, organization):
    page = new_page()
    log_in(page, owner.email)
    page.goto("/organization/users/")

    tab_to(page, "Invite a new user")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Email")).to_be_focused()
    page.keyboard.type("keys@example.test")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Name", exact=False).first).to_be_focused()
    page.keyboard.type("Kim Keys")
    page.keyboard.press("Tab")  # Role: Member, as offered
    page.keyboard.press("Tab")  # the first team, My Team, offered ticked
    team = page.get_by_role("checkbox", name="My Team")
    expect(team).to_be_focused()
    page.keyboard.press(" ")
    expect(team).not_to_be_checked()
    page.keyboard.press(" ")
    expect(team).to_be_checked()
    tab_to(page, "Save")
    page.keyboard.press("Enter")

    expect(flash(page, "Invitation sent to keys@example.test.")).to_be_visible()
    expect(member_row(page, "keys@example.test")).to_contain_text("Pending")
    invitation = Invitation.objects.get(email="keys@example.test")
    assert [team.name for team in invitation.teams.all()] == ["My Team"]
