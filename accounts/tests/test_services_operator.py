"""Operators opening and editing other people's accounts: the sign-up's and the profile's
rules, and only with Django's user permissions."""

import pytest
from django.contrib.auth.models import Permission

from accounts.models import User
from accounts.services import user_create_by_operator, user_update_by_operator
from common.errors import InvalidInput, PermissionDenied
from organizations.tests.factories import UserFactory

GOOD_PASSWORD = "a sturdy passphrase 42"


@pytest.fixture
def operator(db):
    return UserFactory(name="Oscar Operator", is_staff=True, is_superuser=True)


def profile(user: User, **changes) -> dict:
    return {
        "email": user.email,
        "name": user.name,
        "city": user.city,
        "locale": user.locale,
        "country": user.country.code or "",
        **changes,
    }


def test_an_operator_opens_an_account_with_the_sign_up_rules(operator):
    user = user_create_by_operator(
        acting_user=operator, email=" Nina@Example.TEST ", name=" Nina ", password=GOOD_PASSWORD
    )

    assert (user.email, user.name) == ("nina@example.test", "Nina")
    assert user.check_password(GOOD_PASSWORD)
    with pytest.raises(InvalidInput) as refused:
        user_create_by_operator(
            acting_user=operator, email="NINA@example.test", name="Nina", password=GOOD_PASSWORD
        )
    assert refused.value.field == "email"
    with pytest.raises(InvalidInput) as refused:
        user_create_by_operator(
            acting_user=operator, email="other@example.test", name="Other", password="1"
        )
    assert refused.value.field == "password"
    assert User.objects.filter(email__in=["nina@example.test", "other@example.test"]).count() == 1


@pytest.mark.parametrize("staff", [False, True])
def test_only_staff_with_the_user_permissions_open_or_edit_accounts(db, member, staff):
    acting = UserFactory(is_staff=staff)
    acting.user_permissions.add(*Permission.objects.filter(codename="view_user"))

    with pytest.raises(PermissionDenied):
        user_create_by_operator(
            acting_user=acting, email="n@example.test", name="N", password=GOOD_PASSWORD
        )
    with pytest.raises(PermissionDenied):
        user_update_by_operator(acting_user=acting, user=member, **profile(member, name="Changed"))

    assert not User.objects.filter(email="n@example.test").exists()
    member.refresh_from_db()
    assert member.name == "Mia Member"


def test_an_operator_edits_an_address_and_profile_with_the_same_rules(operator, member):
    UserFactory(email="taken@example.test")

    with pytest.raises(InvalidInput) as refused:
        taken = profile(member, email="TAKEN@example.test")
        user_update_by_operator(acting_user=operator, user=member, **taken)
    assert refused.value.field == "email"
    with pytest.raises(InvalidInput) as refused:
        user_update_by_operator(acting_user=operator, user=member, **profile(member, locale="xx"))
    assert refused.value.field == "locale"

    user_update_by_operator(
        acting_user=operator,
        user=member,
        **profile(member, email="Mia@Example.TEST", name=" Mia ", city=" Ghent ", country="be"),
    )
    member.refresh_from_db()
    assert (member.email, member.name, member.city, member.country.code) == (
        "mia@example.test",
        "Mia",
        "Ghent",
        "BE",
    )
