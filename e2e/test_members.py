"""The owner's Organization pages: switching organizations, changing a role, removing a user,
transferring ownership."""

import pytest
from playwright.sync_api import expect

from e2e.helpers import FACTORY_PASSWORD, PURPLE, flash, log_in, member_row, organization_switcher
from organizations.models import Membership
from organizations.roles import OrganizationRole
from organizations.tests.factories import add_member

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def open_users_tab(page) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Organization").click()
    expect(page.get_by_role("heading", name="Users")).to_be_visible()


def test_switching_organizations_in_the_sidebar(new_page, owner, organization, member, outsider):
    add_member(outsider.active_organization, owner, OrganizationRole.MEMBER)
    page = new_page()
    log_in(page, owner.email)
    open_users_tab(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Acme")
    expect(member_row(page, "Mia Member")).to_be_visible()

    organization_switcher(page).click()
    page.get_by_role("button", name="Globex").click()
    expect(flash(page, "You are now working in Globex.")).to_be_visible()
    # The page stays the Users tab, now of Globex: Acme's members are gone from it.
    expect(page.get_by_role("heading", level=1)).to_have_text("Globex")
    expect(page.get_by_text("Your role: Member")).to_be_visible()
    expect(member_row(page, "Otto Outsider")).to_be_visible()
    expect(member_row(page, "Mia Member")).to_have_count(0)

    organization_switcher(page).click()
    page.get_by_role("button", name="Acme").click()
    expect(flash(page, "You are now working in Acme.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Acme")
    owner.refresh_from_db()
    assert owner.active_organization == organization


def test_changing_a_role_in_the_users_tab(new_page, owner, organization, member):
    page = new_page()
    log_in(page, owner.email)
    open_users_tab(page)
    row = member_row(page, "Mia Member")
    row.locator("summary").click()
    # The dropdown offers the other roles the owner may grant, and Remove; never Owner.
    expect(row.get_by_role("button", name="Owner")).to_have_count(0)
    row.get_by_role("button", name="Admin").click()

    expect(flash(page, "The role of Mia Member is now Admin.")).to_be_visible()
    expect(member_row(page, "Mia Member").locator("summary")).to_contain_text("Admin")
    assert Membership.objects.get(user=member).role == OrganizationRole.ADMIN


def test_removing_a_user_after_confirming(new_page, owner, organization, member):
    page = new_page()
    # Any browser pop-up (window.confirm) fails the test: confirmations are in the page.
    page.on("dialog", lambda dialog: pytest.fail(f"browser pop-up: {dialog.message}"))
    log_in(page, owner.email)
    open_users_tab(page)
    row = member_row(page, "Mia Member")

    # Cancelling the in-page dialog changes nothing.
    row.locator("summary").click()
    row.get_by_role("button", name="Remove").click()
    dialog = page.get_by_role("dialog", name="Remove Mia Member from the organization?")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("their dashboards and datasets go to the owner")
    # The destructive button is red; Cancel has the focus.
    expect(dialog.get_by_role("button", name="Remove")).to_have_css(
        "background-color", "rgb(180, 35, 24)"
    )
    expect(dialog.get_by_role("button", name="Cancel")).to_be_focused()
    dialog.get_by_role("button", name="Cancel").click()
    expect(dialog).to_be_hidden()
    expect(member_row(page, "Mia Member")).to_be_visible()
    assert Membership.objects.filter(user=member).exists()

    # Escape cancels too.
    row.locator("summary").click()
    row.get_by_role("button", name="Remove").click()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    assert Membership.objects.filter(user=member).exists()

    row.locator("summary").click()
    row.get_by_role("button", name="Remove").click()
    dialog.get_by_role("button", name="Remove").click()
    expect(flash(page, "Mia Member was removed from the organization.")).to_be_visible()
    expect(member_row(page, "Mia Member")).to_have_count(0)
    assert not Membership.objects.filter(user=member).exists()


def test_transfer_ownership_in_three_clicks_as_on_makes_page(new_page, owner, organization, admin):
    """Make: Organization, the drop-down beside Organization settings, Transfer ownership."""
    page = new_page()
    log_in(page, owner.email)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Organization").click()
    tabs = page.get_by_role("navigation", name="Organization")
    tabs.locator("summary", has_text="More").click()
    page.get_by_role("link", name="Transfer ownership").click()
    expect(page.get_by_label("New owner")).to_be_visible()


def test_transferring_ownership_with_the_password(new_page, owner, organization, admin, member):
    page = new_page()
    log_in(page, owner.email)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Organization").click()
    page.get_by_role("link", name="Settings").click()
    expect(page.get_by_role("heading", name="Organization settings")).to_be_visible()
    page.get_by_label("More organization actions").click()
    page.get_by_role("link", name="Transfer ownership").click()

    new_owner = page.get_by_label("New owner")
    # Only accepted members other than the owner are suggested as the e-mail is typed.
    suggestions = page.locator(f"datalist#{new_owner.get_attribute('list')} option")
    expect(suggestions.filter(has_text="Adam Admin")).to_have_count(1)
    expect(suggestions.filter(has_text="Olivia Owner")).to_have_count(0)
    new_owner.fill(admin.email)
    page.get_by_label("Your current password").fill("not my password")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("This is not your current password.")).to_be_visible()

    page.get_by_label("Your current password").fill(FACTORY_PASSWORD)
    page.get_by_role("button", name="Save").click()
    confirmation = flash(page, "Ownership has been transferred successfully.")
    expect(confirmation).to_be_visible()
    expect(confirmation).to_have_css("background-color", PURPLE)

    # The former owner is an admin now: no more owner's menu, and the Users tab says so.
    expect(page.get_by_label("More organization actions")).to_have_count(0)
    page.get_by_role("link", name="Users", exact=True).click()
    expect(member_row(page, "Adam Admin")).to_contain_text("Owner")
    expect(member_row(page, "Olivia Owner")).to_contain_text("Admin")
    assert Membership.objects.get(user=admin).role == OrganizationRole.OWNER
    assert Membership.objects.get(user=owner).role == OrganizationRole.ADMIN
