"""Organization → Settings → Suborganizations: the parent's owner and admins see their
suborganizations and end users with their last use, and revoke an end user's tokens."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from organizations.models import EndUser
from organizations.services.embed import (
    embed_authorization_authenticate,
    embed_authorization_create,
)

SETTINGS = reverse("organization_settings")
PAGE = reverse("organization_suborganizations")


def revoke_url(end_user):
    return reverse("organization_end_user_revoke", args=[end_user.pk])


@pytest.fixture
def embedded(owner, organization):
    return embed_authorization_create(
        acting_user=owner,
        organization=organization,
        username="carla-42",
        name="Carla Customer",
        email="carla@customer.test",
        suborganization="Customer Inc",
    )


def test_settings_link_to_the_page_for_owners_and_admins_only(client, admin, member):
    client.force_login(admin)
    assert PAGE in client.get(SETTINGS).content.decode()
    client.force_login(member)
    assert PAGE not in client.get(SETTINGS).content.decode()
    assert client.get(PAGE).status_code == 403


def test_the_admin_sees_suborganizations_and_end_users(client, admin, organization, embedded):
    authorization, token = embedded
    embed_authorization_authenticate(key=str(authorization.pk), token=token)
    client.force_login(admin)

    page = client.get(PAGE).content.decode()

    for text in ("Customer Inc", "carla-42", "Carla Customer", "carla@customer.test"):
        assert text in page
    assert "Never" not in page  # it was used just now
    assert revoke_url(EndUser.objects.get()) in page


def test_the_page_runs_a_fixed_number_of_queries(client, owner, organization, embedded):
    client.force_login(owner)
    with CaptureQueriesContext(connection) as one:
        client.get(PAGE)
    for index in range(5):
        embed_authorization_create(
            acting_user=owner,
            organization=organization,
            username=f"user-{index}",
            suborganization=f"Sub {index}",
        )
    with CaptureQueriesContext(connection) as six:
        client.get(PAGE)
    assert len(one) == len(six)


def test_revoking_an_end_users_tokens(client, owner, member, organization, embedded):
    authorization, token = embedded
    end_user = EndUser.objects.get()
    client.force_login(member)
    assert client.post(revoke_url(end_user)).status_code == 403
    client.force_login(owner)

    response = client.post(revoke_url(end_user), follow=True)

    assert "1 embed token was revoked." in response.content.decode()
    assert embed_authorization_authenticate(key=str(authorization.pk), token=token) is None
    assert revoke_url(end_user) not in response.content.decode()


def test_another_organizations_end_user_is_a_404(client, outsider, embedded):
    client.force_login(outsider)
    assert client.post(revoke_url(EndUser.objects.get())).status_code == 404
