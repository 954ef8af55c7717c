"""Dashboards and Datasets in the browser: the lists with each one's level, create, edit,
delete, and the Share page; the issue's "done when" scenario end to end; fixed queries.

Mia Member of Acme makes dashboards; Carl Colleague is another member of Acme in no team;
Gina of Globex is in Globex's "Partners" team.
"""

import pytest
from django.urls import reverse

from organizations.metering import usage_meter
from organizations.models import AuditAction, AuditEvent, Securable, SecurableType
from organizations.roles import AccessLevel, OrganizationRole, TeamRole
from organizations.selectors.securables import securable_share_level, securables_visible_to
from organizations.services.securable import (
    securable_create,
    securable_share_with_team,
    securable_share_with_user,
)
from organizations.services.team import team_create, team_member_add
from organizations.tests.factories import OrganizationFactory, UserFactory, add_member, plan

DASHBOARDS = reverse("dashboards")
DATASETS = reverse("datasets")


def create(author, organization, name="Sales", type=SecurableType.DASHBOARD, **fields):
    return securable_create(
        acting_user=author, organization=organization, type=type, name={"en": name}, **fields
    )


def url(name, securable, *extra):
    section = "dashboards" if securable.type == SecurableType.DASHBOARD else "datasets"
    return reverse(name, args=[section, securable.pk, *extra])


def listed(response) -> dict[str, AccessLevel]:
    """The list's rows: name → level."""
    return {row.display_name: row.level for row in response.context["page"].object_list}


def level_of(user, securable) -> int:
    return securable_share_level(securable, user=user)


@pytest.fixture
def colleague(organization):
    return add_member(organization, UserFactory(name="Carl Colleague"), team_role=None)


@pytest.fixture
def dashboard(member, organization):
    return create(member, organization, contents={"items": [{"chart": "bar"}]})


@pytest.fixture
def globex(other_organization):
    # On Pro, so that it may have a team besides My Team.
    other_organization.plan = plan("pro")
    other_organization.save(update_fields=["plan"])
    return other_organization


@pytest.fixture
def gina(globex):
    return add_member(globex, UserFactory(name="Gina Globex"), team_role=None)


@pytest.fixture
def partners(globex, outsider, gina):
    team = team_create(acting_user=outsider, organization=globex, name="Partners")
    team_member_add(acting_user=outsider, team=team, user=gina, role=TeamRole.MEMBER)
    return team


# Lists ---------------------------------------------------------------------------------------


def test_a_member_sees_their_own_and_what_is_shared_with_them_with_the_level(
    client, organization, owner, member, dashboard
):
    shared = create(owner, organization, "Shared with Mia")
    securable_share_with_user(acting_user=owner, securable=shared, email=member.email, level="use")
    create(owner, organization, "Private to Olivia")
    client.force_login(member)

    response = client.get(DASHBOARDS)

    assert response.status_code == 200
    assert listed(response) == {"Sales": AccessLevel.OWN, "Shared with Mia": AccessLevel.USE}
    content = response.content.decode()
    assert "Private to Olivia" not in content
    assert f'href="{url("securable_share", dashboard)}"' in content
    assert f'href="{url("securable_share", shared)}"' not in content


def test_owners_and_admins_see_every_securable_of_the_organization(
    client, organization, admin, member, dashboard
):
    client.force_login(admin)

    assert listed(client.get(DASHBOARDS)) == {"Sales": AccessLevel.OWN}


def test_each_section_lists_its_own_type(client, organization, member, dashboard):
    create(member, organization, "Orders", type=SecurableType.DATASET)
    client.force_login(member)

    assert list(listed(client.get(DASHBOARDS))) == ["Sales"]
    assert list(listed(client.get(DATASETS))) == ["Orders"]


def test_what_other_organizations_share_is_listed_and_marked(
    client, organization, member, outsider, globex
):
    foreign = create(outsider, globex, "Globex KPIs")
    securable_share_with_user(acting_user=outsider, securable=foreign, email=member.email, level=1)
    client.force_login(member)

    response = client.get(DASHBOARDS)

    assert listed(response) == {"Globex KPIs": AccessLevel.READ}
    assert "shared with you" in response.content.decode()
    assert client.get(url("securable", foreign)).status_code == 200


