"""The audit log read in French: sentences naming people, teams and dashboards, no English
keys, no raw ids, and a filter by action."""

import pytest
from playwright.sync_api import expect

from e2e.helpers import log_in
from organizations.models import Membership
from organizations.roles import OrganizationRole
from organizations.services.membership import membership_change_role
from organizations.services.securable import securable_create, securable_share_with_team
from organizations.services.team import team_create, team_delete, team_member_add

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_the_audit_log_in_french(new_page, owner, organization, admin, member):
    owner.locale = "fr"
    owner.save(update_fields=["locale"])
    analysts = team_create(acting_user=owner, organization=organization, name="Analystes")
    team_member_add(acting_user=owner, team=analysts, user=member)
    ventes = securable_create(
        acting_user=owner, organization=organization, type="dashboard", name={"en": "Ventes"}
    )
    securable_share_with_team(acting_user=owner, securable=ventes, team=analysts, level="use")
    membership_change_role(
        acting_user=admin,
        membership=Membership.objects.get(user=member, organization=organization),
        role=OrganizationRole.VIEWER,
    )
    team_delete(acting_user=owner, team=analysts)
    page = new_page()
    log_in(page, owner.email)

    page.goto("/organization/audit-log/")
    expect(page.get_by_role("heading", name="Journal d’audit")).to_be_visible()
    log = page.get_by_role("table")
    expect(log).to_contain_text("Adam Admin a changé le rôle de Mia Member de Membre à Lecteur")
    expect(log).to_contain_text(
        "Olivia Owner a partagé Ventes avec une équipe supprimée au niveau Utilisation"
    )
    expect(log).to_contain_text("Olivia Owner a supprimé l’équipe Analystes")
    text = log.inner_text()
    for english in ("role:", "from:", "to:", "fields:", "team_id", "['", "member", "Use"):
        assert english not in text, english
    assert str(analysts.pk) not in text and str(ventes.pk) not in text

    page.get_by_role("combobox", name="Action").select_option(label="Rôle du membre modifié")
    page.get_by_role("button", name="Filtrer").click()
    expect(page.get_by_role("row")).to_have_count(2)  # the header and the one event
    expect(log).to_contain_text("Adam Admin a changé le rôle de Mia Member")
