"""Organization → Settings (with Transfer ownership and Delete organization) and Audit log."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from organizations.models import AuditAction, AuditEvent, Membership, Organization
from organizations.roles import OrganizationRole
from organizations.services.invitation import invitation_create
from organizations.services.organization import organization_update
from organizations.tests.factories import OrganizationFactory, UserFactory, add_member
from organizations.views.audit import EVENTS_PER_PAGE

SETTINGS = reverse("organization_settings")
TRANSFER = reverse("organization_transfer_ownership")
DELETE = reverse("organization_delete")
AUDIT_LOG = reverse("organization_audit_log")
PASSWORD = "correct horse battery"  # the factories' password


def png(name="logo.png", size=(64, 64)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (90, 30, 160)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def settings_data(**overrides):
    return {
        "name_en": "Acme",
        "name_nl": "Acme NL",
        "name_fr": "",
        "locale": "nl",
        "country": "BE",
        **overrides,
    }


def role_of(user, organization):
    return Membership.objects.get(user=user, organization=organization).role


# Settings ----------------------------------------------------------------------------------


def test_settings_show_the_region_read_only_with_the_reason(client, organization, owner):
    client.force_login(owner)

    response = client.get(SETTINGS)

    content = response.content.decode()
    assert "European Union (EU)" in content
    assert "can't be changed" in content
    assert "region" not in response.context["form"].fields


def test_owner_saves_names_locale_and_country(client, organization, owner):
    # With a language of their own, the owner keeps reading English after the change.
    owner.locale = "en"
    owner.save(update_fields=["locale"])
    client.force_login(owner)

    response = client.post(SETTINGS, settings_data(), follow=True)

    organization.refresh_from_db()
    assert organization.name == {"en": "Acme", "nl": "Acme NL"}
    assert organization.locale == "nl"
    assert organization.country.code == "BE"
    assert "The organization settings were saved." in response.content.decode()


def test_the_confirmation_of_a_new_default_language_is_in_that_language(
    client, organization, owner
):
    client.force_login(owner)

    response = client.post(SETTINGS, settings_data(locale="fr"), follow=True)

    assert "Les paramètres de l’organisation ont été enregistrés." in response.content.decode()


def test_a_posted_region_is_ignored(client, organization, owner):
    client.force_login(owner)

    client.post(SETTINGS, settings_data(region="US"))

    organization.refresh_from_db()
    assert organization.region == "EU"


def test_names_all_empty_is_a_field_error(client, organization, owner):
    client.force_login(owner)

    response = client.post(SETTINGS, settings_data(name_en="", name_nl=""))

    assert response.context["form"].errors["name_en"] == ["Give the text in at least one language."]
    organization.refresh_from_db()
    assert organization.name == {"en": "Acme"}
    assert organization.locale == "en"


def test_logo_upload_is_shown_in_the_sidebar_at_once(client, organization, owner):
    client.force_login(owner)

    response = client.post(SETTINGS, {**settings_data(locale="en"), "logo": png()}, follow=True)

    organization.refresh_from_db()
    assert organization.logo
    assert f'src="{organization.logo.url}"' in response.content.decode()


def test_logo_that_is_not_an_image_is_a_field_error(client, organization, owner):
    client.force_login(owner)
    upload = SimpleUploadedFile("logo.svg", b"<svg></svg>", content_type="image/svg+xml")

    response = client.post(SETTINGS, {**settings_data(), "logo": upload})

    assert response.context["form"].errors["logo"] == [
        "The logo must be a PNG, JPEG or WebP image."
    ]
    organization.refresh_from_db()
    assert not organization.logo
    assert organization.locale == "en"


def test_logo_can_be_cleared(client, organization, owner):
    organization_update(acting_user=owner, organization=organization, logo=png())
    client.force_login(owner)

    client.post(SETTINGS, {**settings_data(), "logo-clear": "on"})

    organization.refresh_from_db()
    assert not organization.logo


def test_saving_without_a_new_logo_keeps_it(client, organization, owner):
    organization_update(acting_user=owner, organization=organization, logo=png())
    organization.refresh_from_db()
    logo_name = organization.logo.name
    client.force_login(owner)

    client.post(SETTINGS, settings_data(country="NL"))

    organization.refresh_from_db()
    assert organization.logo.name == logo_name
    assert organization.country.code == "NL"


@pytest.mark.parametrize("role_fixture", ["member", "viewer"])
def test_members_see_the_settings_read_only_and_cannot_save(
    request, client, organization, role_fixture
):
    user = request.getfixturevalue(role_fixture)
    client.force_login(user)

    response = client.get(SETTINGS)
    assert all(field.disabled for field in response.context["form"].fields.values())
    assert "Transfer ownership" not in response.content.decode()

    assert client.post(SETTINGS, settings_data()).status_code == 403
    organization.refresh_from_db()
    assert organization.locale == "en"


def test_admin_edits_settings_but_sees_no_owner_menu(client, organization, admin):
    client.force_login(admin)

    response = client.get(SETTINGS)

    assert not response.context["form"].fields["name_en"].disabled
    assert "Transfer ownership" not in response.content.decode()
    assert "Delete organization" not in response.content.decode()


# Transfer ownership ------------------------------------------------------------------------


def test_owner_menu_leads_to_transfer_and_delete(client, organization, owner):
    client.force_login(owner)

    content = client.get(SETTINGS).content.decode()

    assert TRANSFER in content
    assert DELETE in content


def test_transfer_picker_lists_only_accepted_members_and_not_the_owner(
    client, organization, owner, admin, member, outsider
):
    invitation_create(acting_user=owner, organization=organization, email="later@example.test")
    client.force_login(owner)

    form = client.get(TRANSFER).context["form"]

    users = {membership.user for membership in form.fields["new_owner"].queryset}
    assert users == {admin, member}


def test_transfer_with_a_wrong_password_is_refused(client, organization, owner, admin):
    client.force_login(owner)
    new_owner = Membership.objects.get(user=admin, organization=organization)

    response = client.post(TRANSFER, {"new_owner": str(new_owner.pk), "password": "wrong"})

    assert response.status_code == 200
    assert response.context["form"].errors["password"] == ["This is not your current password."]
    assert role_of(owner, organization) == OrganizationRole.OWNER
    assert role_of(admin, organization) == OrganizationRole.ADMIN


def test_transfer_with_the_right_password_and_the_purple_message(
    client, organization, owner, member
):
    client.force_login(owner)
    new_owner = Membership.objects.get(user=member, organization=organization)

    response = client.post(
        TRANSFER, {"new_owner": str(new_owner.pk), "password": PASSWORD}, follow=True
    )

    assert role_of(member, organization) == OrganizationRole.OWNER
    assert role_of(owner, organization) == OrganizationRole.ADMIN
    content = response.content.decode()
    assert (
        '<div class="message message--success" role="status">'
        "Ownership has been transferred successfully.</div>"
    ) in content
    # The former owner, now an admin, no longer sees the owner's menu.
    assert "Transfer ownership" not in content


def test_admin_cannot_open_transfer_ownership(client, organization, admin, member):
    client.force_login(admin)
    target = Membership.objects.get(user=member, organization=organization)

    assert client.get(TRANSFER).status_code == 403
    response = client.post(TRANSFER, {"new_owner": str(target.pk), "password": PASSWORD})
    assert response.status_code == 403
    assert role_of(member, organization) == OrganizationRole.MEMBER


def test_transfer_to_a_member_of_another_organization_is_refused(
    client, organization, owner, outsider, other_organization
):
    client.force_login(owner)
    foreign = Membership.objects.get(user=outsider, organization=other_organization)

    response = client.post(TRANSFER, {"new_owner": str(foreign.pk), "password": PASSWORD})

    assert response.context["form"].errors["new_owner"]
    assert role_of(owner, organization) == OrganizationRole.OWNER


# Delete organization -----------------------------------------------------------------------


def test_delete_needs_the_exact_name(client, organization, owner):
    client.force_login(owner)

    response = client.post(DELETE, {"confirm_name": "acme"})

    assert response.context["form"].errors["confirm_name"]
    assert Organization.objects.filter(pk=organization.pk).exists()


def test_delete_with_the_exact_name(client, organization, owner):
    second = OrganizationFactory(owner=owner, name={"en": "Second"})
    owner.active_organization = organization
    owner.save(update_fields=["active_organization"])
    client.force_login(owner)

    response = client.post(DELETE, {"confirm_name": "Acme"}, follow=True)

    assert not Organization.objects.filter(pk=organization.pk).exists()
    assert "The organization Acme was deleted." in response.content.decode()
    owner.refresh_from_db()
    assert owner.active_organization == second


def test_deleting_the_last_organization_leads_to_creating_one(client, organization, owner):
    client.force_login(owner)

    response = client.post(DELETE, {"confirm_name": "Acme"}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("organization_create")


def test_admin_cannot_delete(client, organization, admin):
    client.force_login(admin)

    assert client.get(DELETE).status_code == 403
    assert client.post(DELETE, {"confirm_name": "Acme"}).status_code == 403
    assert Organization.objects.filter(pk=organization.pk).exists()


# Audit log ---------------------------------------------------------------------------------


def test_audit_log_newest_first(client, organization, owner, member):
    organization_update(acting_user=owner, organization=organization, locale="fr")
    client.force_login(owner)
    owner.locale = "en"
    owner.save(update_fields=["locale"])

    response = client.get(AUDIT_LOG)

    events = list(response.context["page"].object_list)
    assert events[0].action == AuditAction.ORGANIZATION_UPDATED
    assert events[-1].action == AuditAction.ORGANIZATION_CREATED
    assert "Organization settings changed" in response.content.decode()


def test_audit_log_is_paginated(client, organization, owner):
    for number in range(EVENTS_PER_PAGE + 5):
        AuditEvent.objects.create(
            organization=organization,
            organization_name="Acme",
            action=AuditAction.TEAM_CREATED,
            data={"team": f"Team {number}"},
        )
    client.force_login(owner)

    first = client.get(AUDIT_LOG)
    second = client.get(AUDIT_LOG, {"page": 2})

    assert len(first.context["page"].object_list) == EVENTS_PER_PAGE
    assert first.context["page"].has_next()
    assert len(second.context["page"].object_list) == 5 + 1  # and "Organization created"


def test_audit_log_is_for_owners_and_admins(client, organization, admin, member):
    client.force_login(admin)
    assert client.get(AUDIT_LOG).status_code == 200
    assert AUDIT_LOG in client.get(SETTINGS).content.decode()

    client.force_login(member)
    assert client.get(AUDIT_LOG).status_code == 403
    assert AUDIT_LOG not in client.get(SETTINGS).content.decode()


def test_audit_log_shows_only_the_active_organization(
    client, organization, owner, outsider, other_organization
):
    client.force_login(owner)

    events = client.get(AUDIT_LOG).context["page"].object_list

    assert {event.organization_id for event in events} == {organization.pk}


def test_a_logo_error_is_tied_to_the_file_input_for_screen_readers(client, organization, owner):
    client.force_login(owner)
    upload = SimpleUploadedFile("logo.svg", b"<svg></svg>", content_type="image/svg+xml")

    content = client.post(SETTINGS, {**settings_data(), "logo": upload}).content.decode()

    assert '<ul class="errorlist" id="id_logo_error">' in content
    file_input = re.search(r'<input type="file" name="logo"[^>]*>', content).group(0)
    assert 'aria-invalid="true"' in file_input
    assert re.search(r'aria-describedby="[^"]*\bid_logo_error\b', file_input)


def test_a_stored_locale_the_ui_does_not_speak_survives_saving_the_settings(
    client, organization, owner
):
    """Set to Swedish through the Core API: the page offers it as the current choice, and
    saving another change keeps it instead of replacing it with English."""
    Organization.objects.filter(pk=organization.pk).update(locale="sv")
    owner.locale = "en"
    owner.save(update_fields=["locale"])
    client.force_login(owner)

    form = client.get(SETTINGS).context["form"]
    assert form["locale"].value() == "sv"
    assert ("sv", "Swedish") in form.fields["locale"].choices
    client.post(SETTINGS, settings_data(locale=form["locale"].value(), country="NL"))

    organization.refresh_from_db()
    assert (organization.locale, organization.country.code) == ("sv", "NL")


def test_a_stored_locale_the_ui_does_not_speak_survives_saving_the_profile(client, member):
    member.locale = "de"
    member.save(update_fields=["locale"])
    client.force_login(member)

    form = client.get(reverse("profile")).context["form"]
    assert form["locale"].value() == "de"
    client.post(
        reverse("profile"),
        {"name": "Renamed", "city": "", "locale": form["locale"].value(), "country": ""},
    )

    member.refresh_from_db()
    assert (member.name, member.locale) == ("Renamed", "de")


# The new owner typed, not picked from a select of every member (issue 11) ------------------


def test_transfer_to_the_member_typed_by_their_email_in_any_case(
    client, organization, owner, admin
):
    client.force_login(owner)

    client.post(TRANSFER, {"new_owner": f"  {admin.email.upper()} ", "password": PASSWORD})

    assert role_of(admin, organization) == OrganizationRole.OWNER


def test_transfer_to_the_member_typed_by_their_name(client, organization, owner, member):
    client.force_login(owner)

    client.post(TRANSFER, {"new_owner": member.name, "password": PASSWORD})

    assert role_of(member, organization) == OrganizationRole.OWNER


def test_a_name_that_two_members_share_asks_for_the_email(
    client, organization, owner, admin, member
):
    Membership.objects.filter(user=member).update(user_name=admin.name)
    client.force_login(owner)

    response = client.post(TRANSFER, {"new_owner": admin.name, "password": PASSWORD})

    assert response.context["form"].errors["new_owner"] == [
        "Several members have this name: type the e-mail of the one you mean."
    ]
    assert role_of(owner, organization) == OrganizationRole.OWNER


@pytest.mark.parametrize("typed", ["nobody@example.test", "outsider", "x" * 10_000, "Ann\x00"])
def test_an_email_of_no_member_here_is_a_clear_error(
    client, organization, owner, outsider, other_organization, typed
):
    typed = outsider.email if typed == "outsider" else typed
    client.force_login(owner)

    response = client.post(TRANSFER, {"new_owner": typed, "password": PASSWORD})

    assert response.status_code == 200
    assert response.context["form"].errors["new_owner"] == [
        "No member here has this e-mail or name."
    ]
    assert role_of(owner, organization) == OrganizationRole.OWNER


def test_the_owner_cannot_type_their_own_email(client, organization, owner):
    client.force_login(owner)

    response = client.post(TRANSFER, {"new_owner": owner.email, "password": PASSWORD})

    assert response.context["form"].errors["new_owner"]
    assert role_of(owner, organization) == OrganizationRole.OWNER


def suggested(content: str) -> list[str]:
    datalist = re.search(r'<datalist id="id_new_owner-suggestions">(.*?)</datalist>', content)
    return re.findall(r'<option value="([^"]+)">', datalist.group(1))


def test_the_transfer_page_suggests_at_most_20_members_whatever_the_size(
    client, organization, owner
):
    for number in range(30):
        user = UserFactory(email=f"m{number:02}@example.test", name=f"Member {number:02}")
        add_member(organization, user, team_role=None)
    client.force_login(owner)

    content = client.get(TRANSFER).content.decode()

    assert 'list="id_new_owner-suggestions"' in content
    suggestions = suggested(content)
    assert len(suggestions) == 20
    assert owner.email not in suggestions
    # What was typed narrows the suggestions on a redisplay.
    response = client.post(TRANSFER, {"new_owner": "m1", "password": "wrong"})
    assert suggested(response.content.decode()) == [
        f"m1{number}@example.test" for number in range(10)
    ]
