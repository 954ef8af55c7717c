"""The operator (staff and superuser), their logged-in client and a pending invitation, for
every admin test."""

import pytest

from organizations.services.invitation import invitation_create
from organizations.tests.factories import UserFactory


@pytest.fixture
def operator(db):
    return UserFactory(name="Oscar Operator", is_staff=True, is_superuser=True)


@pytest.fixture
def operator_client(client, operator):
    client.force_login(operator)
    return client


@pytest.fixture
def invitation(organization, owner):
    return invitation_create(
        acting_user=owner, organization=organization, email="ivy@example.test", name="Ivy"
    )
