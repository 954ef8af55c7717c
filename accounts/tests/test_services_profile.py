"""Signing up and editing one's profile."""

import pytest
from django.contrib.auth import authenticate

from accounts.models import User
from accounts.services import user_profile_update, user_signup
from common.errors import InvalidInput
from organizations.models import Membership
from organizations.tests.factories import UserFactory

GOOD_PASSWORD = "a sturdy passphrase 42"


def test_signup_creates_a_user_who_logs_in_by_email_in_any_case(db):
    user = user_signup(email=" Nina@Example.TEST ", name=" Nina Newbie ", password=GOOD_PASSWORD)

    assert user.email == "nina@example.test"
    assert user.name == "Nina Newbie"
    assert user.active_organization is None
    assert not Membership.objects.filter(user=user).exists()
    assert authenticate(username="NINA@example.test", password=GOOD_PASSWORD) == user


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"email": "not-an-address"}, "email"),
        ({"name": "   "}, "name"),
        ({"name": "x" * 151}, "name"),
        ({"password": "short"}, "password"),
        ({"password": "12345678901"}, "password"),
        ({"password": "nina@example.test"}, "password"),
    ],
)
def test_signup_refuses_bad_input_and_creates_nothing(db, fields, field):
    arguments = {"email": "nina@example.test", "name": "Nina", "password": GOOD_PASSWORD}

    with pytest.raises(InvalidInput) as refused:
        user_signup(**{**arguments, **fields})

    assert refused.value.field == field
    assert not User.objects.exists()


def test_signup_refuses_a_taken_email_whatever_its_case(db):
    UserFactory(email="nina@example.test")

    with pytest.raises(InvalidInput) as refused:
        user_signup(email="NINA@example.test", name="Nina", password=GOOD_PASSWORD)

    assert refused.value.field == "email"
    assert User.objects.filter(email__iexact="nina@example.test").count() == 1


def test_profile_update(member):
    user_profile_update(
        acting_user=member, name=" Mia M. ", city="Ghent", locale="nl", country="be"
    )

    member.refresh_from_db()
    assert (member.name, member.city, member.locale, member.country.code) == (
        "Mia M.",
        "Ghent",
        "nl",
        "BE",
    )


def test_profile_update_empty_language_and_country_use_the_organizations(member):
    user_profile_update(acting_user=member, name="Mia", locale="nl", country="BE")

    user_profile_update(acting_user=member, name="Mia", locale="", country="")

    member.refresh_from_db()
    assert member.locale == ""
    assert not member.country


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name": ""}, "name"),
        ({"city": "x" * 101}, "city"),
        ({"locale": "xx"}, "locale"),
        ({"country": "XX"}, "country"),
    ],
)
def test_profile_update_refuses_bad_input_and_changes_nothing(member, fields, field):
    before = (member.name, member.city, member.locale)

    with pytest.raises(InvalidInput) as refused:
        user_profile_update(acting_user=member, **{"name": "Mia", **fields})

    assert refused.value.field == field
    member.refresh_from_db()
    assert (member.name, member.city, member.locale) == before
