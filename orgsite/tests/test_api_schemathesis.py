"""Schemathesis over the whole OpenAPI description: no generated request, valid for the
schema, gets a server error, and every answer conforms to the schema (status code, content
type, body).

The requests go to the Django WSGI application in-process, with a real key/token pair of an
organization's owner. Path ids are replaced by ids of real rows (the organization, a member,
an invitation, a team, the token, a plan, a dashboard shared with the member and the team, a
plugin, an issued invoice) so that the generated bodies reach the services
instead of stopping at a 404; each request runs in a transaction that is rolled back, so
that a deletion doesn't starve the requests that follow it.
"""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from accounts.services import api_token_create
from organizations.models import Plan, SecurableType
from organizations.services.embed import embed_authorization_create
from organizations.services.invitation import invitation_create
from organizations.services.securable import (
    securable_create,
    securable_share_with_team,
    securable_share_with_user,
)
from organizations.services.team import team_create, team_member_add
from organizations.tests.billing_fixtures import issued_invoice
from plugins.services import plugin_associate, plugin_create

# Examples per operation: enough to reach every branch of the inputs, small enough for the
# whole run (about 60 operations) to take well under two minutes.
MAX_EXAMPLES = 15


@pytest.fixture
def in_process_requests():
    """Keeps the test's database connection across in-process WSGI requests, as Django's
    test client does: the request signals would close it (it is inside the test's
    transaction), and PostgreSQL's test data would go with it."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def scene(in_process_requests, settings, owner, organization, admin, member, viewer, outsider):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        # Throttling has tests of its own; here it would only hide the services' answers.
        "DEFAULT_THROTTLE_RATES": {"api_auth_failures": None, "invitations": None},
    }
    team = team_create(acting_user=owner, organization=organization, name="Designers")
    team_member_add(acting_user=owner, team=team, user=member)
    invitation = invitation_create(
        acting_user=owner, organization=organization, email="invitee@example.test"
    )
    dashboard = securable_create(
        acting_user=owner,
        organization=organization,
        type=SecurableType.DASHBOARD,
        name={"en": "Sales"},
        contents={"items": []},
    )
    securable_share_with_user(acting_user=owner, securable=dashboard, email=member.email, level=2)
    securable_share_with_team(acting_user=owner, securable=dashboard, team=team, level=1)
    plugin = plugin_create(
        acting_user=owner,
        slug="weather",
        name={"en": "Weather"},
        base_url="https://plugins.example.com/weather",
    )
    plugin_associate(acting_user=owner, plugin=plugin, organization=organization)
    invoice = issued_invoice(organization)
    api_token, token = api_token_create(acting_user=owner, name="schemathesis")
    embed_authorization, _embed_token = embed_authorization_create(
        acting_user=owner, organization=organization, username="schemathesis"
    )
    return {
        "header": f"Token {api_token.pk}:{token}",
        "path_ids": {
            "organization_id": str(organization.pk),
            "user_id": str(member.pk),
            "invitation_id": str(invitation.pk),
            "team_id": str(team.pk),
            "key": str(api_token.pk),
            "plan_id": str(Plan.objects.get(code="pro").pk),
            "invoice_id": str(invoice.pk),
            "securable_id": str(dashboard.pk),
            "plugin_id": str(plugin.pk),
            "end_user_id": str(embed_authorization.end_user_id),
        },
    }


# Loaded from the running application's schema endpoint (no database work), one test per
# operation.
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", get_wsgi_application())


@schema.parametrize()
@hypothesis_settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_no_request_gets_a_server_error(case, scene):
    for name in case.path_parameters or {}:
        case.path_parameters[name] = scene["path_ids"].get(name, case.path_parameters[name])
    with transaction.atomic():
        response = case.call(headers={"Authorization": scene["header"]})
        transaction.set_rollback(True)

    case.validate_response(
        response,
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
        ],
    )
