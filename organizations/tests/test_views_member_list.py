"""Organization → Users on a large organization: paged, searched, filtered, sorted, and
each action returns to the page it was taken on."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from accounts.services import user_profile_update
from organizations.models import Membership
from organizations.roles import OrganizationRole
from organizations.selectors.teams import TEAMS_LISTED
from organizations.services.team import team_add_with_group, team_create, team_member_add
from organizations.tests.factories import OrganizationFactory, UserFactory, add_member
from organizations.views import members as members_view

USERS = reverse("organization_users")
PER_PAGE = 3


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(members_view, "MEMBERS_PER_PAGE", PER_PAGE)


@pytest.fixture
def crowd(organization):
    """20 more members, named so that their order by name is known: Person 00 … Person 19,
    every fifth a viewer."""
    people = []
    for number in range(20):
        role = OrganizationRole.VIEWER if number % 5 == 0 else OrganizationRole.MEMBER
        user = UserFactory(name=f"Person {number:02}", email=f"p{19 - number:02}@crowd.test")
        people.append(add_member(organization, user, role))
    return people


def names_on(client, **query):
    response = client.get(USERS, query)
    assert response.status_code == 200
    return [membership.user.name for membership in response.context["members"]], response


def test_the_tab_shows_one_page_and_a_link_to_the_next(
    client, owner, organization, crowd, small_pages
):
    client.force_login(owner)

    first, response = names_on(client)
    third, _ = names_on(client, page=3)

    assert len(first) == PER_PAGE
    assert 'rel="next"' in response.content.decode()
    everyone = Membership.objects.filter(organization=organization)
    assert third == sorted(m.user.name for m in everyone)[2 * PER_PAGE : 3 * PER_PAGE]


def test_search_finds_by_name_or_email(client, owner, organization, crowd):
    client.force_login(owner)

    by_name, _ = names_on(client, q="person 07")
    by_email, _ = names_on(client, q="P19@CROWD")

    assert by_name == ["Person 07"]
    assert by_email == ["Person 00"]


def test_role_and_team_filters(client, owner, organization, crowd):
    sales = team_create(acting_user=owner, organization=organization, name="Sales")
    for user in crowd[:2]:
        team_member_add(acting_user=owner, team=sales, user=user)
    client.force_login(owner)

    viewers, _ = names_on(client, role=OrganizationRole.VIEWER)
    in_sales, _ = names_on(client, team=str(sales.pk))

    assert viewers == ["Person 00", "Person 05", "Person 10", "Person 15"]
    assert in_sales == ["Person 00", "Person 01"]


def test_a_team_of_another_organization_filters_nothing_and_says_so(
    client, owner, organization, crowd
):
    elsewhere = OrganizationFactory(owner=UserFactory()).teams.get()
    client.force_login(owner)

    listed, response = names_on(client, team=str(elsewhere.pk), page="x")

    assert response.context["list_form"].errors["team"]
    assert len(listed) == Membership.objects.filter(organization=organization).count()


def rows_sorted_by(client, sort):
    return list(client.get(USERS, {"sort": sort}).context["members"])


def test_sort_by_email(client, owner, organization, crowd):
    client.force_login(owner)
    emails = [row.user.email for row in rows_sorted_by(client, "email")]
    assert emails == sorted(emails)
    assert emails.index("p00@crowd.test") < emails.index("p19@crowd.test")


def test_sort_by_date_joined_newest_first(client, owner, organization, crowd):
    client.force_login(owner)
    assert rows_sorted_by(client, "-joined")[0].user == crowd[-1]
    assert rows_sorted_by(client, "joined")[0].user == owner


def test_sort_by_role_puts_the_owner_first_and_viewers_last(client, owner, organization, crowd):
    client.force_login(owner)
    roles = [row.role for row in rows_sorted_by(client, "role")]
    ranks = ["owner", "admin", "member", "viewer"]
    assert roles == sorted(roles, key=ranks.index)
    assert roles[0] == "owner"
    assert roles[-1] == "viewer"


def test_removing_on_page_7_returns_to_page_7(client, owner, organization, small_pages):
    for number in range(7 * PER_PAGE + 2):
        add_member(organization, UserFactory(name=f"Member {number:02}"))
    client.force_login(owner)
    _, page_7 = names_on(client, page=7, sort="name")
    target = next(iter(page_7.context["members"]))
    query = page_7.wsgi_request.GET.urlencode()
    assert f'name="list_query" value="{escape(query)}"' in page_7.content.decode()

    response = client.post(
        reverse("organization_member_remove", args=[target.pk]), {"list_query": query}
    )

    assert response.status_code == 302
    assert response["Location"] == f"{USERS}?{query}"
    assert not Membership.objects.filter(pk=target.pk).exists()
    assert client.get(response["Location"]).context["members"].number == 7


def test_removing_the_last_row_of_the_last_page_lands_on_the_page_before(
    client, owner, organization, small_pages
):
    members = Membership.objects.filter(organization=organization).count()
    for number in range(PER_PAGE - members % PER_PAGE + 1):
        add_member(organization, UserFactory(name=f"Zed {number:02}"))
    total = Membership.objects.filter(organization=organization).count()
    last = -(-total // PER_PAGE)
    assert total % PER_PAGE == 1
    client.force_login(owner)
    _, last_page = names_on(client, page=last)
    (alone,) = last_page.context["members"]

    response = client.post(
        reverse("organization_member_remove", args=[alone.pk]), {"list_query": f"page={last}"}
    )
    landed = client.get(response["Location"])

    assert landed.context["members"].number == last - 1
    assert len(landed.context["members"]) == PER_PAGE


def test_the_place_only_ever_becomes_a_query_string(client, owner, organization, member):
    client.force_login(owner)
    target = Membership.objects.get(user=member, organization=organization)

    response = client.post(
        reverse("organization_member_remove", args=[target.pk]),
        {"list_query": "//evil.example/?page=2"},
    )

    assert response["Location"].startswith(f"{USERS}?")


def test_a_renamed_member_moves_in_the_order(client, owner, organization, crowd):
    user_profile_update(acting_user=crowd[3], name="Aaron First")
    client.force_login(owner)

    listed, _ = names_on(client)

    assert listed[0] == "Aaron First"
    assert Membership.objects.get(user=crowd[3]).user_name == "Aaron First"


def test_page_20_of_a_large_list_stays_small(client, owner, organization):
    for number in range(20 * 50 + 10):
        add_member(organization, UserFactory(name=f"Member {number:04}"), team_role=None)
    client.force_login(owner)

    response = client.get(USERS, {"page": 20})

    assert response.context["members"].number == 20
    assert len(response.context["members"]) == 50
    assert len(response.content) < 100_000


# A team's members ----------------------------------------------------------------------


@pytest.fixture
def small_team_pages(monkeypatch):
    from organizations.views import teams as teams_view

    monkeypatch.setattr(teams_view, "TEAM_MEMBERS_PER_PAGE", PER_PAGE)


def test_a_teams_members_are_paged_and_removing_returns_to_the_page(
    client, owner, organization, small_team_pages
):
    # A second team: nobody may be left without a team, so removals happen from this one.
    team = team_create(acting_user=owner, organization=organization, name="Sales")
    for number in range(3 * PER_PAGE):
        user = add_member(organization, UserFactory(name=f"Teammate {number:02}"))
        team_member_add(acting_user=owner, team=team, user=user)
    client.force_login(owner)
    url = reverse("organization_team", args=[team.pk])

    page_2 = client.get(url, {"page": 2})
    target = next(iter(page_2.context["members"]))
    response = client.post(
        reverse("organization_team_member_remove", args=[team.pk, target.user_id]),
        {"list_query": "page=2"},
    )

    assert len(page_2.context["members"]) == PER_PAGE
    assert response["Location"] == f"{url}?page=2"
    assert not team.memberships.filter(user_id=target.user_id).exists()


@pytest.mark.parametrize("members", [10, 60])
def test_a_teams_page_runs_the_same_queries_at_two_sizes(
    client, owner, organization, members, django_assert_num_queries
):
    team = organization.teams.get()
    for number in range(members):
        add_member(organization, UserFactory(name=f"Teammate {number:02}"))
    client.force_login(owner)

    # Session, user, locale, membership, the page, the owner's own row, the add form's
    # candidates, the sidebar.
    with django_assert_num_queries(TEAM_PAGE_QUERIES):
        response = client.get(reverse("organization_team", args=[team.pk]))

    assert len(response.context["members"]) == min(members + 1, 50)


TEAM_PAGE_QUERIES = 9


# Many teams: the pickers stay the same size ---------------------------------------------


def add_teams(organization, count, prefix="Team"):
    return [
        team_add_with_group(organization=organization, name=f"{prefix} {number:03}")
        for number in range(count)
    ]


def choices_on(content: str) -> int:
    """Options (of the selects and the datalists) and checkboxes on the page."""
    return content.count("<option") + content.count('type="checkbox"')


@pytest.mark.parametrize("teams", [5, 60])
def test_the_tab_runs_the_same_queries_with_5_or_60_teams(
    client, owner, organization, teams, django_assert_num_queries
):
    add_teams(organization, teams)
    client.force_login(owner)

    # Session, user, locale, membership, the teams, members and their teams, invitations,
    # the two seat counts, the sidebar: as with one team.
    with django_assert_num_queries(TAB_QUERIES):
        client.get(USERS)


TAB_QUERIES = 11


def test_with_many_teams_the_pickers_are_typed_and_hold_a_bounded_number_of_teams(
    client, owner, organization
):
    client.force_login(owner)
    one = client.get(USERS).content.decode()
    add_teams(organization, 4)
    few = client.get(USERS).content.decode()
    add_teams(organization, 60, prefix="More")
    many = client.get(USERS).content.decode()
    add_teams(organization, 100, prefix="Also")  # as long as "More": the same bytes
    more = client.get(USERS).content.decode()

    # Five teams: a select and checkboxes, every team in each (the select's "All teams" too).
    assert '<select name="team"' in few
    assert 'type="checkbox" name="teams"' in few
    assert choices_on(few) - choices_on(one) == 2 * 4
    # Sixty-five: typed names with suggestions, never more than TEAMS_LISTED per picker.
    assert '<select name="team"' not in many
    assert 'type="checkbox" name="teams"' not in many
    assert 'list="id_team-suggestions"' in many
    assert 'list="id_teams-suggestions"' in many
    assert choices_on(many) - choices_on(one) <= 2 * TEAMS_LISTED
    # And the page does not grow with the teams any more.
    assert len(more) == len(many)


def test_the_team_filter_takes_a_typed_team_name(client, owner, organization, crowd):
    add_teams(organization, TEAMS_LISTED + 1)
    sales = team_create(acting_user=owner, organization=organization, name="Sales")
    team_member_add(acting_user=owner, team=sales, user=crowd[4])
    client.force_login(owner)

    typed, _ = names_on(client, team="sales ")
    by_id, _ = names_on(client, team=str(sales.pk))

    assert typed == by_id == ["Person 04"]


@pytest.mark.parametrize("junk", ["Nope", "x" * 5000, "0" * 36, "Sales\x00"])
def test_a_typed_team_of_no_team_here_is_an_error_not_a_filter(
    client, owner, organization, crowd, junk
):
    add_teams(organization, TEAMS_LISTED + 1)
    client.force_login(owner)

    listed, response = names_on(client, team=junk)

    assert response.context["list_form"].errors["team"]
    assert len(listed) == min(50, Membership.objects.filter(organization=organization).count())


def test_a_typed_name_of_another_organizations_team_filters_nothing(
    client, owner, organization, crowd
):
    add_teams(organization, TEAMS_LISTED + 1)
    elsewhere = OrganizationFactory(owner=UserFactory())
    team_add_with_group(organization=elsewhere, name="Their team")
    client.force_login(owner)

    _, response = names_on(client, team="Their team")

    assert response.context["list_form"].errors["team"]
