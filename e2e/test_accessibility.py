"""axe-core (WCAG 2.1 A and AA, and its best practices) finds nothing on the main pages, at
a desk (1280x800) and on a phone (390x844), nor in an open menu or confirmation dialog."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from e2e.accessibility import axe_violations, describe
from e2e.helpers import FACTORY_PASSWORD, member_row
from organizations.services.invitation import invitation_create
from organizations.services.securable import securable_create, securable_share_with_team

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SIZES = {"desktop": (1280, 800), "phone": (390, 844)}


def assert_accessible(page: Page, where: str) -> None:
    violations = axe_violations(page)
    assert not violations, f"{where}:\n{describe(violations)}"


@pytest.mark.parametrize("size", SIZES)
def test_the_main_pages_have_no_axe_violation(new_page, size, owner, organization, member):
    team = organization.teams.get()
    dashboard = securable_create(
        acting_user=owner, organization=organization, type="dashboard", name={"en": "Sales"}
    )
    securable_share_with_team(acting_user=owner, securable=dashboard, team=team, level="use")
    invitation_create(acting_user=owner, organization=organization, email="new@example.test")
    page = new_page(viewport=SIZES[size])

    page.goto(reverse("login"))
    assert_accessible(page, "login")
    page.get_by_label("Email").fill(owner.email)
    page.get_by_label("Password").fill(FACTORY_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    for name, path in [
        ("dashboards", reverse("dashboards")),
        ("datasets", reverse("datasets")),
        ("share", reverse("securable_share", args=["dashboards", dashboard.pk])),
        ("plugins", reverse("plugins")),
        ("teams", reverse("organization_teams")),
        ("team", reverse("organization_team", args=[team.pk])),
        ("settings", reverse("organization_settings")),
        ("billing", reverse("organization_billing")),
        ("usage", reverse("organization_usage")),
        ("audit log", reverse("organization_audit_log")),
        ("profile", reverse("profile")),
        ("password and e-mail", reverse("sign_in_settings")),
        ("API tokens", reverse("api_tokens")),
        ("users", reverse("organization_users")),
    ]:
        page.goto(path)
        assert_accessible(page, name)

    # Open states too: a role menu, then the confirmation dialog.
    row = member_row(page, "Mia Member")
    row.locator("summary").click()
    assert_accessible(page, "users, role menu open")
    row.get_by_role("button", name="Remove").click()
    expect(page.get_by_role("dialog")).to_be_visible()
    assert_accessible(page, "users, confirmation open")
    if size == "phone":
        page.keyboard.press("Escape")
        page.get_by_role("button", name="Menu").click()
        expect(page.get_by_role("navigation", name="Main")).to_be_visible()
        assert_accessible(page, "phone menu open")
