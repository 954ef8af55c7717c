"""Users in the admin: opened and edited through the account services, so sign-up's and the
profile's rules refuse there too (as field errors), while Django's permission fields stay the
admin's."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from accounts.models import User
from accounts.services import ERR_EMAIL_TAKEN, ERR_NAME_REQUIRED
from common.errors import PermissionDenied
from organizations.tests.factories import UserFactory
from organizations.tests.snapshots import database_snapshot


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


# Through the account services ---------------------------------------------------------------

NEW_USER = {
    "email": "nina@example.test",
    "name": "Nina Newbie",
    "password1": "a long and unusual pass",
    "password2": "a long and unusual pass",
}


def add(client, **fields):
    return client.post(reverse("admin:accounts_user_add"), {**NEW_USER, **fields})


def edit(client, user, **fields):
    page = client.get(change_url(user))
    data = {
        "email": user.email,
        "name": user.name,
        "city": user.city,
        "country": user.country.code or "",
        "locale": user.locale,
        "is_active": "on",
    }
    for inline in page.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        data[management.add_prefix("TOTAL_FORMS")] = 0
        data[management.add_prefix("INITIAL_FORMS")] = 0
    return client.post(change_url(user), {**data, **fields})


def test_adding_a_taken_email_in_another_case_is_refused_with_the_sign_up_message(
    operator_client,
):
    UserFactory(email="nina@example.test")

    response = add(operator_client, email="NINA@Example.test")

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["email"] == [str(ERR_EMAIL_TAKEN)]
    assert User.objects.filter(email__iexact="nina@example.test").count() == 1


def test_adding_a_user_without_a_name_is_refused_as_sign_up_refuses_it(operator_client):
    response = add(operator_client, name="")

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["name"] == [str(ERR_NAME_REQUIRED)]
    assert not User.objects.filter(email="nina@example.test").exists()


def test_changing_to_another_users_email_in_another_case_is_refused(operator_client, member):
    UserFactory(email="taken@example.test")
    before = database_snapshot()

    response = edit(operator_client, member, email="Taken@Example.TEST", name="Mia Renamed")

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["email"] == [str(ERR_EMAIL_TAKEN)]
    assert database_snapshot() == before


def test_a_change_keeps_the_own_email_and_stores_a_new_one_lower_case(operator_client, member):
    assert edit(operator_client, member, email=member.email.upper()).status_code == 302
    member.refresh_from_db()
    old_email = member.email

    response = edit(operator_client, member, email=" Mia.New@Example.TEST ")

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.email == "mia.new@example.test" != old_email


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"name": "  "}, "name", ERR_NAME_REQUIRED),
        ({"city": "x" * 101}, "city", None),
    ],
)
def test_a_change_the_profile_rules_refuse_is_a_field_error(
    operator_client, member, fields, field, message
):
    before = database_snapshot()

    response = edit(operator_client, member, **fields)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert field in errors
    if message is not None:
        assert errors[field] == [str(message)]
    assert database_snapshot() == before


def test_permission_fields_are_still_saved_by_the_admin(operator_client, member):
    response = edit(operator_client, member, is_staff="on")

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.is_staff


def test_a_refusal_of_the_service_on_save_is_a_message_and_changes_nothing(
    operator_client, member, monkeypatch
):
    def refuse(**kwargs):
        raise PermissionDenied("Only operators may do this.")

    monkeypatch.setattr("accounts.admin.user_update_by_operator", refuse)
    before = database_snapshot()

    response = edit(operator_client, member, name="Mia Renamed", is_staff="on")

    assert response.status_code == 302
    assert response.url == change_url(member)
    assert "Only operators may do this." in [
        str(message) for message in get_messages(response.wsgi_request)
    ]
    assert database_snapshot() == before
    member.refresh_from_db()
    assert not member.is_staff
