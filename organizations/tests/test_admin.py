"""The operators' admin: pages open, list pages run a fixed number of queries, and every
change goes through the services (region fixed, organizations created with My Team and an
owner, ownership transferred as an operator, invitations resent, audit events untouchable).
"""

import json

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from common.errors import PermissionDenied
from organizations.models import (
    AuditAction,
    AuditEvent,
    Invitation,
    InvitationStatus,
    Membership,
    Organization,
    Plan,
    Team,
)
from organizations.models.team import DEFAULT_TEAM_NAME
from organizations.roles import OrganizationRole, TeamRole
from organizations.services.invitation import invitation_create
from organizations.tests.factories import OrganizationFactory, UserFactory, add_member, plan

CHANGELISTS = [
    "accounts_user",
    "organizations_plan",
    "organizations_organization",
    "organizations_membership",
    "organizations_team",
    "organizations_teammembership",
    "organizations_invitation",
    "organizations_auditevent",
]


@pytest.fixture
def operator(db):
    return UserFactory(name="Oscar Operator", is_staff=True, is_superuser=True)


@pytest.fixture
def operator_client(client, operator):
    client.force_login(operator)
    return client


@pytest.fixture
def invitation(organization, owner):
    return invitation_create(
        acting_user=owner, organization=organization, email="ivy@example.test", name="Ivy"
    )


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def populate(count: int) -> None:
    """Organizations on a plan of their own, with an owner, a member and a pending
    invitation each."""
    for _number in range(count):
        owner = UserFactory()
        own_plan = Plan.objects.create(code=f"custom-{owner.pk}", name=f"Custom {owner.email}")
        organization = OrganizationFactory(owner=owner, country="BE", plan=own_plan)
        add_member(organization, UserFactory())
        invitation_create(
            acting_user=owner, organization=organization, email=f"guest-{organization.slug}@x.test"
        )


def changelist_url(name: str) -> str:
    return reverse(f"admin:{name}_changelist")


def change_url(obj) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def inline_management_data(response) -> dict[str, int]:
    """Management-form data for the change page's inlines: all read-only, so no rows."""
    data = {}
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        data[management.add_prefix("TOTAL_FORMS")] = 0
        data[management.add_prefix("INITIAL_FORMS")] = 0
    return data


# Pages -------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", CHANGELISTS)
def test_every_changelist_opens(operator_client, organization, admin, member, invitation, name):
    response = operator_client.get(changelist_url(name))

    assert response.status_code == 200


def test_every_change_page_opens(operator_client, organization, owner, member, invitation):
    team = organization.teams.get()
    objects = [
        owner,
        organization.plan,
        organization,
        Membership.objects.get(organization=organization, user=member),
        team,
        team.memberships.get(user=member),
        invitation,
        AuditEvent.objects.filter(organization=organization).first(),
    ]

    for obj in objects:
        response = operator_client.get(change_url(obj))
        assert response.status_code == 200, obj._meta.model_name


@pytest.mark.parametrize("name", ["accounts_user", "organizations_organization"])
def test_add_pages_open(operator_client, name):
    assert operator_client.get(reverse(f"admin:{name}_add")).status_code == 200


def test_organization_search_finds_name_translation_slug_and_member_email(
    operator_client, organization, member, other_organization
):
    organization.name = {"en": "Acme", "nl": "Acme Nederland", "fr": "Société Acme"}
    organization.save(update_fields=["name"])
    response = operator_client.get(changelist_url("organizations_organization"), {"q": "fr"})
    assert list(response.context["cl"].result_list) == []  # not the JSON keys

    for term in ["nederland", "société", organization.slug, member.email.upper()]:
        response = operator_client.get(changelist_url("organizations_organization"), {"q": term})
        found = list(response.context["cl"].result_list)
        assert found == [organization], term
        # The member count stays right when the search joins the members.
        assert found[0].member_count == 2


# Fixed number of queries on list pages ----------------------------------------------------


@pytest.mark.parametrize("name", CHANGELISTS)
def test_changelist_query_count_does_not_grow_with_rows(
    operator_client, django_assert_num_queries, name
):
    url = changelist_url(name)
    populate(3)
    operator_client.get(url)  # warm up the session and caches
    with CaptureQueriesContext(connection) as small:
        response = operator_client.get(url)
    assert response.status_code == 200
    rows_small = len(response.context["cl"].result_list)

    populate(27)
    with django_assert_num_queries(len(small)):
        response = operator_client.get(url)
    assert len(response.context["cl"].result_list) > rows_small


