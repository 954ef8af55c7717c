"""Users in the admin: opened and edited through the account services."""

import pytest
from django.urls import reverse

from accounts.models import User
from organizations.tests.factories import UserFactory


@pytest.fixture
def operator_client(client, db):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def change_url(user) -> str:
    return reverse("admin:accounts_user_change", args=[user.pk])


def test_user_add_form_takes_email_and_password(operator_client):
    response = operator_client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "New.Person@Example.TEST",
            "name": "New Person",
            "password1": "a long and unusual pass",
            "password2": "a long and unusual pass",
        },
    )

    assert response.status_code == 302
    user = User.objects.get(email="new.person@example.test")
    assert user.check_password("a long and unusual pass")
    assert not user.is_staff


def test_user_change_form_saves(operator_client, member):
    page = operator_client.get(change_url(member))
    management = page.context["inline_admin_formsets"][0].formset.management_form

    response = operator_client.post(
        change_url(member),
        {
            "email": member.email,
            "name": "Mia Renamed",
            "city": "Ghent",
            "country": "BE",
            "locale": "nl",
            "is_active": "on",
            management.add_prefix("TOTAL_FORMS"): 0,
            management.add_prefix("INITIAL_FORMS"): 0,
        },
    )

    assert response.status_code == 302, response.context and response.context["errors"]
    member.refresh_from_db()
    assert (member.name, member.city, member.country.code, member.locale) == (
        "Mia Renamed",
        "Ghent",
        "BE",
        "nl",
    )
    assert member.active_organization is not None
