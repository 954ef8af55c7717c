"""Organization → Audit log as sentences: people, teams and dashboards by name, in the
reader's language, filtered and paged, with one query per kind of name per page."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from organizations.models import AuditAction, AuditEvent, Membership
from organizations.roles import OrganizationRole
from organizations.services.membership import membership_change_role
from organizations.services.organization import organization_update
from organizations.services.securable import securable_create, securable_share_with_team
from organizations.services.team import team_create, team_delete, team_member_add

AUDIT_LOG = reverse("organization_audit_log")


def _speak(user, locale):
    user.locale = locale
    user.save(update_fields=["locale"])


def _text(response) -> str:
    return response.content.decode()


def test_a_role_change_reads_as_a_sentence(client, organization, owner, admin, member):
    membership = Membership.objects.get(user=member, organization=organization)
    membership_change_role(acting_user=admin, membership=membership, role=OrganizationRole.VIEWER)
    _speak(owner, "en")
    client.force_login(owner)

    content = _text(client.get(AUDIT_LOG))

    assert "Adam Admin changed Mia Member's role from Member to Viewer" in content
    assert "from: member" not in content


def test_a_share_names_the_dashboard_and_the_team_and_a_deleted_team(client, organization, owner):
    analysts = team_create(acting_user=owner, organization=organization, name="Analysts")
    sales = securable_create(
        acting_user=owner, organization=organization, type="dashboard", name={"en": "Sales"}
    )
    securable_share_with_team(acting_user=owner, securable=sales, team=analysts, level="use")
    _speak(owner, "en")
    client.force_login(owner)

    assert "Olivia Owner shared Sales with Analysts at Use" in _text(client.get(AUDIT_LOG))

    team_delete(acting_user=owner, team=analysts)
    content = _text(client.get(AUDIT_LOG))
    assert "Olivia Owner shared Sales with a deleted team at Use" in content
    # The event that deleted it still names it.
    assert "Olivia Owner deleted the team Analysts" in content
    assert str(analysts.pk) not in content


def test_in_french_no_english_keys_nor_ids(client, organization, owner, member):
    team = team_create(acting_user=owner, organization=organization, name="Ventes")
    team_member_add(acting_user=owner, team=team, user=member)
    organization_update(acting_user=owner, organization=organization, locale="fr")
    membership = Membership.objects.get(user=member, organization=organization)
    membership_change_role(acting_user=owner, membership=membership, role=OrganizationRole.VIEWER)
    _speak(owner, "fr")
    client.force_login(owner)

    content = _text(client.get(AUDIT_LOG))

    assert "Olivia Owner a changé le rôle de Mia Member de Membre à Lecteur" in content
    assert "Olivia Owner a ajouté Mia Member à Ventes" in content
    assert "langue par défaut" in content
    for english in ("role:", "from:", "fields:", "team_id", "['", "locale"):
        assert english not in content.split("<main")[1], english
    assert str(team.pk) not in content


def test_names_are_escaped(client, organization, owner):
    team_create(acting_user=owner, organization=organization, name="<b>Bold</b>")
    client.force_login(owner)

    content = _text(client.get(AUDIT_LOG))

    assert "&lt;b&gt;Bold&lt;/b&gt;" in content
    assert "<b>Bold</b>" not in content


def test_one_query_per_kind_of_name_whatever_the_number_of_events(client, organization, owner):
    def page_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(AUDIT_LOG).status_code == 200
        return len(queries)

    for number in range(2):
        team = team_create(acting_user=owner, organization=organization, name=f"Team {number}")
        dashboard = securable_create(
            acting_user=owner,
            organization=organization,
            type="dashboard",
            name={"en": f"Dashboard {number}"},
        )
        securable_share_with_team(acting_user=owner, securable=dashboard, team=team, level="read")
    client.force_login(owner)
    few = page_queries()

    for number in range(2, 8):
        team = team_create(acting_user=owner, organization=organization, name=f"Team {number}")
        dashboard = securable_create(
            acting_user=owner,
            organization=organization,
            type="dashboard",
            name={"en": f"Dashboard {number}"},
        )
        securable_share_with_team(acting_user=owner, securable=dashboard, team=team, level="read")

    assert page_queries() == few


def test_filter_by_action_actor_and_date(client, organization, owner, admin):
    team_create(acting_user=admin, organization=organization, name="Analysts")
    team_create(acting_user=owner, organization=organization, name="Sales")
    old = AuditEvent.objects.get(data__team="Sales")
    AuditEvent.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=10)
    )
    _speak(owner, "en")
    client.force_login(owner)

    by_action = client.get(AUDIT_LOG, {"action": AuditAction.TEAM_CREATED})
    assert {event.action for event, _ in by_action.context["entries"]} == {AuditAction.TEAM_CREATED}
    by_actor = client.get(AUDIT_LOG, {"action": AuditAction.TEAM_CREATED, "actor": admin.pk})
    assert [event.data["team"] for event, _ in by_actor.context["entries"]] == ["Analysts"]
    since = (timezone.localdate() - datetime.timedelta(days=2)).isoformat()
    recent = client.get(AUDIT_LOG, {"action": AuditAction.TEAM_CREATED, "since": since})
    assert [event.data["team"] for event, _ in recent.context["entries"]] == ["Analysts"]
    # The actor filter offers the people who acted, by name.
    assert "Adam Admin" in _text(by_action)


def test_a_malformed_filter_is_a_400_with_the_message(client, organization, owner):
    _speak(owner, "en")
    client.force_login(owner)

    response = client.get(AUDIT_LOG, {"since": "yesterday", "actor": "not-a-user"})

    assert response.status_code == 400
    assert "Enter a valid date." in _text(response)


def test_the_pages_keep_the_filters(client, organization, owner):
    for number in range(30):
        AuditEvent.objects.create(
            organization=organization,
            organization_name="Acme",
            action=AuditAction.TEAM_CREATED,
            data={"team": f"Team {number}"},
        )
    client.force_login(owner)

    first = client.get(AUDIT_LOG, {"action": AuditAction.TEAM_CREATED})

    assert f"?action={AuditAction.TEAM_CREATED}&amp;page=2" in _text(first)
    second = client.get(AUDIT_LOG, {"action": AuditAction.TEAM_CREATED, "page": 2})
    assert len(second.context["entries"]) == 5
