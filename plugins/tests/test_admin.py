"""Plugins in the admin: read-only, a fixed number of queries, the secret never shown."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from organizations.tests.factories import UserFactory
from plugins.services import plugin_associate
from plugins.tests.test_plugins import create


@pytest.fixture
def operator_client(client, db):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_the_admin_lists_plugins_in_a_fixed_number_of_queries_and_never_shows_secrets(
    operator_client, member, organization, django_assert_num_queries
):
    url = reverse("admin:plugins_plugin_changelist")
    first = create(member, "first")
    plugin_associate(acting_user=member, plugin=first, organization=organization)
    operator_client.get(url)
    with CaptureQueriesContext(connection) as small:
        response = operator_client.get(url)
    assert response.status_code == 200
    for number in range(10):
        create(UserFactory(), f"more{number}")
    with django_assert_num_queries(len(small)):
        response = operator_client.get(url)
    assert len(response.context["cl"].result_list) == 11

    change = operator_client.get(reverse("admin:plugins_plugin_change", args=[first.pk]))
    assert change.status_code == 200
    assert first.secret not in change.content.decode()
    assert "Acme" in change.content.decode()
    associations = operator_client.get(reverse("admin:plugins_pluginorganization_changelist"))
    assert associations.status_code == 200