def test_securables_of_the_users_other_organizations_wait_for_a_switch(
    client, organization, member
):
    own = OrganizationFactory(owner=member, name={"en": "Mia's own"})
    create(member, own, "In Mia's own")
    create(member, organization, "In Acme")
    member.active_organization = organization
    member.save(update_fields=["active_organization"])
    client.force_login(member)

    assert list(listed(client.get(DASHBOARDS))) == ["In Acme"]
    assert (
        client.get(url("securable", Securable.objects.get(name__en="In Mia's own"))).status_code
        == 404
    )

    client.post(reverse("organization_switch"), {"organization": str(own.pk)})
    assert list(listed(client.get(DASHBOARDS))) == ["In Mia's own"]


def test_the_list_is_paginated(client, organization, member):
    for number in range(30):
        create(member, organization, f"Dashboard {number}")
    client.force_login(member)

    first, second = client.get(DASHBOARDS), client.get(DASHBOARDS, {"page": 2})

    assert len(listed(first)) == 25
    assert len(listed(second)) == 5
    assert not set(listed(first)) & set(listed(second))


def test_an_empty_section_says_so(client, organization, member):
    client.force_login(member)

    assert "No datasets yet" in client.get(DATASETS).content.decode()


# Create ------------------------------------------------------------------------------------


def test_a_member_creates_a_dashboard_in_their_language(client, organization, member):
    member.locale = "nl"
    member.save(update_fields=["locale"])
    client.force_login(member)

    response = client.post(
        reverse("securable_new", args=["dashboards"]),
        {
            "name": "Verkoop",
            "description": "Per regio",
            "contents": '{"items": [{"chart": "bar"}]}',
        },
        follow=True,
    )

    dashboard = Securable.objects.get()
    assert (dashboard.type, dashboard.owner, dashboard.organization) == (
        SecurableType.DASHBOARD,
        member,
        organization,
    )
    assert dashboard.name == {"nl": "Verkoop"}
    assert dashboard.description == {"nl": "Per regio"}
    assert dashboard.contents == {"items": [{"chart": "bar"}]}
    assert response.redirect_chain[-1][0] == url("securable", dashboard)
    assert AuditEvent.objects.filter(action=AuditAction.SECURABLE_CREATED).count() == 1


@pytest.mark.parametrize(
    ("contents", "message"),
    [
        ("{not json", "Enter a valid JSON."),
        ("[1, 2]", "must be a JSON object"),
        ('{"text": "a\\u0000b"}', "null character"),
    ],
)
def test_contents_must_be_a_json_object(client, organization, member, contents, message):
    client.force_login(member)

    response = client.post(
        reverse("securable_new", args=["dashboards"]), {"name": "Sales", "contents": contents}
    )

    assert response.status_code == 200
    assert message in response.context["create_form"].errors["contents"][0]
    assert response.context["create_form_open"]
    assert not Securable.objects.exists()


def test_a_dataset_has_no_contents_to_type(client, organization, member):
    client.force_login(member)

    response = client.post(reverse("securable_new", args=["datasets"]), {"name": "Orders"})

    assert "contents" not in client.get(DATASETS).context["create_form"].fields
    dataset = Securable.objects.get()
    assert (dataset.type, dataset.contents) == (SecurableType.DATASET, {})
    assert response.url == url("securable", dataset)


def test_a_viewer_has_no_create_button_and_may_not_create(client, organization, viewer):
    client.force_login(viewer)

    assert "create_form" not in client.get(DASHBOARDS).context
    response = client.post(reverse("securable_new", args=["dashboards"]), {"name": "Mine"})

    assert response.status_code == 403
    assert not Securable.objects.exists()


# Edit and delete ---------------------------------------------------------------------------


def test_editing_keeps_the_other_languages(client, organization, member):
    dashboard = create(member, organization, "Sales", description={"en": "By region"})
    member.locale = "fr"
    member.save(update_fields=["locale"])
    client.force_login(member)
    form = client.get(url("securable", dashboard)).context["form"]
    # A text with no French yet shows the English one; sent back unchanged, it stays English.
    assert (form["name"].value(), form["description"].value()) == ("Sales", "By region")

    response = client.post(
        url("securable", dashboard),
        {"name": "Sales", "description": "Par région", "contents": '{"items": []}'},
        follow=True,
    )

    dashboard.refresh_from_db()
    assert dashboard.name == {"en": "Sales"}
    assert dashboard.description == {"en": "By region", "fr": "Par région"}
    assert dashboard.contents == {"items": []}
    assert response.redirect_chain[-1][0] == url("securable", dashboard)


