""" "What may this user see" read as a top-N query (issue 11): each source of access is cut
at the page, and the pages must be exactly those of the whole list, whatever source each
row comes from, with every filter the lists apply."""

import random

import pytest
from django.core.paginator import Paginator

from organizations.models import SecurableType, SecurableUserObjectPermission
from organizations.roles import AccessLevel, OrganizationRole, TeamRole
from organizations.securable_access import MAX_CUTS_PER_SOURCE
from organizations.selectors.securables import (
    securables_in_view_of,
    securables_list,
    securables_visible_to,
)
from organizations.services.securable import (
    securable_create,
    securable_share_with_team,
    securable_share_with_user,
    securable_unshare,
    securable_update,
)
from organizations.tests.factories import OrganizationFactory, UserFactory, add_member, plan
from organizations.tests.test_securable_access import in_new_team


def rows(securables) -> list[tuple]:
    return [(securable.pk, securable.access_level) for securable in securables]


@pytest.fixture
def viewer_of_everything(organization, owner, outsider, other_organization):
    """A member of Acme who sees securables through each source, their most recent first
    interleaved: their own, all of a company they administer, direct shares at every level
    from Globex, shares with their team (a team viewer: capped at read), and nothing of
    what nobody shared with them."""
    rng = random.Random(11)
    user = add_member(organization, UserFactory(name="Vera Viewer"), team_role=None)
    managed_owner = UserFactory()
    managed = OrganizationFactory(owner=managed_owner, plan=plan("pro"))
    add_member(managed, user, OrganizationRole.ADMIN, team_role=None)
    team = in_new_team(organization, user, TeamRole.VIEWER)
    colleague = add_member(organization, UserFactory(name="Carl Colleague"), team_role=None)
    sources = ["owned", "managed", "direct", "team", "hidden"] * 8
    rng.shuffle(sources)
    for number, source in enumerate(sources):
        kind = rng.choice([SecurableType.DASHBOARD, SecurableType.DATASET])
        author, home = {
            "owned": (user, organization),
            "managed": (managed_owner, managed),
            "direct": (outsider, other_organization),
            "team": (colleague, organization),
            "hidden": (outsider, other_organization),
        }[source]
        securable = securable_create(
            acting_user=author, organization=home, type=kind, name={"en": f"{source} {number}"}
        )
        level = rng.choice(list(AccessLevel))
        if source == "direct":
            securable_share_with_user(
                acting_user=author, securable=securable, email=user.email, level=level
            )
        elif source == "team":
            securable_share_with_team(
                acting_user=author, securable=securable, team=team, level=level
            )
    return user


@pytest.mark.parametrize("first", [1, 5, 17, 50])
@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"type": SecurableType.DATASET},
        {"min_level": AccessLevel.MODIFY},
        {"min_level": AccessLevel.USE, "type": SecurableType.DASHBOARD},
    ],
)
def test_the_first_rows_are_those_of_the_whole_list(viewer_of_everything, first, filters):
    everything = rows(securables_visible_to(viewer_of_everything, **filters))
    assert len(everything) > 5

    top = rows(securables_visible_to(viewer_of_everything, first=first, **filters)[:first])

    assert top == everything[:first]


def test_the_first_rows_of_one_organization_and_in_view_of_it(viewer_of_everything, organization):
    of_acme = rows(securables_visible_to(viewer_of_everything, organization=organization))
    in_view = rows(securables_in_view_of(viewer_of_everything, organization=organization))
    assert of_acme and len(in_view) > len(of_acme)  # Globex's shares are in view too

    assert (
        rows(securables_visible_to(viewer_of_everything, organization=organization, first=3)[:3])
        == (of_acme[:3])
    )
    listed = securables_list(viewer_of_everything, in_view_of=organization)
    assert rows(listed[:4]) == in_view[:4]


def test_every_page_of_the_paginator_is_that_of_the_whole_list(viewer_of_everything):
    everything = rows(securables_visible_to(viewer_of_everything))
    paginator = Paginator(securables_list(viewer_of_everything), 7)

    assert paginator.count == len(everything)
    pages = [rows(paginator.page(number)) for number in paginator.page_range]
    assert [row for page in pages for row in page] == everything


