"""The invitation e-mail links to the address the inviter used (issue 14, item 1): the
request's own host and port, validated against ALLOWED_HOSTS; SITE_URL only where there is
no request."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from organizations.models import Invitation
from organizations.services.invitation import invitation_create

INVITEE = "newbie@example.test"


def link_of(message) -> str:
    return re.search(r"(https?://\S+/invitations/\S+/)", message.body).group(1)


def invite_data(organization) -> dict:
    return {
        "email": INVITEE,
        "role": "member",
        "teams": [str(organization.teams.get().pk)],
        "team_role": "member",
    }


def test_the_browser_invitation_links_to_the_port_the_site_runs_on(
    client, organization, owner, django_capture_on_commit_callbacks
):
    client.force_login(owner)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("organization_invite"), invite_data(organization), HTTP_HOST="localhost:8841"
        )

    assert link_of(mail.outbox[0]).startswith("http://localhost:8841/invitations/")


def test_the_rest_invitation_links_to_the_public_https_address(
    api_as, settings, organization, owner, django_capture_on_commit_callbacks
):
    settings.ALLOWED_HOSTS = ["orgs.example.com"]

    with django_capture_on_commit_callbacks(execute=True):
        response = api_as(owner).post(
            f"/api/v1/organizations/{organization.pk}/invitations/",
            {"email": INVITEE},
            HTTP_HOST="orgs.example.com",
            secure=True,
        )

    assert response.status_code == 201
    link = link_of(mail.outbox[0])
    assert link.startswith("https://orgs.example.com/invitations/")
    # The link works: it opens the invitation.
    path = link.removeprefix("https://orgs.example.com")
    assert Client().get(path, HTTP_HOST="orgs.example.com", secure=True).status_code == 200


@pytest.mark.parametrize("host", ["evil.example.net", "orgs.example.com.evil.net"])
def test_a_host_outside_allowed_hosts_is_refused_and_sends_nothing(
    api_as, settings, organization, owner, host, django_capture_on_commit_callbacks
):
    settings.ALLOWED_HOSTS = ["orgs.example.com"]

    with django_capture_on_commit_callbacks(execute=True):
        response = api_as(owner).post(
            f"/api/v1/organizations/{organization.pk}/invitations/",
            {"email": INVITEE},
            HTTP_HOST=host,
        )

    assert response.status_code == 400
    assert not Invitation.objects.filter(email=INVITEE).exists()
    assert mail.outbox == []


def test_without_a_request_the_link_uses_site_url(
    settings, organization, owner, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://orgs.example.com"

    with django_capture_on_commit_callbacks(execute=True):
        invitation_create(acting_user=owner, organization=organization, email=INVITEE)

    assert link_of(mail.outbox[0]).startswith("https://orgs.example.com/invitations/")
