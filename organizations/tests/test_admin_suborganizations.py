"""The operators' admin of embedding: suborganizations, end users and embed pairs are
shown (read-only, a fixed number of queries per list), and an end user's pairs can be
revoked, audited as an operator's act."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from organizations.models import (
    AuditAction,
    AuditEvent,
    EmbedAuthorization,
    EndUser,
    Suborganization,
)
from organizations.services.embed import (
    embed_authorization_authenticate,
    embed_authorization_create,
)
from organizations.tests.factories import UserFactory

MODELS = ["suborganization", "enduser", "embedauthorization"]


@pytest.fixture
def operator_client(client, db):
    client.force_login(UserFactory(name="Oscar Operator", is_staff=True, is_superuser=True))
    return client


def embed(owner, organization, username):
    return embed_authorization_create(
        acting_user=owner, organization=organization, username=username, suborganization="Sub"
    )


@pytest.mark.parametrize("model", MODELS)
def test_lists_open_with_a_fixed_number_of_queries(operator_client, owner, organization, model):
    url = reverse(f"admin:organizations_{model}_changelist")
    embed(owner, organization, "first")
    with CaptureQueriesContext(connection) as one:
        assert operator_client.get(url).status_code == 200
    for index in range(3):
        embed(owner, organization, f"more-{index}")
    with CaptureQueriesContext(connection) as four:
        assert operator_client.get(url).status_code == 200
    assert len(one) == len(four)


def test_change_pages_open_and_nothing_is_editable(operator_client, owner, organization):
    authorization, _token = embed(owner, organization, "carla")
    for obj in (Suborganization.objects.get(), EndUser.objects.get(), authorization):
        name = f"admin:organizations_{obj._meta.model_name}"
        response = operator_client.get(reverse(f"{name}_change", args=[obj.pk]))
        assert response.status_code == 200
        assert authorization.token_hash not in response.content.decode()
        assert operator_client.get(reverse(f"{name}_add")).status_code == 403


def test_the_operator_revokes_an_end_users_pairs(operator_client, owner, organization):
    authorization, token = embed(owner, organization, "carla")
    end_user = EndUser.objects.get()

    response = operator_client.post(
        reverse("admin:organizations_enduser_changelist"),
        {"action": "revoke_authorizations", "_selected_action": [str(end_user.pk)]},
        follow=True,
    )

    assert response.status_code == 200
    assert embed_authorization_authenticate(key=str(authorization.pk), token=token) is None
    assert EmbedAuthorization.objects.get().revoked_at is not None
    event = AuditEvent.objects.get(action=AuditAction.EMBED_AUTHORIZATIONS_REVOKED)
    assert event.by_operator and event.organization == organization
