"""REST API: dashboards and datasets (list with filters, create, retrieve, update, delete)
and their shares (list, share with a user by e-mail or a team by id, change, revoke)."""

import pytest

from organizations.models import Securable, SecurableType
from organizations.roles import AccessLevel, TeamRole
from organizations.selectors.securables import securable_share_level
from organizations.services.securable import (
    securable_create,
    securable_share_with_team,
    securable_share_with_user,
)
from organizations.services.team import team_create, team_member_add
from organizations.tests.factories import UserFactory, add_member, plan

SECURABLES = "/api/v1/securables/"


def securable_url(securable, suffix: str = "") -> str:
    return f"{SECURABLES}{securable.pk}/{suffix}"


def shares_url(securable, kind: str | None = None, target=None) -> str:
    return securable_url(securable, "shares/" + (f"{kind}s/{target.pk}/" if kind else ""))


def error_of(response) -> dict:
    return response.json()["error"]


def create(author, organization, name="Sales", type=SecurableType.DASHBOARD, **fields):
    return securable_create(
        acting_user=author, organization=organization, type=type, name={"en": name}, **fields
    )


def names(response) -> dict[str, str]:
    return {row["display_name"]: row["access_level"] for row in response.json()["results"]}


@pytest.fixture
def dashboard(member, organization):
    return create(member, organization, description={"en": "By region"}, contents={"items": []})


@pytest.fixture
def colleague(organization):
    return add_member(organization, UserFactory(name="Carl Colleague"), team_role=None)


@pytest.fixture
def partners(other_organization, outsider):
    """Globex's Partners team, with Gina in it."""
    other_organization.plan = plan("pro")
    other_organization.save(update_fields=["plan"])
    gina = add_member(other_organization, UserFactory(name="Gina Globex"), team_role=None)
    team = team_create(acting_user=outsider, organization=other_organization, name="Partners")
    team_member_add(acting_user=outsider, team=team, user=gina, role=TeamRole.MEMBER)
    return team


# List --------------------------------------------------------------------------------------


def test_the_list_holds_what_one_may_see_with_the_level(
    api_as, organization, owner, member, dashboard, outsider, other_organization
):
    shared = create(owner, organization, "Shared")
    securable_share_with_user(acting_user=owner, securable=shared, email=member.email, level=2)
    create(owner, organization, "Private")
    foreign = create(outsider, other_organization, "Globex KPIs", type=SecurableType.DATASET)
    securable_share_with_user(acting_user=outsider, securable=foreign, email=member.email, level=1)

    response = api_as(member).get(SECURABLES)

    assert response.status_code == 200
    assert names(response) == {"Sales": "own", "Shared": "use", "Globex KPIs": "read"}
    row = next(row for row in response.json()["results"] if row["display_name"] == "Sales")
    assert row == {
        "id": str(dashboard.pk),
        "type": "dashboard",
        "name": {"en": "Sales"},
        "display_name": "Sales",
        "description": {"en": "By region"},
        "contents": {"items": []},
        "organization": {"id": str(organization.pk), "display_name": "Acme"},
        "owner": {"id": str(member.pk), "email": member.email, "name": "Mia Member"},
        "access_level": "own",
        "created_at": row["created_at"],
        "updated_at": row["updated_at"],
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"type": "dataset"}, {"Globex KPIs"}),
        ({"type": "dashboard"}, {"Sales", "Shared"}),
        ({"organization": "acme"}, {"Sales", "Shared"}),
        ({"organization": "globex"}, {"Globex KPIs"}),
        ({"min_level": "use"}, {"Sales", "Shared"}),
        ({"min_level": "own"}, {"Sales"}),
        ({"min_level": "read", "type": "dashboard", "organization": "acme"}, {"Sales", "Shared"}),
    ],
)
def test_the_list_filters_by_type_organization_and_minimum_level(
    api_as, organization, owner, member, dashboard, outsider, other_organization, query, expected
):
    shared = create(owner, organization, "Shared")
    securable_share_with_user(acting_user=owner, securable=shared, email=member.email, level=2)
    foreign = create(outsider, other_organization, "Globex KPIs", type=SecurableType.DATASET)
    securable_share_with_user(acting_user=outsider, securable=foreign, email=member.email, level=1)
    ids = {"acme": str(organization.pk), "globex": str(other_organization.pk)}
    query = {key: ids.get(value, value) for key, value in query.items()}

    assert set(names(api_as(member).get(SECURABLES, query))) == expected


def test_the_list_pages_without_a_count(api_as, organization, member):
    for number in range(7):
        create(member, organization, f"Dashboard {number}")
    client = api_as(member)
    everything = [row["id"] for row in client.get(SECURABLES).json()["results"]]
    assert len(everything) == 7

    first = client.get(SECURABLES, {"page_size": 3}).json()
    assert set(first) == {"next", "previous", "results"}
    assert first["previous"] is None
    second = client.get(first["next"]).json()
    assert "page=2" in first["next"] and "page_size=3" in first["next"]
    third = client.get(second["next"]).json()
    assert third["next"] is None
    assert "page=2" in third["previous"]
    assert "page=" not in client.get(second["previous"]).request["QUERY_STRING"]
    pages = [first, second, third]
    assert [row["id"] for page in pages for row in page["results"]] == everything


