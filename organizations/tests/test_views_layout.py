"""The frame of every page: home, the sidebar and its organization switcher, its sections
(Dashboards, Datasets, Plugins), Profile → Organizations, the language of each page, and the
friendly 403 and 404 pages."""

import re

import pytest
from django.urls import reverse

from organizations.models import Membership, Organization
from organizations.roles import OrganizationRole
from organizations.services.membership import membership_leave
from organizations.tests.factories import OrganizationFactory, UserFactory, add_member

SWITCH = reverse("organization_switch")


@pytest.fixture
def lonely(db):
    """A user who belongs to no organization (e.g. just signed up, or removed from the last)."""
    return UserFactory(name="Lou Lonely")


# Home and sections -------------------------------------------------------------------------


def test_home_leads_to_the_dashboards_of_the_active_organization(client, organization, member):
    client.force_login(member)

    response = client.get(reverse("home"), follow=True)

    assert response.redirect_chain[-1][0] == reverse("dashboards")
    assert "Acme" in response.content.decode()


def test_home_without_an_organization_leads_to_creating_one(client, lonely):
    client.force_login(lonely)

    response = client.get(reverse("home"))

    assert response.url == reverse("organization_create")


def test_organization_pages_without_an_organization_lead_to_creating_one(client, lonely):
    client.force_login(lonely)

    response = client.get(reverse("organization_users"), follow=True)

    assert response.redirect_chain[-1][0] == reverse("organization_create")
    assert "don&#x27;t belong to an organization yet" in response.content.decode()


@pytest.mark.parametrize("section", ["dashboards", "datasets", "plugins"])
def test_sections_open_with_their_menu_entry_current(client, organization, member, section):
    client.force_login(member)

    response = client.get(reverse(section))

    assert response.status_code == 200
    assert f'href="{reverse(section)}" aria-current="page"' in response.content.decode()


def test_organization_link_opens_the_users_tab(client, organization, member):
    client.force_login(member)

    assert client.get(reverse("organization")).url == reverse("organization_users")


# The sidebar -------------------------------------------------------------------------------


def test_sidebar_has_the_menu_and_the_users_name_leading_to_profile(client, organization, member):
    client.force_login(member)

    content = client.get(reverse("dashboards")).content.decode()

    for url_name in ("dashboards", "datasets", "plugins", "organization_users", "profile"):
        assert f'href="{reverse(url_name)}"' in content
    assert "Mia Member" in content
    assert f'action="{reverse("logout")}"' in content


def test_sidebar_switcher_lists_the_users_organizations_only(
    client, organization, member, outsider
):
    OrganizationFactory(owner=member, name={"en": "Mia's own"})
    client.force_login(member)

    content = client.get(reverse("dashboards")).content.decode()

    assert "Acme" in content
    assert "Mia&#x27;s own" in content
    assert "Globex" not in content


def test_assets_are_served_locally(client, organization, member):
    client.force_login(member)

    content = client.get(reverse("dashboards")).content.decode()

    assert re.findall(r'(?:src|href)="(https?:)?//', content) == []
    assert '/static/css/orgsite.css"' in content
    assert '/static/js/orgsite.js"' in content


def _queries_for_dashboards(client, django_assert_max_num_queries, user):
    client.force_login(user)
    with django_assert_max_num_queries(100) as captured:
        client.get(reverse("dashboards"))
    return len(captured)


def test_the_sidebar_adds_no_query_per_organization(
    client, organization, member, django_assert_max_num_queries
):
    one = _queries_for_dashboards(client, django_assert_max_num_queries, member)
    for number in range(5):
        OrganizationFactory(owner=UserFactory(), name={"en": f"Other {number}"})
        add_member(Organization.objects.get(name={"en": f"Other {number}"}), member)

    six = _queries_for_dashboards(client, django_assert_max_num_queries, member)

    assert Membership.objects.filter(user=member).count() == 6
    assert six == one


# Switching organizations -------------------------------------------------------------------


def test_switching_makes_every_page_follow(client, organization, member):
    own = OrganizationFactory(owner=member, name={"en": "Mia's own"})
    member.active_organization = organization
    member.save(update_fields=["active_organization"])
    client.force_login(member)

    response = client.post(
        SWITCH,
        {"organization": str(own.pk), "next": reverse("organization_users")},
        follow=True,
    )

    member.refresh_from_db()
    assert member.active_organization == own
    assert response.redirect_chain[-1][0] == reverse("organization_users")
    assert "You are now working in Mia&#x27;s own." in response.content.decode()
    assert [m.user for m in response.context["members"]] == [member]


def test_switching_confirms_in_the_language_of_the_organization_switched_to(
    client, organization, member
):
    dutch = OrganizationFactory(owner=member, name={"en": "Mia's own"}, locale="nl")
    member.active_organization = organization
    member.save(update_fields=["active_organization"])
    client.force_login(member)

    response = client.post(SWITCH, {"organization": str(dutch.pk)}, follow=True)

    assert "Je werkt nu in Mia&#x27;s own." in response.content.decode()


def test_switching_from_a_page_of_one_team_leads_home(client, organization, member):
    own = OrganizationFactory(owner=member, name={"en": "Mia's own"})
    team = organization.teams.get()
    client.force_login(member)

    response = client.post(
        SWITCH,
        {"organization": str(own.pk), "next": reverse("organization_team", args=[team.pk])},
    )

    assert response.url == reverse("home")


def test_switching_to_another_users_organization_is_not_found(
    client, organization, member, other_organization
):
    client.force_login(member)

    response = client.post(SWITCH, {"organization": str(other_organization.pk)})

    assert response.status_code == 404
    member.refresh_from_db()
    assert member.active_organization == organization