def test_nothing_changed_changes_nothing(client, organization, member, dashboard):
    client.force_login(member)
    form = client.get(url("securable", dashboard)).context["form"]
    data = {name: form[name].value() for name in form.fields}

    client.post(url("securable", dashboard), data)

    assert not AuditEvent.objects.filter(action=AuditAction.SECURABLE_UPDATED).exists()


def test_a_modify_share_edits_but_neither_shares_nor_deletes(
    client, organization, member, colleague, dashboard
):
    securable_share_with_user(
        acting_user=member, securable=dashboard, email=colleague.email, level="modify"
    )
    client.force_login(colleague)

    edited = client.post(url("securable", dashboard), {"name": "Sales EU", "contents": "{}"})

    assert edited.status_code == 302
    dashboard.refresh_from_db()
    assert dashboard.name == {"en": "Sales EU"}
    assert client.get(url("securable_share", dashboard)).status_code == 403
    assert client.post(url("securable_delete", dashboard)).status_code == 403
    assert Securable.objects.filter(pk=dashboard.pk).exists()


@pytest.mark.parametrize("level", ["read", "use"])
def test_read_and_use_shares_see_the_details_without_a_form(
    client, organization, member, colleague, dashboard, level
):
    securable_share_with_user(
        acting_user=member, securable=dashboard, email=colleague.email, level=level
    )
    client.force_login(colleague)

    response = client.get(url("securable", dashboard))

    assert response.status_code == 200
    assert response.context["form"] is None
    assert "&quot;chart&quot;: &quot;bar&quot;" in response.content.decode()
    assert client.post(url("securable", dashboard), {"name": "Mine"}).status_code == 403
    dashboard.refresh_from_db()
    assert dashboard.name == {"en": "Sales"}


def test_the_owner_deletes_a_dashboard(client, organization, member, dashboard):
    client.force_login(member)

    response = client.post(url("securable_delete", dashboard), follow=True)

    assert response.redirect_chain[-1][0] == DASHBOARDS
    assert "Dashboard Sales deleted." in response.content.decode()
    assert not Securable.objects.exists()


# Who may not even see it -------------------------------------------------------------------

ROUTES = [
    ("get", "securable", ()),
    ("post", "securable", ()),
    ("post", "securable_delete", ()),
    ("get", "securable_share", ()),
    ("post", "securable_share_user", ()),
    ("post", "securable_share_team", ()),
    ("post", "securable_share_change", ("user",)),
    ("post", "securable_unshare", ("user",)),
]


@pytest.mark.parametrize(("method", "name", "extra"), ROUTES, ids=lambda value: str(value))
def test_outsiders_get_404_on_every_page_of_a_securable(
    client, organization, member, colleague, dashboard, outsider, viewer, method, name, extra
):
    securable_share_with_user(
        acting_user=member, securable=dashboard, email=colleague.email, level=1
    )
    path = url(name, dashboard, *extra, *([colleague.pk] if extra else []))
    data = {"name": "Taken", "email": outsider.email, "level": "4"}

    for someone in (outsider, viewer):
        client.force_login(someone)
        assert getattr(client, method)(path, data).status_code == 404

    dashboard.refresh_from_db()
    assert dashboard.name == {"en": "Sales"}
    assert level_of(colleague, dashboard) == AccessLevel.READ
    assert level_of(outsider, dashboard) == 0


def test_a_dashboard_is_not_found_among_datasets(client, organization, member, dashboard):
    client.force_login(member)

    assert client.get(reverse("securable", args=["datasets", dashboard.pk])).status_code == 404


# Share -------------------------------------------------------------------------------------


def test_sharing_with_someone_of_another_organization_by_email(
    client, organization, member, dashboard, outsider
):
    client.force_login(member)

    response = client.post(
        url("securable_share_user", dashboard),
        {"email": outsider.email.upper(), "level": AccessLevel.USE},
        follow=True,
    )

    assert level_of(outsider, dashboard) == AccessLevel.USE
    assert response.redirect_chain[-1][0] == url("securable_share", dashboard)
    assert "Shared with Otto Outsider at the Use level." in response.content.decode()
    assert [user.email for user in response.context["shared_users"]] == [outsider.email]


