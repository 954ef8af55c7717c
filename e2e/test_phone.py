"""The site on a phone (390x844): the sidebar folds behind a Menu button, and the Users tab
is one card per member with the role change and Remove in reach, no sideways scrolling."""

import pytest
from playwright.sync_api import Page, expect

from e2e.helpers import FACTORY_PASSWORD, flash, log_in, member_row
from organizations.models import Membership
from organizations.roles import OrganizationRole
from organizations.tests.factories import add_member

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PHONE = (390, 844)


def log_in_on_a_phone(page: Page, email: str) -> None:
    page.goto("/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(FACTORY_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Menu")).to_be_visible()


def no_sideways_scroll(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def within_the_screen(page: Page, locator) -> bool:
    box = locator.bounding_box()
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE[0]


def test_the_menu_button_opens_and_closes_the_sidebar(new_page, owner, organization):
    page = new_page(viewport=PHONE)
    log_in_on_a_phone(page, owner.email)
    menu = page.get_by_role("button", name="Menu")
    main_menu = page.get_by_role("navigation", name="Main")
    # One slim bar, even above a short page (no 225 px stacked sidebar).
    assert page.get_by_role("banner").bounding_box()["height"] <= 64
    # Folded away: neither seen nor reachable with the keyboard.
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(main_menu).to_be_hidden()

    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(main_menu).to_be_visible()
    # The organization switcher is reachable from it; focus stays inside while it is open.
    expect(page.get_by_role("complementary").locator("summary").first).to_be_focused()
    for _ in range(12):
        page.keyboard.press("Tab")
        focused_inside = page.evaluate(
            "document.getElementById('sidebar').contains(document.activeElement)"
            " || document.activeElement.matches('[data-sidebar-toggle]')"
        )
        assert focused_inside
    page.keyboard.press("Escape")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_focused()
    expect(main_menu).to_be_hidden()

    menu.click()
    main_menu.get_by_role("link", name="Organization").click()
    expect(page.get_by_role("heading", name="Users")).to_be_visible()
    expect(menu).to_have_attribute("aria-expanded", "false")


def test_the_users_tab_on_a_phone(new_page, owner, organization, admin, member):
    page = new_page(viewport=PHONE)
    log_in_on_a_phone(page, owner.email)
    page.goto("/organization/users/")
    row = member_row(page, "Mia Member")
    expect(row).to_be_visible()
    assert no_sideways_scroll(page)
    role = row.locator("summary")
    assert within_the_screen(page, role)

    role.click()
    admin_choice = row.get_by_role("button", name="Admin")
    remove = row.get_by_role("button", name="Remove")
    expect(remove).to_be_visible()
    # The menu is over the page, whole, not clipped by the table.
    assert within_the_screen(page, remove)
    admin_choice.click()
    expect(flash(page, "The role of Mia Member is now Admin.")).to_be_visible()
    assert Membership.objects.get(user=member).role == OrganizationRole.ADMIN

    row = member_row(page, "Mia Member")
    row.locator("summary").click()
    row.get_by_role("button", name="Remove").click()
    dialog = page.get_by_role("dialog", name="Remove Mia Member from the organization?")
    assert within_the_screen(page, dialog.get_by_role("button", name="Remove"))
    dialog.get_by_role("button", name="Remove").click()
    expect(flash(page, "Mia Member was removed from the organization.")).to_be_visible()
    expect(member_row(page, "Mia Member")).to_have_count(0)
    assert not Membership.objects.filter(user=member).exists()
    assert no_sideways_scroll(page)


@pytest.mark.parametrize("viewport", [(1280, 800), PHONE], ids=["desktop", "phone"])
def test_a_long_name_without_spaces_stays_inside_the_switcher(
    new_page, viewport, owner, organization, other_organization
):
    organization.name = {"en": "Averyveryverylongorganizationnamewithoutanyspaces" * 3}
    organization.save(update_fields=["name"])
    page = new_page(viewport=viewport)
    log_in_on_a_phone(page, owner.email) if viewport == PHONE else log_in(page, owner.email)
    page.goto("/organization/users/")

    assert no_sideways_scroll(page)
    if viewport == PHONE:
        page.get_by_role("button", name="Menu").click()
    sidebar_overflows = page.evaluate(
        "(() => { const s = document.getElementById('sidebar');"
        " return s.scrollWidth > s.clientWidth; })()"
    )
    assert not sidebar_overflows
    switcher = page.get_by_role("complementary").locator("summary").first
    box = switcher.bounding_box()
    sidebar = page.locator("#sidebar").bounding_box()
    assert box["x"] + box["width"] <= sidebar["x"] + sidebar["width"] + 1
    # Opened, the list of organizations wraps the name inside its panel.
    add_member(other_organization, owner, OrganizationRole.MEMBER)
    page.reload()
    if viewport == PHONE:
        page.get_by_role("button", name="Menu").click()
    switcher.click()
    panel = page.locator(".switcher .menu__panel")
    expect(panel).to_be_visible()
    assert page.evaluate(
        "(() => { const p = document.querySelector('.switcher .menu__panel');"
        " return p.scrollWidth <= p.clientWidth; })()"
    )
    panel_box = panel.bounding_box()
    assert panel_box["x"] >= 0 and panel_box["x"] + panel_box["width"] <= viewport[0]