def test_switching_never_redirects_off_site(client, organization, member):
    client.force_login(member)

    response = client.post(
        SWITCH, {"organization": str(organization.pk), "next": "https://evil.example/"}
    )

    assert response.url == reverse("home")


# Profile → Organizations -------------------------------------------------------------------


def test_profile_lists_the_users_organizations_and_roles(client, organization, owner, admin):
    OrganizationFactory(owner=admin, name={"en": "Adam's own"})
    client.force_login(admin)

    response = client.get(reverse("profile_organizations"))

    roles = {m.organization.display_name: m.role for m in response.context["memberships"]}
    assert roles == {"Acme": OrganizationRole.ADMIN, "Adam's own": OrganizationRole.OWNER}
    content = response.content.decode()
    assert reverse("organization_leave", args=[organization.pk]) in content
    assert "Transfer ownership to leave" in content
    assert "Create a new organization" in content


def test_leaving_an_organization(client, organization, member):
    client.force_login(member)

    response = client.post(reverse("organization_leave", args=[organization.pk]), follow=True)

    assert not Membership.objects.filter(user=member, organization=organization).exists()
    assert "You left Acme." in response.content.decode()


def test_the_owner_cannot_leave(client, organization, owner):
    client.force_login(owner)

    response = client.post(reverse("organization_leave", args=[organization.pk]))

    assert response.status_code == 403
    assert Membership.objects.filter(user=owner, organization=organization).exists()


def test_leaving_another_users_organization_is_not_found(
    client, organization, member, other_organization
):
    client.force_login(member)

    response = client.post(reverse("organization_leave", args=[other_organization.pk]))

    assert response.status_code == 404


def test_creating_an_organization(client, organization, member):
    client.force_login(member)

    response = client.post(
        reverse("organization_create"),
        {"name": "Mia Analytics", "region": "EU", "country": "BE"},
        follow=True,
    )

    created = Organization.objects.get(slug="mia-analytics")
    assert created.region == "EU"
    assert created.country.code == "BE"
    assert created.name == {"en": "Mia Analytics"}
    assert created.plan.code == "free"
    assert [team.name for team in created.teams.all()] == ["My Team"]
    member.refresh_from_db()
    assert member.active_organization == created
    assert Membership.objects.get(user=member, organization=created).role == "owner"
    assert "The organization Mia Analytics was created." in response.content.decode()


def test_create_form_warns_that_the_region_cant_be_changed(client, lonely):
    client.force_login(lonely)

    response = client.get(reverse("organization_create"))

    assert "can't be changed after the organization is created" in response.content.decode()


def test_creating_without_a_region_shows_the_field_error(client, lonely):
    client.force_login(lonely)

    response = client.post(reverse("organization_create"), {"name": "Nowhere"})

    assert response.context["form"].errors["region"]
    assert not Organization.objects.filter(slug="nowhere").exists()


def test_a_user_removed_from_the_last_organization_can_create_one(client, organization, member):
    membership_leave(acting_user=member, organization=organization)
    client.force_login(member)

    response = client.get(reverse("home"), follow=True)

    assert response.redirect_chain[-1][0] == reverse("organization_create")
    assert response.status_code == 200


# The language of each page -----------------------------------------------------------------


def test_a_visitor_gets_the_browsers_language(client, db):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="fr-BE,fr;q=0.9,en;q=0.5")

    assert response.wsgi_request.LANGUAGE_CODE == "fr"
    assert response.headers["Content-Language"] == "fr"
    assert "Accept-Language" in response.headers["Vary"]


def test_a_visitor_with_an_unsupported_language_gets_english(client, db):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="de")

    assert response.wsgi_request.LANGUAGE_CODE == "en"


def test_a_user_gets_the_organizations_language(client, organization, member):
    organization.locale = "nl"
    organization.save(update_fields=["locale"])
    client.force_login(member)

    response = client.get(reverse("dashboards"), HTTP_ACCEPT_LANGUAGE="fr")

    assert response.wsgi_request.LANGUAGE_CODE == "nl"
    assert '<html lang="nl">' in response.content.decode()


def test_a_users_own_language_wins(client, organization, member):
    organization.locale = "nl"
    organization.save(update_fields=["locale"])
    member.locale = "fr"
    member.save(update_fields=["locale"])
    client.force_login(member)

    response = client.get(reverse("dashboards"))

    assert response.wsgi_request.LANGUAGE_CODE == "fr"


def test_a_user_without_an_organization_gets_english(client, lonely):
    client.force_login(lonely)

    response = client.get(reverse("profile"), HTTP_ACCEPT_LANGUAGE="nl")

    assert response.wsgi_request.LANGUAGE_CODE == "en"


# Friendly error pages ----------------------------------------------------------------------


def test_403_page_is_friendly_and_keeps_the_sidebar(client, organization, member):
    client.force_login(member)

    response = client.get(reverse("organization_audit_log"))

    assert response.status_code == 403
    content = response.content.decode()
    assert "You can't do this" in content
    assert "Your role in this organization does not allow this." in content
    assert f'href="{reverse("organization_users")}"' in content


def test_404_page_is_friendly(client, organization, member, other_organization):
    client.force_login(member)
    foreign_team = other_organization.teams.get()

    response = client.get(reverse("organization_team", args=[foreign_team.pk]))

    assert response.status_code == 404
    content = response.content.decode()
    assert "Page not found" in content
    assert "Globex" not in content
    assert "My Team" not in content.split("</aside>")[1]
