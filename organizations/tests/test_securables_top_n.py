""" "What may this user see" read as a top-N query (issue 11): each source of access is cut
at the page, and the pages must be exactly those of the whole list, whatever source each
row comes from, with every filter the lists apply."""

import random

import pytest
from django.core.paginator import Paginator

from organizations.models import SecurableType, SecurableUserObjectPermission
from organizations.roles import AccessLevel, OrganizationRole, TeamRole
from organizations.selectors.securables import (
    securables_in_view_of,
    securables_list,
    securables_visible_to,
)
from organizations.services.securable import (
    securable_create,
    securable_share_with_team,
    securable_share_with_user,
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
