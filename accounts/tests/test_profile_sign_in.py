"""Profile → Password and e-mail: changing the password with the current one (the other
sessions end), and the e-mail address through a link sent to the new one."""

import re

import pytest
from django.core import mail
from django.test import Client, TestCase
from django.urls import reverse

from accounts.models import User
from accounts.services import ERR_EMAIL_TAKEN
from organizations.tests.factories import UserFactory

PASSWORD = "correct horse battery"  # the factories' password
NEW_PASSWORD = "a sturdy passphrase 42"
PAGE = reverse("sign_in_settings")
PASSWORD_CHANGE = reverse("password_change")
EMAIL_CHANGE = reverse("email_change")


def logged_in_user(client):
    return client.get(reverse("profile")).wsgi_request.user


@pytest.fixture
def nina(db):
    return UserFactory(name="Nina", email="nina@example.test")


def change_password(client, current, new):
    return client.post(
        PASSWORD_CHANGE, {"password-current_password": current, "password-new_password": new}
    )


def test_the_profile_links_to_password_and_e_mail(client, nina):
    client.force_login(nina)

    content = client.get(reverse("profile")).content.decode()

    assert f'href="{PAGE}"' in content
    assert "Password and e-mail" in content


def test_changing_the_password_needs_the_current_one(client, nina):
    client.force_login(nina)

    response = change_password(client, "not my password", NEW_PASSWORD)

    assert response.status_code == 400
    assert "This is not your current password." in response.content.decode()
    nina.refresh_from_db()
    assert nina.check_password(PASSWORD)


def test_a_weak_new_password_is_refused(client, nina):
    client.force_login(nina)

    response = change_password(client, PASSWORD, "123")

    assert response.status_code == 400
    assert response.context["password_form"].errors["new_password"]
    nina.refresh_from_db()
    assert nina.check_password(PASSWORD)


def test_a_new_password_keeps_this_session_and_signs_out_the_others(client, nina):
    elsewhere = Client()
    elsewhere.login(email=nina.email, password=PASSWORD)
    assert logged_in_user(elsewhere).is_authenticated
    client.login(email=nina.email, password=PASSWORD)

    response = change_password(client, PASSWORD, NEW_PASSWORD)

    assert response.status_code == 302
    assert logged_in_user(client) == nina
    assert not logged_in_user(elsewhere).is_authenticated
    assert Client().login(email=nina.email, password=NEW_PASSWORD)


def request_email_change(client, email, password=PASSWORD):
    # The confirmation goes through the outbox: delivered by its task once the request's
    # transaction commits (run here, as the worker would).
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(EMAIL_CHANGE, {"email-email": email, "email-password": password})


def confirmation_link(address: str) -> str:
    message = next(message for message in mail.outbox if address in message.to)
    return re.search(r"https?://\S+", message.body).group(0)


def test_a_new_address_changes_only_once_its_link_is_opened(client, nina):
    client.force_login(nina)

    response = request_email_change(client, "Nina.New@Example.test")

    assert response.status_code == 302
    nina.refresh_from_db()
    assert nina.email == "nina@example.test"
    link = confirmation_link("nina.new@example.test")
    # The link points at the site as the request reached it.
    assert link.startswith("http://testserver/profile/sign-in/email/")
    # Opening it shows a button; a mail scanner's GET changes nothing.
    assert client.get(link).status_code == 200
    nina.refresh_from_db()
    assert nina.email == "nina@example.test"

    response = client.post(link, follow=True)

    assert "Your e-mail address is now nina.new@example.test." in response.content.decode()
    nina.refresh_from_db()
    assert nina.email == "nina.new@example.test"
    # Used once: the link was about the old address.
    client.post(link)
    nina.refresh_from_db()
    assert nina.email == "nina.new@example.test"


def test_an_e_mail_change_needs_the_password_and_a_free_address(client, nina):
    UserFactory(email="taken@example.test")
    client.force_login(nina)

    wrong_password = request_email_change(client, "new@example.test", password="nope")
    taken = request_email_change(client, "TAKEN@example.test")

    assert wrong_password.context["email_form"].errors["password"] == [
        "This is not your current password."
    ]
    assert taken.context["email_form"].errors["email"] == [str(ERR_EMAIL_TAKEN)]
    assert mail.outbox == []


def test_a_link_of_another_account_or_tampered_changes_nothing(client, nina):
    client.force_login(nina)
    request_email_change(client, "nina.new@example.test")
    link = confirmation_link("nina.new@example.test")
    other = UserFactory(email="other@example.test")
    client.force_login(other)

    response = client.post(link, follow=True)

    assert "This confirmation link is invalid" in response.content.decode()
    assert User.objects.get(pk=other.pk).email == "other@example.test"
    client.force_login(nina)
    client.post(link[:-3] + "xyz/")
    assert User.objects.get(pk=nina.pk).email == "nina@example.test"