@pytest.mark.parametrize(
    ("email", "message"),
    [("nobody@example.test", "No user has the e-mail address"), ("owner", "owns this")],
)
def test_sharing_with_an_unknown_address_or_the_owner_is_a_field_error(
    client, organization, owner, member, dashboard, email, message
):
    client.force_login(owner)

    response = client.post(
        url("securable_share_user", dashboard),
        {"email": member.email if email == "owner" else email, "level": 1},
    )

    assert response.status_code == 200
    assert message in response.context["user_form"].errors["email"][0]
    assert not dashboard.user_grants.exists()


def test_the_team_choices_are_the_teams_of_the_users_organizations(
    client, organization, member, dashboard, partners
):
    OrganizationFactory(owner=member, name={"en": "Mia's own"})
    member.active_organization = organization
    member.save(update_fields=["active_organization"])
    client.force_login(member)

    choices = client.get(url("securable_share", dashboard)).context["team_form"].fields["team"]

    groups = [(group, [name for _id, name in teams]) for group, teams in choices.choices[1:]]
    assert groups == [("Acme", ["My Team"]), ("Mia's own", ["My Team"])]


def test_sharing_with_a_team_of_the_organization_and_one_of_another_by_its_id(
    client, organization, member, dashboard, partners
):
    my_team = organization.teams.get()
    client.force_login(member)

    client.post(url("securable_share_team", dashboard), {"team": my_team.pk, "level": 3})
    response = client.post(
        url("securable_share_team", dashboard), {"team_id": partners.pk, "level": 1}, follow=True
    )

    assert securable_share_level(dashboard, team=my_team) == AccessLevel.MODIFY
    assert securable_share_level(dashboard, team=partners) == AccessLevel.READ
    assert "Shared with the team Partners at the Read level." in response.content.decode()
    shared = {team.name: team.access for team in response.context["shared_teams"]}
    assert shared == {"My Team": AccessLevel.MODIFY, "Partners": AccessLevel.READ}
    assert "Globex" in response.content.decode()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({}, "__all__", "Choose one of your teams"),
        ({"team": "mine", "team_id": "partners"}, "__all__", "Choose one of your teams"),
        ({"team_id": "00000000-0000-0000-0000-000000000000"}, "team_id", "No team has this id."),
        ({"team_id": "not-an-id"}, "team_id", "Enter a valid UUID."),
    ],
)
def test_a_team_share_needs_exactly_one_known_team(
    client, organization, member, dashboard, partners, data, field, message
):
    ids = {"mine": organization.teams.get().pk, "partners": partners.pk}
    data = {key: ids.get(value, value) for key, value in data.items()}
    client.force_login(member)

    response = client.post(url("securable_share_team", dashboard), {**data, "level": 1})

    assert response.status_code == 200
    assert message in response.context["team_form"].errors[field][0]
    assert not dashboard.team_grants.exists()


def test_changing_the_level_and_revoking_shares(
    client, organization, member, colleague, dashboard, partners
):
    securable_share_with_user(
        acting_user=member, securable=dashboard, email=colleague.email, level=1
    )
    securable_share_with_team(acting_user=member, securable=dashboard, team=partners, level=1)
    client.force_login(member)

    changed = client.post(
        url("securable_share_change", dashboard, "user", colleague.pk), {"level": 4}, follow=True
    )
    client.post(url("securable_share_change", dashboard, "team", partners.pk), {"level": 2})

    assert level_of(colleague, dashboard) == AccessLevel.OWN
    assert securable_share_level(dashboard, team=partners) == AccessLevel.USE
    assert "Carl Colleague now has the Own level." in changed.content.decode()

    revoked = client.post(url("securable_unshare", dashboard, "user", colleague.pk), follow=True)
    client.post(url("securable_unshare", dashboard, "team", partners.pk))

    assert "The share with Carl Colleague was revoked." in revoked.content.decode()
    assert not dashboard.user_grants.exists()
    assert not dashboard.team_grants.exists()


def test_changing_a_share_that_does_not_exist_is_not_found(
    client, organization, member, colleague, dashboard
):
    client.force_login(member)

    assert (
        client.post(
            url("securable_share_change", dashboard, "user", colleague.pk), {"level": 2}
        ).status_code
        == 404
    )
    assert client.post(url("securable_unshare", dashboard, "user", colleague.pk)).status_code == 404


