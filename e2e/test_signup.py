"""A newcomer signs up and creates an organization in the EU."""

import pytest
from playwright.sync_api import expect

from e2e.helpers import flash
from organizations.models import Organization

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_sign_up_and_create_an_organization_in_the_eu(new_page):
    page = new_page()
    page.goto("/")
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()

    page.get_by_role("link", name="Sign up").click()
    page.get_by_label("Name").fill("Nora Newcomer")
    page.get_by_label("Email").fill("nora@nimbus.test")
    page.get_by_label("Password").fill("a long and unusual passphrase")
    page.get_by_role("button", name="Sign up").click()

    # Without an organization, the site leads to creating one.
    expect(flash(page, "Welcome! Create your organization to get started.")).to_be_visible()
    expect(page.get_by_role("heading", name="Create a new organization")).to_be_visible()
    expect(page.get_by_text("Choose the region with care")).to_be_visible()
    page.get_by_role("textbox", name="Name").fill("Nimbus")
    page.get_by_label("European Union (EU)").check()
    page.get_by_label("Country").select_option(label="Belgium")
    page.get_by_role("button", name="Save").click()

    expect(flash(page, "The organization Nimbus was created.")).to_be_visible()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Organization").click()
    expect(page.get_by_role("heading", name="Nimbus", level=1)).to_be_visible()
    expect(
        page.get_by_text("Your role: Owner · Plan: Free · Region: European Union (EU)")
    ).to_be_visible()
    page.get_by_role("link", name="Teams").click()
    expect(page.get_by_role("link", name="My Team")).to_be_visible()
    page.get_by_role("link", name="Settings").click()
    # The region is shown, read-only, with the reason.
    expect(
        page.get_by_text("It was chosen when the organization was created and can't be changed.")
    ).to_be_visible()

    organization = Organization.objects.get()
    assert (organization.region, organization.country.code) == ("EU", "BE")
    assert organization.memberships.get().user.email == "nora@nimbus.test"
