"""The share page's lists of people and teams are paged, and a change made on a page
returns to it."""

import pytest
from django.urls import reverse

from organizations.models import SecurableType
from organizations.roles import OrganizationRole
from organizations.services.securable import securable_create, securable_share_with_user
from organizations.tests.factories import UserFactory, add_member
from organizations.views import securables as securables_view

PER_PAGE = 3


def url(name, securable, *extra):
    return reverse(name, args=["dashboards", securable.pk, *extra])


@pytest.fixture
def shared_dashboard(organization, member, monkeypatch):
    monkeypatch.setattr(securables_view, "SHARES_PER_PAGE", PER_PAGE)
    dashboard = securable_create(
        acting_user=member,
        organization=organization,
        type=SecurableType.DASHBOARD,
        name={"en": "Sales"},
    )
    for number in range(2 * PER_PAGE + 1):
        person = add_member(
            organization, UserFactory(name=f"Person {number:02}"), OrganizationRole.MEMBER
        )
        securable_share_with_user(
            acting_user=member, securable=dashboard, email=person.email, level="read"
        )
    return dashboard


def test_people_are_paged_by_name(client, member, shared_dashboard):
    client.force_login(member)

    first = client.get(url("securable_share", shared_dashboard))
    last = client.get(url("securable_share", shared_dashboard), {"people_page": 3})

    assert [u.name for u in first.context["shared_users"]] == [
        "Person 00",
        "Person 01",
        "Person 02",
    ]
    assert [u.name for u in last.context["shared_users"]] == ["Person 06"]
    assert "people_page=2" in first.content.decode()


def test_revoking_on_page_2_returns_to_page_2(client, member, shared_dashboard):
    client.force_login(member)
    page_2 = client.get(url("securable_share", shared_dashboard), {"people_page": 2})
    target = next(iter(page_2.context["shared_users"]))

    response = client.post(
        url("securable_unshare", shared_dashboard, "user", target.pk),
        {"list_query": "people_page=2"},
    )

    assert response["Location"] == url("securable_share", shared_dashboard) + "?people_page=2"
    assert not shared_dashboard.user_grants.filter(user=target).exists()