@pytest.mark.parametrize("page", ["4", "0", "-1", "x"])
def test_a_page_past_the_end_or_not_a_number_is_not_found(api_as, organization, member, page):
    for number in range(7):
        create(member, organization, f"Dashboard {number}")

    response = api_as(member).get(SECURABLES, {"page_size": 3, "page": page})

    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"type": "report"}, "type"),
        ({"min_level": "admin"}, "min_level"),
        ({"organization": "x"}, "organization"),
    ],
)
def test_a_bad_filter_names_the_field(api_as, member, query, field):
    response = api_as(member).get(SECURABLES, query)

    assert response.status_code == 400
    assert list(error_of(response)["fields"]) == [field]


def test_anonymous_callers_are_refused(api_as, dashboard):
    assert api_as(None).get(SECURABLES).status_code == 401


# Create, retrieve, update, delete ----------------------------------------------------------


def test_a_member_creates_a_dashboard_they_own(api_as, organization, member):
    response = api_as(member).post(
        SECURABLES,
        {
            "type": "dashboard",
            "organization": str(organization.pk),
            "name": {"en": "Sales", "nl": "Verkoop"},
            "contents": {"items": [{"chart": "bar"}]},
        },
    )

    assert response.status_code == 201, response.content
    body = response.json()
    securable = Securable.objects.get(pk=body["id"])
    assert (securable.owner, securable.organization, securable.contents) == (
        member,
        organization,
        {"items": [{"chart": "bar"}]},
    )
    assert (body["access_level"], body["description"]) == ("own", {})


def test_a_viewer_may_not_create(api_as, organization, viewer):
    response = api_as(viewer).post(
        SECURABLES, {"type": "dataset", "organization": str(organization.pk), "name": {"en": "X"}}
    )

    assert response.status_code == 403
    assert error_of(response)["code"] == "permission_denied"
    assert not Securable.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"organization": "globex"}, "organization"),
        ({"type": "report"}, "type"),
        ({"name": {}}, "name"),
        ({"name": {"de": "Verkauf"}}, "name"),
        ({"contents": [1, 2]}, "contents"),
        ({"contents": {"text": "a\u0000b"}}, "contents"),
    ],
)
def test_bad_input_names_the_field(api_as, organization, other_organization, member, change, field):
    body = {"type": "dashboard", "organization": str(organization.pk), "name": {"en": "Sales"}}
    body.update(change)
    if body["organization"] == "globex":
        body["organization"] = str(other_organization.pk)

    response = api_as(member).post(SECURABLES, body)

    assert response.status_code == 400
    assert list(error_of(response)["fields"]) == [field]
    assert not Securable.objects.exists()


def test_a_modify_share_updates_and_keeps_what_is_left_out(api_as, member, colleague, dashboard):
    securable_share_with_user(
        acting_user=member, securable=dashboard, email=colleague.email, level="modify"
    )

    response = api_as(colleague).patch(
        securable_url(dashboard), {"name": {"en": "Sales", "fr": "Ventes"}}
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["name"], body["description"], body["contents"]) == (
        {"en": "Sales", "fr": "Ventes"},
        {"en": "By region"},
        {"items": []},
    )
    assert body["access_level"] == "modify"


@pytest.mark.parametrize(
    ("level", "method", "status"),
    [
        ("read", "get", 200),
        ("read", "patch", 403),
        ("use", "patch", 403),
        ("modify", "delete", 403),
        ("own", "delete", 204),
    ],
)
def test_what_each_level_may_do(api_as, member, colleague, dashboard, level, method, status):
    securable_share_with_user(
        acting_user=member, securable=dashboard, email=colleague.email, level=level
    )

    response = getattr(api_as(colleague), method)(securable_url(dashboard), {"name": {"en": "X"}})

    assert response.status_code == status
    assert Securable.objects.filter(pk=dashboard.pk).exists() == (status != 204)


@pytest.mark.parametrize("method", ["get", "patch", "delete"])
def test_outsiders_and_unshared_members_get_404(api_as, dashboard, outsider, viewer, method):
    for someone in (outsider, viewer):
        response = getattr(api_as(someone), method)(securable_url(dashboard), {"name": {"en": "X"}})
        assert response.status_code == 404
        assert error_of(response)["code"] == "not_found"
    dashboard.refresh_from_db()
    assert dashboard.name == {"en": "Sales"}


# Shares ------------------------------------------------------------------------------------