# Organizations: region, add, edit ---------------------------------------------------------


def test_region_is_read_only_on_the_change_page_with_the_reason(operator_client, organization):
    response = operator_client.get(change_url(organization))

    form = response.context["adminform"].form
    assert "region" not in form.fields
    assert "region" in response.context["adminform"].readonly_fields
    assert "data center where the organization" in response.content.decode()


def test_posting_a_region_leaves_it_unchanged_and_saves_through_the_service(
    operator_client, operator, organization
):
    page = operator_client.get(change_url(organization))
    data = {
        "name": json.dumps({"en": "Acme Corporation"}),
        "region": "US",
        "country": "NL",
        "locale": "nl",
        "plan": str(organization.plan_id),
        **inline_management_data(page),
    }

    response = operator_client.post(change_url(organization), data)

    assert response.status_code == 302, response.context and response.context["errors"]
    organization.refresh_from_db()
    assert organization.region == "EU"
    assert organization.name == {"en": "Acme Corporation"}
    assert organization.country.code == "NL"
    event = AuditEvent.objects.get(
        organization=organization, action=AuditAction.ORGANIZATION_UPDATED
    )
    assert event.by_operator is True
    assert event.actor == operator
    assert event.data["fields"] == ["country", "locale", "name"]


def test_an_invalid_name_is_a_field_error(operator_client, organization):
    page = operator_client.get(change_url(organization))
    data = {
        "name": json.dumps({"xx": "Acme"}),
        "country": "",
        "locale": "en",
        "plan": str(organization.plan_id),
        **inline_management_data(page),
    }

    response = operator_client.post(change_url(organization), data)

    assert response.status_code == 200
    assert "Unsupported language" in str(response.context["adminform"].form.errors["name"])
    organization.refresh_from_db()
    assert organization.name == {"en": "Acme"}


def test_operator_changes_the_plan_with_an_audit_event(operator_client, organization):
    page = operator_client.get(change_url(organization))
    data = {
        "name": json.dumps(organization.name),
        "country": "",
        "locale": "en",
        "plan": str(plan("enterprise").pk),
        **inline_management_data(page),
    }

    response = operator_client.post(change_url(organization), data)

    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.plan.code == "enterprise"
    event = AuditEvent.objects.get(organization=organization, action=AuditAction.PLAN_CHANGED)
    assert event.data == {"from": "pro", "to": "enterprise"}
    assert event.by_operator is True


def test_add_view_creates_the_organization_with_my_team_and_the_chosen_owner(
    operator_client, operator
):
    chosen = UserFactory(email="nina@initech.test")

    response = operator_client.post(
        reverse("admin:organizations_organization_add"),
        {
            "name": json.dumps({"en": "Initech", "fr": "Initech France"}),
            "region": "US",
            "country": "US",
            "locale": "fr",
            "plan": str(plan("core").pk),
            "owner": "NINA@initech.test",
        },
    )

    assert response.status_code == 302
    organization = Organization.objects.get(slug="initech")
    assert response.url == reverse("admin:organizations_organization_changelist")
    assert (organization.region, organization.country.code, organization.locale) == (
        "US",
        "US",
        "fr",
    )
    assert organization.plan.code == "core"
    membership = Membership.objects.get(organization=organization)
    assert (membership.user, membership.role) == (chosen, OrganizationRole.OWNER)
    team = organization.teams.get()
    assert team.name == DEFAULT_TEAM_NAME
    assert team.memberships.get().user == chosen
    assert team.memberships.get().role == TeamRole.ADMIN
    chosen.refresh_from_db()
    assert chosen.active_organization == organization
    created = AuditEvent.objects.get(
        organization=organization, action=AuditAction.ORGANIZATION_CREATED
    )
    assert (created.actor, created.target_user, created.by_operator) == (operator, chosen, True)


def test_add_view_refuses_an_unknown_owner(operator_client):
    response = operator_client.post(
        reverse("admin:organizations_organization_add"),
        {
            "name": json.dumps({"en": "Initech"}),
            "region": "US",
            "locale": "en",
            "plan": str(plan("free").pk),
            "owner": "nobody@initech.test",
        },
    )

    assert response.status_code == 200
    assert "owner" in response.context["adminform"].form.errors
    assert not Organization.objects.filter(slug="initech").exists()