def test_a_changed_securable_comes_first_for_those_it_is_shared_with(
    owner, organization, outsider, other_organization
):
    user = add_member(organization, UserFactory(), team_role=None)
    shared = [
        securable_create(
            acting_user=outsider,
            organization=other_organization,
            type=SecurableType.DASHBOARD,
            name={"en": f"Shared {number}"},
        )
        for number in range(3)
    ]
    for securable in shared:
        securable_share_with_user(
            acting_user=outsider, securable=securable, email=user.email, level=AccessLevel.READ
        )
    oldest = shared[0]
    assert rows(securables_visible_to(user, first=1)[:1]) == [(shared[2].pk, 1)]

    securable_update(acting_user=outsider, securable=oldest, name={"en": "Renamed"})

    assert rows(securables_visible_to(user, first=1)[:1]) == [(oldest.pk, 1)]
    oldest.refresh_from_db()
    assert set(
        SecurableUserObjectPermission.objects.filter(content_object=oldest).values_list(
            "securable_updated_at", flat=True
        )
    ) == {oldest.updated_at}


def _in_teams(user, organizations, count: int) -> list:
    """``user`` in ``count`` teams spread over ``organizations``, at every team role."""
    team_roles = list(TeamRole)
    teams = []
    for number in range(count):
        home = organizations[number % len(organizations)]
        home.plan = plan("enterprise")
        home.save(update_fields=["plan"])
        teams.append(
            in_new_team(home, user, team_roles[number % len(team_roles)], name=f"Team {number}")
        )
    return teams


@pytest.fixture(params=[5, MAX_CUTS_PER_SOURCE + 10], ids=["few teams", "many teams"])
def teamed(request, organization, other_organization, outsider):
    """A member of Acme (and a viewer of Globex, which caps Globex teams' grants at read),
    in a few teams (a cut each) or in more than ``MAX_CUTS_PER_SOURCE`` (cut together), with
    grants at every level spread over the teams, some of them revoked, an admin of three
    small companies, and a few direct shares."""
    rng = random.Random(request.param)
    user = add_member(organization, UserFactory(name="Tess Teams"), team_role=None)
    add_member(other_organization, user, OrganizationRole.VIEWER, team_role=None)
    teams = _in_teams(user, [organization, other_organization], request.param)
    authors = {
        organization.pk: add_member(organization, UserFactory(), team_role=None),
        other_organization.pk: outsider,
    }
    for number in range(3):
        company_owner = UserFactory()
        company = OrganizationFactory(owner=company_owner)
        add_member(company, user, OrganizationRole.ADMIN, team_role=None)
        for item in range(4):
            securable_create(
                acting_user=company_owner,
                organization=company,
                type=SecurableType.DASHBOARD,
                name={"en": f"Company {number}.{item}"},
            )
    for number in range(90):
        team = rng.choice(teams)
        author = authors[team.organization_id]
        securable = securable_create(
            acting_user=author,
            organization=team.organization,
            type=rng.choice([SecurableType.DASHBOARD, SecurableType.DATASET]),
            name={"en": f"Shared {number}"},
        )
        securable_share_with_team(
            acting_user=author, securable=securable, team=team, level=rng.choice(list(AccessLevel))
        )
        if number % 7 == 0:
            securable_share_with_team(
                acting_user=author, securable=securable, team=rng.choice(teams), level=1
            )
        if number % 5 == 0:
            securable_share_with_user(
                acting_user=author,
                securable=securable,
                email=user.email,
                level=rng.choice(list(AccessLevel)),
            )
        if number % 11 == 0:
            securable_unshare(acting_user=author, securable=securable, team=team)
    return user


@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"min_level": AccessLevel.USE},
        {"min_level": AccessLevel.OWN},
        {"type": SecurableType.DATASET, "min_level": AccessLevel.MODIFY},
    ],
)
def test_the_first_pages_through_many_teams_are_those_of_the_whole_list(teamed, filters):
    everything = rows(securables_visible_to(teamed, **filters))
    assert len(everything) > 10

    for first in (1, 10, 25, len(everything) + 1):
        top = rows(securables_visible_to(teamed, first=first, **filters)[:first])
        assert top == everything[:first]
    listed = securables_list(teamed, **filters)
    assert rows(listed[10:20]) == everything[10:20]


def test_each_organization_in_view_through_many_teams(teamed, organization, other_organization):
    for home in (organization, other_organization):
        in_view = rows(securables_in_view_of(teamed, organization=home))
        assert in_view
        listed = securables_list(teamed, in_view_of=home)
        assert rows(listed[0:7]) == in_view[:7]
        assert rows(listed[7:30]) == in_view[7:30]


def test_an_inactive_user_lists_nothing(teamed):
    teamed.is_active = False
    teamed.save(update_fields=["is_active"])

    assert list(securables_visible_to(teamed, first=10)) == []
