"""The outbox in the operators' admin: listed with a fixed number of queries, filtered by
status, never showing a body (it carries the links), read-only."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from organizations.services.invitation import invitation_create
from organizations.tests.factories import UserFactory
from outbox.models import OutboxMessage

CHANGELIST = reverse("admin:outbox_outboxmessage_changelist")


def operator_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_the_list_runs_a_fixed_number_of_queries(client, owner, organization):
    client = operator_client(client)
    invitation_create(acting_user=owner, organization=organization, email="one@example.test")
    with CaptureQueriesContext(connection) as one:
        assert client.get(CHANGELIST).status_code == 200
    for number in range(5):
        invitation_create(
            acting_user=owner, organization=organization, email=f"more{number}@example.test"
        )

    with CaptureQueriesContext(connection) as six:
        response = client.get(CHANGELIST)

    assert response.status_code == 200
    assert "more4@example.test" in response.content.decode()
    assert len(six) == len(one)


def test_the_change_page_shows_no_body_and_nothing_can_be_added(client, owner, organization):
    client = operator_client(client)
    invitation = invitation_create(
        acting_user=owner, organization=organization, email="one@example.test"
    )
    message = OutboxMessage.objects.get(pk=invitation.email_message_id)
    assert invitation.token in message.body_text  # kept until it is sent, for the worker

    page = client.get(reverse("admin:outbox_outboxmessage_change", args=[message.pk]))

    assert page.status_code == 200
    assert "one@example.test" in page.content.decode()
    assert invitation.token not in page.content.decode()
    assert client.get(reverse("admin:outbox_outboxmessage_add")).status_code == 403