def test_organizations_are_not_deleted_from_the_admin(operator_client, organization):
    url = reverse("admin:organizations_organization_delete", args=[organization.pk])

    assert operator_client.post(url, {"post": "yes"}).status_code == 403
    assert Organization.objects.filter(pk=organization.pk).exists()


def test_member_inline_is_read_only(operator_client, organization, member):
    response = operator_client.get(change_url(organization))

    members = next(
        inline
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.model is Membership
    )
    assert not members.has_add_permission
    assert not members.has_change_permission
    assert not members.has_delete_permission
    assert len(members.formset.forms) == 2


# Transfer ownership ------------------------------------------------------------------------


def transfer(client, organization, **extra):
    return client.post(
        changelist_url("organizations_organization"),
        {"action": "transfer_ownership", "_selected_action": [str(organization.pk)], **extra},
    )


def test_a_refusal_of_the_service_on_save_is_a_message_not_a_500(
    operator_client, organization, monkeypatch
):
    def refuse(**kwargs):
        raise PermissionDenied("Only operators may do this.")

    monkeypatch.setattr("organizations.admin.organizations.organization_update", refuse)
    page = operator_client.get(change_url(organization))
    data = {
        "name": json.dumps({"en": "Renamed"}),
        "country": "",
        "locale": "en",
        "plan": str(organization.plan_id),
        **inline_management_data(page),
    }

    response = operator_client.post(change_url(organization), data)

    assert response.status_code == 302
    assert response.url == change_url(organization)
    assert "Only operators may do this." in messages_of(response)
    organization.refresh_from_db()
    assert organization.name == {"en": "Acme"}


def test_transfer_ownership_offers_accepted_members_other_than_the_owner(
    operator_client, organization, owner, admin, member, invitation
):
    response = transfer(operator_client, organization)

    assert response.status_code == 200
    choices = {m.user for m in response.context["form"].fields["new_owner"].queryset}
    assert choices == {admin, member}
    # The page posts back to the same action for the same organization.
    assert 'name="action" value="transfer_ownership"' in response.content.decode()
    assert f'name="_selected_action" value="{organization.pk}"' in response.content.decode()


def test_transfer_ownership_moves_ownership(operator_client, operator, organization, owner, member):
    target = Membership.objects.get(organization=organization, user=member)

    response = transfer(operator_client, organization, apply="1", new_owner=str(target.pk))

    assert response.status_code == 302
    roles = dict(
        Membership.objects.filter(organization=organization).values_list("user_id", "role")
    )
    assert roles == {owner.pk: OrganizationRole.ADMIN, member.pk: OrganizationRole.OWNER}
    event = AuditEvent.objects.get(
        organization=organization, action=AuditAction.OWNERSHIP_TRANSFERRED
    )
    assert (event.actor, event.target_user, event.by_operator) == (operator, member, True)
    assert any("has been transferred" in message for message in messages_of(response))


def test_transfer_ownership_refuses_a_non_member(
    operator_client, organization, owner, member, other_organization, outsider
):
    stranger = Membership.objects.get(organization=other_organization, user=outsider)

    response = transfer(operator_client, organization, apply="1", new_owner=str(stranger.pk))

    assert response.status_code == 200
    assert "new_owner" in response.context["form"].errors
    owners = Membership.objects.filter(organization=organization, role=OrganizationRole.OWNER)
    assert [membership.user for membership in owners] == [owner]
    assert not AuditEvent.objects.filter(action=AuditAction.OWNERSHIP_TRANSFERRED).exists()


def test_transfer_ownership_shows_a_refusal_of_the_service_as_a_message(
    operator_client, organization, owner, member, monkeypatch
):
    def refuse(**kwargs):
        raise PermissionDenied("Only operators may do this.")

    monkeypatch.setattr("organizations.admin.organizations.organization_transfer_ownership", refuse)
    target = Membership.objects.get(organization=organization, user=member)

    response = transfer(operator_client, organization, apply="1", new_owner=str(target.pk))

    assert response.status_code == 302
    assert "Only operators may do this." in messages_of(response)
    assert Membership.objects.get(organization=organization, role=OrganizationRole.OWNER).user == (
        owner
    )