def test_a_bad_level_is_a_flash_error(client, organization, member, colleague, dashboard):
    securable_share_with_user(
        acting_user=member, securable=dashboard, email=colleague.email, level=1
    )
    client.force_login(member)

    response = client.post(
        url("securable_share_change", dashboard, "user", colleague.pk), {"level": "9"}, follow=True
    )

    assert "Choose an access level" in response.content.decode()
    assert level_of(colleague, dashboard) == AccessLevel.READ


def test_an_own_share_may_share_again(client, organization, member, colleague, dashboard, outsider):
    securable_share_with_user(
        acting_user=member, securable=dashboard, email=colleague.email, level=4
    )
    client.force_login(colleague)

    client.post(url("securable_share_user", dashboard), {"email": outsider.email, "level": 1})

    assert level_of(outsider, dashboard) == AccessLevel.READ


@pytest.mark.parametrize(
    ("level", "offered"),
    [
        (AccessLevel.USE, set()),
        (AccessLevel.MODIFY, {"Edit"}),
        (AccessLevel.OWN, {"Edit", "Share", "Delete"}),
    ],
)
def test_the_list_and_the_page_offer_each_action_at_the_level_its_service_requires(
    client, member, colleague, dashboard, level, offered
):
    securable_share_with_user(
        acting_user=member, securable=dashboard, email=colleague.email, level=level
    )
    client.force_login(colleague)

    for page in (DASHBOARDS, url("securable", dashboard)):
        content = client.get(page).content.decode()
        shown = {
            action
            for action, marker in [
                ("Edit", 'Edit<span class="visually-hidden"> Sales'),
                ("Share", f'href="{url("securable_share", dashboard)}"'),
                ("Delete", f'action="{url("securable_delete", dashboard)}"'),
            ]
            if marker in content
        }
        # The securable's own page shows the edit form itself, not an Edit button.
        expected = offered - {"Edit"} if page != DASHBOARDS else offered
        assert shown == expected, page


# The "done when" -------------------------------------------------------------------


def test_a_member_shares_a_new_dashboard_with_a_colleague_and_another_organizations_team(
    client, organization, owner, admin, member, viewer, colleague, outsider, gina, partners
):
    stranger = add_member(partners.organization, UserFactory(name="Sam Stranger"))
    client.force_login(member)

    created = client.post(
        reverse("securable_new", args=["dashboards"]),
        {"name": "Quarterly sales", "contents": '{"items": []}'},
    )
    dashboard = Securable.objects.get(name__en="Quarterly sales")
    assert created.url == url("securable", dashboard)
    client.post(url("securable_share_user", dashboard), {"email": colleague.email, "level": 2})
    client.post(url("securable_share_team", dashboard), {"team_id": partners.pk, "level": 1})

    seen = {}
    for person in (owner, admin, member, viewer, colleague, outsider, gina, stranger):
        client.force_login(person)
        seen[person.name] = listed(client.get(DASHBOARDS)).get("Quarterly sales")
    assert seen == {
        "Olivia Owner": AccessLevel.OWN,  # Acme's owner and admins see all of Acme's
        "Adam Admin": AccessLevel.OWN,
        "Mia Member": AccessLevel.OWN,
        "Victor Viewer": None,
        "Carl Colleague": AccessLevel.USE,
        "Otto Outsider": None,  # Globex's owner, not in Partners
        "Gina Globex": AccessLevel.READ,
        "Sam Stranger": None,  # in Globex, not in Partners
    }
    assert {person.name for person in (owner, admin, member, colleague, gina)} == {
        name for name, level in seen.items() if level
    }

    # The colleague uses it (sees its details), and can't change it or share it.
    client.force_login(colleague)
    assert client.get(url("securable", dashboard)).context["form"] is None
    assert client.post(url("securable", dashboard), {"name": "Mine"}).status_code == 403
    assert client.get(url("securable_share", dashboard)).status_code == 403
    # Gina reads it from Globex, and can do no more.
    client.force_login(gina)
    assert client.get(url("securable", dashboard)).status_code == 200
    assert client.post(url("securable_delete", dashboard)).status_code == 403
    # Nobody else finds it.
    for nobody in (viewer, outsider, stranger):
        client.force_login(nobody)
        assert client.get(url("securable", dashboard)).status_code == 404
    assert [item.pk for item in securables_visible_to(gina)] == [dashboard.pk]


