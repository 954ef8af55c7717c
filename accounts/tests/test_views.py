"""Account pages: sign up (also from an invitation), log in and out, password reset,
Profile and API tokens."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import ApiToken, User
from accounts.services import api_token_create
from organizations.models import Invitation, InvitationStatus, Membership, TeamMembership
from organizations.services.invitation import invitation_create, invitation_revoke
from organizations.tests.factories import UserFactory

PASSWORD = "correct horse battery"  # the factories' password
NEW_PASSWORD = "a sturdy passphrase 42"
SIGNUP = reverse("signup")
LOGIN = reverse("login")


def logged_in_user(client):
    return client.get(reverse("profile")).wsgi_request.user


# Sign up -----------------------------------------------------------------------------------


def test_signup_logs_in_and_leads_to_creating_an_organization(client, db):
    response = client.post(
        SIGNUP,
        {"name": "Nina Newbie", "email": "Nina@Example.test", "password": NEW_PASSWORD},
        follow=True,
    )

    user = User.objects.get(email="nina@example.test")
    assert response.redirect_chain[-1][0] == reverse("organization_create")
    assert response.wsgi_request.user == user
    assert "Create your organization to get started." in response.content.decode()
    assert "Create a new organization" in response.content.decode()


def test_signup_shows_field_errors_and_saves_nothing(client, db):
    UserFactory(email="taken@example.test")

    response = client.post(SIGNUP, {"name": "", "email": "TAKEN@example.test", "password": "123"})

    assert response.status_code == 200
    assert response.context["form"].errors["name"]
    response = client.post(
        SIGNUP, {"name": "Nina", "email": "TAKEN@example.test", "password": NEW_PASSWORD}
    )
    assert "already exists" in response.context["form"].errors["email"][0]
    response = client.post(SIGNUP, {"name": "Nina", "email": "n@example.test", "password": "123"})
    assert response.context["form"].errors["password"]
    assert User.objects.count() == 1


@pytest.fixture
def invitation(organization, owner):
    return invitation_create(
        acting_user=owner,
        organization=organization,
        email="nina@example.test",
        name="Nina Newbie",
        role="viewer",
    )


def invited_signup_url(invitation):
    return f"{SIGNUP}?invitation={invitation.token}"


def test_invitation_page_offers_signup_and_login_when_logged_out(client, invitation):
    page = reverse("invitation_accept", kwargs={"token": invitation.token})

    content = client.get(page).content.decode()

    assert invited_signup_url(invitation) in content
    assert f"{LOGIN}?next={page}" in content.replace("%2F", "/")


def test_signup_from_the_invitation_has_the_email_prefilled_and_fixed(client, invitation):
    form = client.get(invited_signup_url(invitation)).context["form"]

    assert form["email"].value() == "nina@example.test"
    assert form.fields["email"].disabled
    assert form["name"].value() == "Nina Newbie"


def test_signup_from_the_invitation_joins_the_organization_and_team(
    client, organization, invitation
):
    response = client.post(
        invited_signup_url(invitation),
        # A posted address is ignored: the invited one is fixed.
        {"name": "Nina N.", "email": "eve@example.test", "password": NEW_PASSWORD},
        follow=True,
    )

    user = User.objects.get(email="nina@example.test")
    assert not User.objects.filter(email="eve@example.test").exists()
    assert Membership.objects.get(user=user, organization=organization).role == "viewer"
    assert TeamMembership.objects.filter(user=user, team__organization=organization).exists()
    assert Invitation.objects.get(pk=invitation.pk).status == InvitationStatus.ACCEPTED
    assert response.redirect_chain[-1][0] == reverse("dashboards")
    assert "Welcome! You joined Acme." in response.content.decode()


def test_signup_from_a_revoked_invitation_is_refused(client, organization, owner, invitation):
    invitation_revoke(acting_user=owner, invitation=invitation)

    for response in (
        client.get(invited_signup_url(invitation)),
        client.post(
            invited_signup_url(invitation),
            {"name": "Nina", "email": "nina@example.test", "password": NEW_PASSWORD},
        ),
    ):
        assert response.status_code == 400
        assert "withdrawn" in response.content.decode()
    assert not User.objects.filter(email="nina@example.test").exists()


def test_signup_from_an_invitation_for_an_existing_account_says_log_in(client, invitation):
    UserFactory(email="nina@example.test")

    response = client.post(
        invited_signup_url(invitation),
        {"name": "Nina", "email": "nina@example.test", "password": NEW_PASSWORD},
    )

    assert "already exists" in response.context["form"].errors["email"][0]
    assert Invitation.objects.get(pk=invitation.pk).status == InvitationStatus.PENDING


def test_logged_in_user_opening_signup_goes_home(client, member):
    client.force_login(member)

    assert client.get(SIGNUP).url == reverse("home")


# Log in and out ----------------------------------------------------------------------------


def test_login_by_email_in_any_case(client, member):
    response = client.post(LOGIN, {"username": member.email.upper(), "password": PASSWORD})

    assert response.status_code == 302
    assert response.url == reverse("home")
    assert logged_in_user(client) == member


def test_login_follows_next(client, member):
    response = client.post(
        f"{LOGIN}?next={reverse('organization_teams')}",
        {"username": member.email, "password": PASSWORD, "next": reverse("organization_teams")},
    )

    assert response.url == reverse("organization_teams")


def test_login_with_a_wrong_password_is_refused(client, member):
    response = client.post(LOGIN, {"username": member.email, "password": "wrong"})

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not logged_in_user(client).is_authenticated


def test_login_page_labels_email_and_links_signup_and_reset(client, db):
    content = client.get(LOGIN).content.decode()

    assert '<label for="id_username">Email:</label>' in content
    assert f'href="{SIGNUP}"' in content
    assert f'href="{reverse("password_reset")}"' in content


def test_logout_needs_a_post(client, member):
    client.force_login(member)

    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"), follow=True)

    assert response.redirect_chain[-1][0] == LOGIN
    assert "You have been logged out." in response.content.decode()
    assert not logged_in_user(client).is_authenticated


# Password reset ----------------------------------------------------------------------------


def test_password_reset_by_email(client, member, mailoutbox, django_capture_on_commit_callbacks):
    # The e-mail is sent by the outbox's task once the request's writes commit.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": member.email.upper()})
    assert response.url == reverse("password_reset_done")
    assert len(mailoutbox) == 1
    link = re.search(r"https?://[^/]+(/password-reset/\S+/\S+/)", mailoutbox[0].body).group(1)

    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"]
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.url == reverse("password_reset_complete")
    member.refresh_from_db()
    assert member.check_password(NEW_PASSWORD)
    assert client.get(link).context["validlink"] is False


def test_password_reset_for_an_unknown_address_sends_nothing_and_says_the_same(
    client, db, mailoutbox
):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.test"})

    assert response.url == reverse("password_reset_done")
    assert mailoutbox == []


# Profile -----------------------------------------------------------------------------------


def test_profile_edits(client, organization, member):
    client.force_login(member)

    response = client.post(
        reverse("profile"),
        {"name": "Mia M.", "city": "Ghent", "locale": "", "country": "BE"},
        follow=True,
    )

    member.refresh_from_db()
    assert (member.name, member.city, member.locale, member.country.code) == (
        "Mia M.",
        "Ghent",
        "",
        "BE",
    )
    assert "Your profile was saved." in response.content.decode()


def test_profile_offers_the_organizations_language_and_country(client, organization, member):
    organization.country = "NL"
    organization.save(update_fields=["country"])
    client.force_login(member)

    form = client.get(reverse("profile")).context["form"]

    assert form.fields["locale"].choices[0] == ("", "Use the organization's (English)")
    assert form.fields["country"].choices[0] == ("", "Use the organization's (Netherlands)")


def test_own_language_applies_at_once(client, organization, member):
    client.force_login(member)

    client.post(reverse("profile"), {"name": "Mia", "locale": "fr"})

    assert client.get(reverse("profile")).wsgi_request.LANGUAGE_CODE == "fr"


def test_the_confirmation_of_a_new_language_is_in_that_language(client, organization, member):
    client.force_login(member)

    response = client.post(reverse("profile"), {"name": "Mia", "locale": "nl"}, follow=True)

    assert "Je profiel is opgeslagen." in response.content.decode()


def test_profile_field_errors(client, organization, member):
    client.force_login(member)

    response = client.post(reverse("profile"), {"name": " ", "locale": "de"})

    assert response.context["form"].errors["name"]
    member.refresh_from_db()
    assert member.name == "Mia Member"


def test_profile_needs_a_login(client, db):
    assert client.get(reverse("profile")).url.startswith(LOGIN)


# API tokens --------------------------------------------------------------------------------


def test_api_tokens_page_shows_the_token_once(client, member):
    client.force_login(member)

    response = client.post(
        reverse("api_tokens"), {"name": "Nightly export", "expires_on": ""}, follow=True
    )

    api_token = ApiToken.objects.get(user=member)
    secret = response.context["created"]["token"]
    content = response.content.decode()
    assert secret in content
    assert str(api_token.pk) in content
    assert "it is shown only this once" in content
    later = client.get(reverse("api_tokens")).content.decode()
    assert secret not in later
    assert "Nightly export" in later


def test_api_token_with_an_expiry_date(client, member):
    client.force_login(member)
    tomorrow = (timezone.now() + timedelta(days=1)).date()

    client.post(reverse("api_tokens"), {"name": "Short", "expires_on": tomorrow.isoformat()})

    assert ApiToken.objects.get(user=member).expires_at.date() == tomorrow


def test_api_token_expiry_in_the_past_is_a_field_error(client, member):
    client.force_login(member)

    response = client.post(reverse("api_tokens"), {"name": "Old", "expires_on": "2000-01-01"})

    assert response.context["form"].errors["expires_on"] == [
        "The expiry date must be in the future."
    ]
    assert not ApiToken.objects.filter(user=member).exists()


def test_revoking_an_api_token(client, member):
    api_token, _secret = api_token_create(acting_user=member, name="Old script")
    client.force_login(member)

    response = client.post(reverse("api_token_revoke", args=[api_token.pk]), follow=True)

    api_token.refresh_from_db()
    assert api_token.revoked_at is not None
    assert "API token Old script was revoked." in response.content.decode()
    assert "Old script</td>" not in response.content.decode()


def test_another_users_api_token_is_not_found(client, member, outsider):
    api_token, _secret = api_token_create(acting_user=outsider, name="Theirs")
    client.force_login(member)

    response = client.post(reverse("api_token_revoke", args=[api_token.pk]))

    assert response.status_code == 404
    api_token.refresh_from_db()
    assert api_token.revoked_at is None


def test_signup_reports_every_field_at_once(client, db):
    """A missing name, a taken address and a weak password: three messages in one answer,
    not one per submission."""
    UserFactory(email="taken@example.test")

    response = client.post(SIGNUP, {"name": "", "email": "TAKEN@example.test", "password": "123"})

    errors = response.context["form"].errors
    assert set(errors) == {"name", "email", "password"}
    assert "already exists" in errors["email"][0]
    assert "too short" in errors["password"][0]
    assert User.objects.count() == 1


def test_the_login_error_does_not_call_the_address_case_sensitive(client, member):
    response = client.post(reverse("login"), {"username": member.email, "password": "wrong"})

    content = response.content.decode()
    assert "The password is case-sensitive, the address is not." in content
    assert "may be case-sensitive" not in content