def test_transfer_ownership_needs_exactly_one_organization(
    operator_client, organization, other_organization
):
    response = operator_client.post(
        changelist_url("organizations_organization"),
        {
            "action": "transfer_ownership",
            "_selected_action": [str(organization.pk), str(other_organization.pk)],
        },
    )

    assert response.status_code == 302
    assert any("exactly one organization" in message for message in messages_of(response))


# Invitations -------------------------------------------------------------------------------


def test_resend_action_sends_a_new_link_and_revokes_the_old_one(
    operator_client, operator, organization, owner, invitation, django_capture_on_commit_callbacks
):
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = operator_client.post(
            changelist_url("organizations_invitation"),
            {"action": "resend", "_selected_action": [str(invitation.pk)]},
        )

    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.REVOKED
    new = Invitation.objects.get(organization=organization, status=InvitationStatus.PENDING)
    assert new.email == invitation.email
    assert new.token_hash != invitation.token_hash
    assert new.invited_by == owner
    assert [message.to for message in mail.outbox] == [[invitation.email]]
    event = AuditEvent.objects.get(action=AuditAction.INVITATION_RESENT)
    assert (event.actor, event.by_operator) == (operator, True)


def test_resend_action_reports_a_refusal_without_failing(operator_client, invitation):
    invitation.status = InvitationStatus.ACCEPTED
    invitation.save(update_fields=["status"])

    response = operator_client.post(
        changelist_url("organizations_invitation"),
        {"action": "resend", "_selected_action": [str(invitation.pk)]},
    )

    assert response.status_code == 302
    assert any("Only a pending or expired" in message for message in messages_of(response))
    assert Invitation.objects.count() == 1


def test_revoke_action_revokes(operator_client, invitation):
    response = operator_client.post(
        changelist_url("organizations_invitation"),
        {"action": "revoke", "_selected_action": [str(invitation.pk)]},
    )

    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.REVOKED
    assert AuditEvent.objects.get(action=AuditAction.INVITATION_REVOKED).by_operator is True


def test_invitation_status_filter_shows_expired_invitations(operator_client, invitation):
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=invitation.sent_at)
    url = changelist_url("organizations_invitation")

    expired = operator_client.get(url, {"display_status": "expired"}).context["cl"].result_list
    pending = operator_client.get(url, {"display_status": "pending"}).context["cl"].result_list

    assert list(expired) == [invitation]
    assert list(pending) == []


def test_operator_actions_are_hidden_from_staff_without_change_permission(client, invitation):
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_invitation", "view_organization"])
    )
    client.force_login(viewer)

    response = client.get(changelist_url("organizations_invitation"))

    assert response.status_code == 200
    assert response.context["action_form"] is None


# Audit events and other read-only models --------------------------------------------------


def test_audit_events_cannot_be_added_changed_or_deleted(operator_client, organization):
    event = AuditEvent.objects.filter(organization=organization).first()
    change = change_url(event)
    delete = reverse("admin:organizations_auditevent_delete", args=[event.pk])

    assert operator_client.get(reverse("admin:organizations_auditevent_add")).status_code == 403
    assert operator_client.post(change, {"action": "member.removed"}).status_code == 403
    assert operator_client.post(delete, {"post": "yes"}).status_code == 403
    event_before = AuditEvent.objects.get(pk=event.pk)
    assert event_before.action == event.action
    response = operator_client.get(changelist_url("organizations_auditevent"))
    # Not even the bulk "delete selected" action.
    assert response.context["action_form"] is None


@pytest.mark.parametrize("model", [Membership, Team, Invitation])
def test_rows_written_by_services_are_read_only(operator_client, organization, invitation, model):
    obj = model.objects.first()
    name = f"admin:organizations_{model._meta.model_name}"

    assert operator_client.get(reverse(f"{name}_add")).status_code == 403
    assert operator_client.post(change_url(obj), {}).status_code == 403
    assert operator_client.post(reverse(f"{name}_delete", args=[obj.pk])).status_code == 403


# Users -------------------------------------------------------------------------------------


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


def test_user_change_page_lists_memberships_read_only(operator_client, organization, member):
    response = operator_client.get(change_url(member))

    inline = response.context["inline_admin_formsets"][0]
    assert inline.formset.model is Membership
    assert not inline.has_change_permission
    assert [form.instance.organization for form in inline.formset.forms] == [organization]