def test_sharing_with_a_user_of_another_organization_and_a_team_of_another_organization(
    api_as, member, dashboard, outsider, partners
):
    client = api_as(member)

    with_user = client.post(
        shares_url(dashboard), {"email": outsider.email.upper(), "level": "use"}
    )
    with_team = client.post(shares_url(dashboard), {"team": str(partners.pk), "level": "read"})

    assert with_user.status_code == 201, with_user.content
    assert with_user.json() == {
        "kind": "user",
        "user": {"id": str(outsider.pk), "email": outsider.email, "name": "Otto Outsider"},
        "team": None,
        "level": "use",
    }
    assert with_team.status_code == 201
    assert with_team.json() == {
        "kind": "team",
        "user": None,
        "team": {
            "id": str(partners.pk),
            "name": "Partners",
            "organization": {"id": str(partners.organization_id), "display_name": "Globex"},
        },
        "level": "read",
    }
    listed = client.get(shares_url(dashboard)).json()
    assert listed["count"] == 2
    assert [(row["kind"], row["level"]) for row in listed["results"]] == [
        ("user", "use"),
        ("team", "read"),
    ]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"level": "read"}, None),
        ({"email": "x@example.test", "team": "partners", "level": "read"}, None),
        ({"email": "nobody@example.test", "level": "read"}, "email"),
        ({"email": "owner", "level": "read"}, "email"),
        ({"team": "00000000-0000-0000-0000-000000000000", "level": "read"}, "team"),
        ({"email": "colleague", "level": "admin"}, "level"),
    ],
)
def test_a_bad_share_is_refused(api_as, member, colleague, dashboard, partners, body, field):
    ids = {"partners": str(partners.pk), "owner": member.email, "colleague": colleague.email}
    body = {key: ids.get(value, value) for key, value in body.items()}

    response = api_as(member).post(shares_url(dashboard), body)

    assert response.status_code == 400
    assert list(error_of(response)["fields"]) == ([field] if field else [])
    assert not dashboard.user_grants.exists() and not dashboard.team_grants.exists()


def test_changing_and_revoking_shares(api_as, member, colleague, dashboard, partners):
    securable_share_with_user(
        acting_user=member, securable=dashboard, email=colleague.email, level=1
    )
    securable_share_with_team(acting_user=member, securable=dashboard, team=partners, level=1)
    client = api_as(member)

    assert client.get(shares_url(dashboard, "user", colleague)).json()["level"] == "read"
    changed = client.patch(shares_url(dashboard, "user", colleague), {"level": "own"})
    team_changed = client.patch(shares_url(dashboard, "team", partners), {"level": "modify"})

    assert changed.json()["level"] == "own"
    assert team_changed.json()["team"]["name"] == "Partners"
    assert securable_share_level(dashboard, user=colleague) == AccessLevel.OWN
    assert securable_share_level(dashboard, team=partners) == AccessLevel.MODIFY

    assert client.delete(shares_url(dashboard, "user", colleague)).status_code == 204
    assert client.delete(shares_url(dashboard, "team", partners)).status_code == 204
    assert client.get(shares_url(dashboard)).json()["count"] == 0
    for kind, target in (("user", colleague), ("team", partners)):
        assert client.get(shares_url(dashboard, kind, target)).status_code == 404
        assert client.delete(shares_url(dashboard, kind, target)).status_code == 404
        assert (
            client.patch(shares_url(dashboard, kind, target), {"level": "use"}).status_code == 404
        )


@pytest.mark.parametrize("level", ["read", "use", "modify"])
def test_shares_are_for_own_level_only(api_as, member, colleague, dashboard, outsider, level):
    securable_share_with_user(
        acting_user=member, securable=dashboard, email=colleague.email, level=level
    )
    client = api_as(colleague)

    assert client.get(shares_url(dashboard)).status_code == 403
    response = client.post(shares_url(dashboard), {"email": outsider.email, "level": "read"})
    assert response.status_code == 403
    assert (
        client.patch(shares_url(dashboard, "user", colleague), {"level": "own"}).status_code == 403
    )
    assert client.delete(shares_url(dashboard, "user", colleague)).status_code == 403
    assert securable_share_level(dashboard, user=colleague) == AccessLevel[level.upper()]


def test_the_shares_of_an_invisible_securable_are_not_found(
    api_as, member, colleague, dashboard, outsider
):
    securable_share_with_user(
        acting_user=member, securable=dashboard, email=colleague.email, level=1
    )
    client = api_as(outsider)

    assert client.get(shares_url(dashboard)).status_code == 404
    assert (
        client.post(shares_url(dashboard), {"email": outsider.email, "level": "own"}).status_code
        == 404
    )
    assert client.get(shares_url(dashboard, "user", colleague)).status_code == 404
    assert client.delete(shares_url(dashboard, "user", colleague)).status_code == 404
    assert securable_share_level(dashboard, user=outsider) == 0


def test_the_done_when_scenario_through_the_api(api_as, organization, member, colleague, partners):
    gina = partners.memberships.get().user
    client = api_as(member)
    created = client.post(
        SECURABLES,
        {"type": "dashboard", "organization": str(organization.pk), "name": {"en": "Quarterly"}},
    ).json()
    dashboard = Securable.objects.get(pk=created["id"])
    client.post(shares_url(dashboard), {"email": colleague.email, "level": "use"})
    client.post(shares_url(dashboard), {"team": str(partners.pk), "level": "read"})

    assert names(api_as(colleague).get(SECURABLES)) == {"Quarterly": "use"}
    assert names(api_as(gina).get(SECURABLES)) == {"Quarterly": "read"}
    assert (
        names(api_as(partners.organization.memberships.get(role="owner").user).get(SECURABLES))
        == {}
    )
