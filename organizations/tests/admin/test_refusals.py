"""A refusal of a service in the admin is an error message and changes nothing, also what
an earlier service of the same save had written (the admin's save is one transaction)."""

import json

from common.errors import InvalidInput
from organizations.models import AuditAction, AuditEvent
from organizations.tests.admin.helpers import change_url, inline_management_data, messages_of
from organizations.tests.factories import plan
from organizations.tests.snapshots import database_snapshot


def test_a_refused_plan_change_undoes_the_settings_saved_before_it(
    operator_client, organization, monkeypatch
):
    def refuse(**kwargs):
        raise InvalidInput("The Core plan is too small.")

    monkeypatch.setattr("organizations.admin.organizations.organization_change_plan", refuse)
    page = operator_client.get(change_url(organization))
    before = database_snapshot()

    response = operator_client.post(
        change_url(organization),
        {
            "name": json.dumps({"en": "Renamed"}),
            "country": "BE",
            "locale": "en",
            "plan": str(plan("core").pk),
            **inline_management_data(page),
        },
    )

    assert response.status_code == 302
    assert response.url == change_url(organization)
    assert messages_of(response) == ["The Core plan is too small."]
    assert database_snapshot() == before
    assert not AuditEvent.objects.filter(action=AuditAction.ORGANIZATION_UPDATED).exists()
