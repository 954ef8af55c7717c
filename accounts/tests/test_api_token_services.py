from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import ApiToken
from accounts.services import api_token_authenticate, api_token_create, api_token_revoke
from common.errors import InvalidInput, NotFound


def test_a_new_pair_authenticates_as_its_user_and_only_its_hash_is_stored(member):
    api_token, token = api_token_create(acting_user=member, name="nightly sync")

    stored = ApiToken.objects.get(pk=api_token.pk)
    assert token not in stored.token_hash
    assert len(stored.token_hash) == 64
    assert api_token_authenticate(key=str(api_token.pk), token=token) == member
    assert ApiToken.objects.get(pk=api_token.pk).last_used_at is not None


@pytest.mark.parametrize(
    ("key", "token"),
    [("wrong-key", "right"), ("right", "wrong-token"), ("", ""), ("right", "")],
)
def test_wrong_or_missing_credentials_authenticate_nobody(member, key, token):
    api_token, real_token = api_token_create(acting_user=member, name="script")
    key = str(api_token.pk) if key == "right" else key
    token = real_token if token == "right" else token

    assert api_token_authenticate(key=key, token=token) is None


def test_revoked_and_expired_pairs_stop_working(member):
    revoked, revoked_token = api_token_create(acting_user=member, name="old")
    api_token_revoke(acting_user=member, api_token_id=revoked.pk)
    expiring, expiring_token = api_token_create(
        acting_user=member, name="short", expires_at=timezone.now() + timedelta(days=1)
    )
    ApiToken.objects.filter(pk=expiring.pk).update(expires_at=timezone.now() - timedelta(1))

    assert api_token_authenticate(key=str(revoked.pk), token=revoked_token) is None
    assert api_token_authenticate(key=str(expiring.pk), token=expiring_token) is None


def test_a_deactivated_user_cannot_authenticate(member):
    api_token, token = api_token_create(acting_user=member, name="script")
    member.is_active = False
    member.save()

    assert api_token_authenticate(key=str(api_token.pk), token=token) is None


def test_nobody_revokes_another_users_token(member, admin):
    api_token, token = api_token_create(acting_user=member, name="script")

    with pytest.raises(NotFound):
        api_token_revoke(acting_user=admin, api_token_id=api_token.pk)

    assert api_token_authenticate(key=str(api_token.pk), token=token) == member


@pytest.mark.parametrize(
    ("name", "expires_in", "field"),
    [("", None, "name"), ("x" * 101, None, "name"), ("ok", timedelta(days=-1), "expires_at")],
)
def test_bad_input_is_refused_and_creates_nothing(member, name, expires_in, field):
    expires_at = timezone.now() + expires_in if expires_in else None

    with pytest.raises(InvalidInput) as refusal:
        api_token_create(acting_user=member, name=name, expires_at=expires_at)

    assert refusal.value.field == field
    assert not ApiToken.objects.exists()
