"""Character limits are shown, not enforced by cutting: text pasted past a field's limit
stays whole, the counter turns red, and saving says how long it may be."""

import pytest
from playwright.sync_api import expect

from e2e.helpers import log_in
from organizations.models import Team

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_team_name_past_the_limit_is_reported_not_cut(new_page, owner, organization):
    page = new_page()
    log_in(page, owner.email)
    page.goto("/organization/teams/")
    page.get_by_text("Create a team").click()
    name = page.get_by_label("Name")
    expect(page.get_by_text("Characters: 0/100")).to_be_visible()

    name.fill("Analysts-" * 15)  # 135 characters, pasted at once

    expect(name).to_have_value("Analysts-" * 15)
    counter = page.get_by_text("Characters: 135/100 · too long: shorten it")
    expect(counter).to_be_visible()
    expect(counter).to_have_css("color", "rgb(180, 35, 24)")
    page.get_by_role("button", name="Save").click()
    expect(
        page.get_by_text("Ensure this value has at most 100 characters (it has 135)")
    ).to_be_visible()
    assert not Team.objects.filter(name__startswith="Analysts").exists()
