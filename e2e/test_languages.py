"""The organization's default language, chosen in Settings, is the language of its pages for
members who haven't chosen their own, and of its invitation e-mails."""

import re

import pytest
from playwright.sync_api import expect

from e2e.helpers import flash, invitation_link, last_email_to, log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_switching_the_organization_language_to_dutch_then_french(
    new_page, owner, organization, member
):
    member.locale = "nl"
    member.save(update_fields=["locale"])
    page = new_page()
    log_in(page, owner.email)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Organization").click()
    page.get_by_role("link", name="Settings").click()
    page.get_by_label("Default language").select_option(label="Dutch")
    page.get_by_role("button", name="Save").click()

    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(flash(page, "De instellingen van de organisatie zijn opgeslagen.")).to_be_visible()
    expect(page.get_by_role("heading", name="Instellingen van de organisatie")).to_be_visible()
    expect(page.get_by_label("Standaardtaal")).to_have_value("nl")
    expect(page.get_by_text("De regio is het datacenter waar de gegevens")).to_be_visible()
    main_menu = page.get_by_role("navigation", name="Hoofdmenu")
    expect(main_menu.get_by_role("link", name="Plug-ins")).to_be_visible()
    main_menu.get_by_role("link", name="Organisatie").click()
    expect(page.get_by_text("Je rol: Eigenaar · Abonnement: Pro")).to_be_visible()
    expect(page.get_by_role("link", name="Gebruikers")).to_be_visible()
    expect(page.get_by_text("Nieuwe gebruiker uitnodigen")).to_be_visible()
    expect(page.get_by_role("columnheader", name="Rol")).to_be_visible()

    page.get_by_role("link", name="Instellingen").click()
    page.get_by_label("Standaardtaal").select_option(label="Frans")
    page.get_by_role("button", name="Opslaan").click()

    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(flash(page, "Les paramètres de l’organisation ont été enregistrés.")).to_be_visible()
    expect(page.get_by_role("heading", name="Paramètres de l’organisation")).to_be_visible()
    expect(page.get_by_label("Langue par défaut")).to_have_value("fr")
    main_menu = page.get_by_role("navigation", name="Menu principal")
    expect(main_menu.get_by_role("link", name="Tableaux de bord")).to_be_visible()
    main_menu.get_by_role("link", name="Organisation").click()
    expect(page.get_by_text("Votre rôle : Propriétaire · Formule : Pro")).to_be_visible()
    expect(page.get_by_role("link", name="Équipes")).to_be_visible()

    # An invitation from a French organization, in French from the form to the e-mail.
    page.get_by_text("Inviter un nouvel utilisateur").click()
    page.get_by_label("E-mail").fill("zoe@example.test")
    page.get_by_label("Nom").fill("Zoé")
    expect(page.get_by_label(re.compile(r"^Rôle\s*:"))).to_have_value("member")
    page.get_by_role("button", name="Enregistrer").click()
    expect(flash(page, "Invitation envoyée à zoe@example.test.")).to_be_visible()
    email = last_email_to("zoe@example.test")
    assert email.subject == "Vous êtes invité à rejoindre Acme"
    assert "Accepter l’invitation" in email.body
    assert "L’invitation expire dans 7 jours." in email.body

    # A visitor's page follows the browser's language.
    visitor = new_page(locale="fr-FR")
    visitor.goto(invitation_link(email))
    expect(visitor.get_by_role("heading", name="Invitation")).to_be_visible()
    expect(
        visitor.get_by_text("Vous êtes invité à rejoindre Acme en tant que zoe@example.test.")
    ).to_be_visible()
    expect(visitor.get_by_role("link", name="Créer votre compte et accepter")).to_be_visible()

    # A member's own language wins over the organization's.
    member_page = new_page()
    log_in(member_page, member.email)
    expect(member_page.locator("html")).to_have_attribute("lang", "nl")
    expect(member_page.get_by_role("navigation", name="Hoofdmenu")).to_be_visible()