# Queries -----------------------------------------------------------------------------------

# Session, user, active organization (the page's language), active membership, what decides
# the member's access (their reach) and the page of what they may see (no count: Previous and
# Next), the sidebar's organizations.
DASHBOARDS_QUERIES = 7
# The frame's four, the securable with the member's level, its shares with people and with
# teams, the team choices, the sidebar's organizations.
SHARE_PAGE_QUERIES = 9


def _fill(owner, member, organization, outsider, globex, partners, gina, count):
    """Every way in: own, shared directly, shared with a team, shared from Globex, hidden."""
    my_team = organization.teams.get()
    for number in range(count):
        create(member, organization, f"Own {number}")
        direct = create(owner, organization, f"Direct {number}")
        securable_share_with_user(acting_user=owner, securable=direct, email=member.email, level=2)
        team_shared = create(owner, organization, f"Team {number}")
        securable_share_with_team(acting_user=owner, securable=team_shared, team=my_team, level=3)
        foreign = create(outsider, globex, f"Globex {number}")
        securable_share_with_user(
            acting_user=outsider, securable=foreign, email=member.email, level=1
        )
        create(owner, organization, f"Hidden {number}")


@pytest.mark.parametrize("count", [5, 50])
def test_the_dashboards_page_runs_the_same_queries_at_5_and_50(
    client,
    organization,
    owner,
    member,
    outsider,
    globex,
    partners,
    gina,
    count,
    django_assert_num_queries,
):
    _fill(owner, member, organization, outsider, globex, partners, gina, count)
    client.force_login(member)

    with django_assert_num_queries(DASHBOARDS_QUERIES):
        response = client.get(DASHBOARDS)

    rows = listed(response)
    assert len(rows) == min(25, 4 * count)
    assert response.context["page"].has_next == (4 * count > 25)
    assert set(rows.values()) <= {
        AccessLevel.OWN,
        AccessLevel.USE,
        AccessLevel.MODIFY,
        AccessLevel.READ,
    }


@pytest.mark.parametrize("count", [5, 50])
def test_the_share_page_runs_the_same_queries_at_5_and_50_shares(
    client, organization, member, dashboard, count, django_assert_num_queries
):
    for number in range(count):
        person = add_member(organization, UserFactory(), OrganizationRole.MEMBER, team_role=None)
        securable_share_with_user(
            acting_user=member, securable=dashboard, email=person.email, level=1 + number % 4
        )
    client.force_login(member)

    with django_assert_num_queries(SHARE_PAGE_QUERIES):
        response = client.get(url("securable_share", dashboard))

    assert len(response.context["shared_users"]) == count


def test_viewing_a_dashboard_counts_one_operation_and_its_bytes(
    client, organization, member, dashboard
):
    client.force_login(member)
    usage_meter.discard()

    response = client.get(url("securable", dashboard))

    assert response.status_code == 200
    [(key, (operations, data_bytes))] = usage_meter.pending().items()
    assert key[0] == organization.pk
    assert operations == 1
    assert data_bytes == len(response.content)


@pytest.mark.parametrize(
    ("contents", "message"),
    [
        ('{"items": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested more than 64 levels"),
        ('{"items": ' + "[" * 64 + "]" * 64 + "}", "nested more than 64 levels"),
        ('{"zoom": NaN}', "Enter a valid JSON."),
        ('{"zoom": -Infinity}', "Enter a valid JSON."),
        ('{"zoom": 100000000000000000000000000000}', "Give a number between"),
        ('{"text": "a\\ud800b"}', "unpaired surrogate"),
        ('{"a\\u0000": 1}', "null character"),
    ],
)
def test_contents_that_no_database_stores_are_a_field_error(
    client, organization, member, contents, message
):
    client.force_login(member)

    response = client.post(
        reverse("securable_new", args=["dashboards"]), {"name": "Sales", "contents": contents}
    )

    assert response.status_code == 200
    assert message in response.context["create_form"].errors["contents"][0]
    assert not Securable.objects.exists()


def test_the_new_dashboard_form_starts_with_an_empty_contents_box(client, organization, member):
    """Its help text says a JSON object: the box must not say `null` before anyone typed."""
    client.force_login(member)

    form = client.get(DASHBOARDS).context["create_form"]

    assert form["contents"].value() == ""
    assert str(form["contents"]).endswith('id="id_contents">\n</textarea>')
