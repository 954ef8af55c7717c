"""Swagger UI's "Try it out" with the browser session: the docs page hands its request
interceptor the CSRF header and token (drf-spectacular's), and a write sent that way is
accepted, the same write without them refused."""

import json
import re

from django.test import Client
from django.urls import reverse

from organizations.models import Team


def test_try_it_out_writes_with_the_session_and_the_csrf_header(owner, organization):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(owner)
    page = browser.get("/api/v1/docs/").content.decode()
    header, token = re.search(r'request\.headers\["(X-CSRF[^"]*)"\] = "([^"]+)"', page).groups()
    assert header == "X-CSRFTOKEN"
    teams = reverse("api:team-list", kwargs={"organization_id": organization.pk})
    body = json.dumps({"name": "From Swagger"})

    refused = browser.post(teams, body, content_type="application/json")
    accepted = browser.post(teams, body, content_type="application/json", headers={header: token})

    assert refused.status_code == 403
    assert accepted.status_code == 201, accepted.content
    assert Team.objects.filter(organization=organization, name="From Swagger").exists()
