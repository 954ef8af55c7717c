"""The pages that had only view tests, clicked through: Dashboards (create, share with a
person of another organization and with a team, each sees it at the level given), Plugins
(create, make available to the organization), Billing (change plan; a plan too small for
the members is refused)."""

import re

import pytest
from playwright.sync_api import Page, expect

from e2e.helpers import flash, log_in, member_row
from organizations.models import Securable
from organizations.roles import OrganizationRole
from organizations.tests.factories import UserFactory, add_member, plan
from plugins.models import Plugin

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def main_menu(page: Page, name: str) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name=name).click()


def test_a_dashboard_shared_with_another_organization_and_with_a_team(
    new_page, owner, organization, member, outsider
):
    carl = add_member(organization, UserFactory(name="Carl Colleague"), OrganizationRole.MEMBER)
    page = new_page()
    log_in(page, member.email)
    main_menu(page, "Dashboards")
    page.get_by_text("Create a dashboard").click()
    page.get_by_label("Name").fill("Sales")
    page.get_by_label("Contents").fill('{"items": [{"chart": "bar"}]}')
    page.get_by_role("button", name="Save").click()
    expect(flash(page, "Dashboard Sales created.")).to_be_visible()
    expect(page.get_by_text("Your level: Own")).to_be_visible()

    page.get_by_role("main").get_by_role("link", name="Share").click()
    people = page.get_by_role("region", name="Share with people")
    people.get_by_label("Email").fill(outsider.email)
    people.get_by_label("Level").select_option(label="Read")
    people.get_by_role("button", name="Share").click()
    expect(member_row(page, "Otto Outsider")).to_contain_text("Read")
    team = page.get_by_role("region", name="Share with a team")
    team.get_by_label(re.compile(r"^Team\s*:")).select_option(label="My Team")
    team.get_by_label("Level").select_option(label="Use")
    team.get_by_role("button", name="Share").click()
    expect(member_row(page, "My Team")).to_contain_text("Use")

    # Otto, of Globex, finds it among his dashboards, at Read, marked as shared.
    otto = new_page()
    log_in(otto, outsider.email)
    main_menu(otto, "Dashboards")
    row = member_row(otto, "Sales")
    expect(row).to_contain_text("Read")
    expect(row).to_contain_text("shared with you")
    expect(row.get_by_role("link", name="Share")).to_have_count(0)
    # Carl is in My Team: Use, through the team.
    colleague = new_page()
    log_in(colleague, carl.email)
    main_menu(colleague, "Dashboards")
    expect(member_row(colleague, "Sales")).to_contain_text("Use")
    assert Securable.objects.get().owner == member


def test_a_plugin_created_and_made_available_to_the_organization(
    new_page, organization, member, admin
):
    page = new_page()
    log_in(page, member.email)
    main_menu(page, "Plugins")
    page.get_by_text("Create a plugin").click()
    page.get_by_label("Slug").fill("tides")
    page.get_by_label("Name").fill("Tides")
    page.get_by_label("Base URL").fill("https://tides.example.com/api")
    page.get_by_role("button", name="Save").click()
    expect(flash(page, "Plugin Tides created")).to_be_visible()

    page.get_by_role("button", name="Make available Tides").click()
    available = page.get_by_role("region", name="Available in Acme")
    expect(available).to_contain_text("Tides")

    # Adam, another member of Acme, can use it now.
    adam = new_page()
    log_in(adam, admin.email)
    main_menu(adam, "Plugins")
    expect(adam.get_by_role("region", name="Available in Acme")).to_contain_text("Tides")
    assert Plugin.objects.get().slug == "tides"


def test_the_owner_changes_plan_and_a_plan_too_small_is_refused(
    new_page, owner, organization, admin, member, viewer
):
    # Free has 5 seats: six members don't fit.
    for number in range(2):
        add_member(organization, type(owner).objects.create_user(f"extra{number}@acme.test",
                   name=f"Extra {number}"), OrganizationRole.MEMBER)  # fmt: skip
    page = new_page()
    log_in(page, owner.email)
    page.goto("/organization/billing/")
    expect(page.get_by_role("heading", name="Plan: Pro")).to_be_visible()

    page.get_by_text("Change plan").first.click()
    page.get_by_role("combobox", name="Plan").select_option(label="Free · 0.00 EUR a month")
    page.get_by_role("button", name="Change plan").click()
    expect(page.get_by_text("The Free plan has 5 seats, but members plus pending")).to_be_visible()
    expect(page.get_by_role("heading", name="Plan: Pro")).to_be_visible()

    page.get_by_role("combobox", name="Plan").select_option(label="Enterprise · 499.00 EUR a month")
    page.get_by_role("button", name="Change plan").click()
    expect(flash(page, "The organization is now on the Enterprise plan.")).to_be_visible()
    expect(page.get_by_role("heading", name="Plan: Enterprise")).to_be_visible()
    organization.refresh_from_db()
    assert organization.plan == plan("enterprise")
