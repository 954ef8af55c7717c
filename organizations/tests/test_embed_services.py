"""The embed services (``organizations.services.embed``): who may create embed pairs, what
they grant, how they end, and what suborganizations and end users are (and are not).

Fixture users (conftest): Acme's ``owner``, ``admin``, ``member``; the ``outsider`` owns
Globex. The race on "the first call creates the end user" runs on PostgreSQL.
"""

import threading
from datetime import date, timedelta

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.forms import PasswordResetForm
from django.db import connection, connections
from django.utils import timezone

from accounts.models import User
from accounts.services import api_token_create
from common.errors import InvalidInput, NotFound, PermissionDenied
from organizations.metering import usage_meter
from organizations.models import (
    AuditAction,
    AuditEvent,
    EmbedAuthorization,
    EndUser,
    Invoice,
    Organization,
    Suborganization,
    UsageDay,
)
from organizations.roles import AccessLevel
from organizations.selectors.embed import (
    end_users_of,
    securables_granted_by,
    suborganizations_of,
)
from organizations.selectors.organizations import effective_locale
from organizations.services.embed import (
    AccessRequest,
    embed_authorization_authenticate,
    embed_authorization_create,
    end_user_revoke_authorizations,
)
from organizations.services.invoice import invoices_generate
from organizations.services.organization import organization_delete
from organizations.services.securable import securable_create
from organizations.tests.billing_fixtures import founded_long_ago, last_month
from organizations.tests.factories import UserFactory


def dashboard(user, organization, name="Sales"):
    return securable_create(
        acting_user=user, organization=organization, type="dashboard", name={"en": name}
    )


def grant(securable, level=AccessLevel.USE, type="dashboard"):
    return AccessRequest(securable_id=securable.pk, type=type, level=level, field="access")


def create(acting_user, organization, username="customer-42", **fields):
    return embed_authorization_create(
        acting_user=acting_user, organization=organization, username=username, **fields
    )


# --- Who may, what is granted ---


def test_owners_and_admins_create_embed_pairs_members_may_not(owner, admin, member, organization):
    create(owner, organization, username="a")
    create(admin, organization, username="b")
    with pytest.raises(PermissionDenied):
        create(member, organization, username="c")
    assert EndUser.objects.count() == 2


def test_an_outsider_gets_a_404_for_the_organization(organization, outsider):
    with pytest.raises(NotFound):
        create(outsider, organization)


def test_grants_carry_the_requested_rights_of_securables_the_admin_manages(
    owner, admin, member, organization
):
    theirs = dashboard(member, organization, "Member's")
    # The admin manages every securable of the organization ("own" on each), so they may
    # embed a member's dashboard at any rights.
    authorization, _token = create(admin, organization, access=[grant(theirs, AccessLevel.OWN)])
    assert list(securables_granted_by(authorization).values_list("pk", "access_level")) == [
        (theirs.pk, AccessLevel.OWN)
    ]
    # The same securable twice: the higher rights.
    authorization, _token = create(
        owner, organization, access=[grant(theirs, AccessLevel.READ), grant(theirs)]
    )
    assert list(securables_granted_by(authorization).values_list("access_level", flat=True)) == [
        AccessLevel.USE
    ]


def test_ids_outside_the_organization_or_of_another_type_are_refused(owner, organization, outsider):
    foreign = dashboard(outsider, outsider.active_organization, "Globex")
    with pytest.raises(NotFound) as raised:
        create(owner, organization, access=[grant(foreign)])
    assert raised.value.field == "access"
    own = dashboard(owner, organization)
    with pytest.raises(InvalidInput):
        create(owner, organization, access=[grant(own, type="dataset")])
    assert not EndUser.objects.exists() and not Suborganization.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"username": "  "}, "username"),
        ({"email": "not an address"}, "email"),
        ({"role": "admin"}, "role"),
        ({"locale": "english please"}, "locale"),
        ({"metadata": ["a list"]}, "metadata"),
        ({"expires_at": timezone.now() - timedelta(seconds=1)}, "expiry"),
        ({"expires_at": timezone.now() + timedelta(days=366)}, "expiry"),
        ({"inactivity_interval": timedelta(0)}, "inactivity_interval"),
    ],
)
def test_invalid_values_are_refused_with_their_field(owner, organization, fields, field):
    with pytest.raises(InvalidInput) as raised:
        create(owner, organization, **{"username": "u", **fields})
    assert raised.value.field == field


# --- End users and suborganizations ---


def test_end_users_are_created_once_and_updated_after(owner, organization):
    first, _ = create(owner, organization, name="Carla", email="carla@x.test", role="viewer")
    second, _ = create(owner, organization, name="Carla C.", email="c@x.test", role="designer")
    end_user = EndUser.objects.select_related("user").get()
    assert first.end_user_id == second.end_user_id == end_user.pk
    assert (end_user.user.name, end_user.email, end_user.role) == (
        "Carla C.",
        "c@x.test",
        "designer",
    )
    # The suborganization defaults to one named after the username.
    assert end_user.suborganization.name == "customer-42"
    assert AuditEvent.objects.filter(action=AuditAction.END_USER_CREATED).count() == 1
    assert AuditEvent.objects.filter(action=AuditAction.EMBED_AUTHORIZATION_CREATED).count() == 2


def test_an_end_users_locale_keeps_its_catalogue_language(owner, organization):
    create(owner, organization, locale="de-DE")
    end_user = EndUser.objects.select_related("user").get()
    # The embed answers the locale as given; the account keeps Luzmo's catalogue language
    # (the UI shows German in English), a language outside the catalogue none.
    assert (end_user.locale, end_user.user.locale, effective_locale(end_user.user)) == (
        "de-DE",
        "de",
        "en",
    )
    create(owner, organization, locale="nl-BE")
    end_user.user.refresh_from_db()
    assert end_user.user.locale == "nl"
    create(owner, organization, locale="tlh")
    end_user.user.refresh_from_db()
    assert end_user.user.locale == ""


def test_end_users_have_no_password_and_no_login(owner, organization):
    create(owner, organization, email="carla@x.test")
    user = EndUser.objects.get().user
    assert not user.has_usable_password()
    assert authenticate(username=user.email, password="") is None
    # Their account's address is a placeholder: the address given is no login, and no
    # password reset reaches either.
    assert user.email.endswith("@end-users.invalid")
    assert list(PasswordResetForm().get_users(user.email)) == []


def test_a_suborganization_has_the_parents_region_and_plan_and_no_members(owner, organization):
    create(owner, organization, suborganization="Customer Inc")
    child = Suborganization.objects.select_related("organization").get().organization
    assert (child.region, child.plan_id) == (organization.region, organization.plan_id)
    assert child.memberships.count() == 0
    [row] = suborganizations_of(organization)
    assert (row.name, row.end_user_count) == ("Customer Inc", 1)


def test_suborganizations_are_never_invoiced_on_their_own(owner, organization):
    create(owner, organization, suborganization="Customer Inc")
    founded_long_ago(organization)
    founded_long_ago(Suborganization.objects.get().organization)

    run = invoices_generate(period=last_month())

    assert [invoice.organization_id for invoice in run.created] == [organization.pk]
    assert Invoice.objects.count() == 1


# --- How a pair ends ---


def test_a_pair_authenticates_until_it_expires_idles_or_is_revoked(owner, organization):
    authorization, token = create(owner, organization, inactivity_interval=timedelta(minutes=10))
    key = str(authorization.pk)
    assert embed_authorization_authenticate(key=key, token=token) == authorization
    assert embed_authorization_authenticate(key=key, token=token + "x") is None
    end_user = EndUser.objects.get()
    assert end_user.last_used_at is not None

    EmbedAuthorization.objects.filter(pk=key).update(
        last_used_at=timezone.now() - timedelta(minutes=11)
    )
    assert embed_authorization_authenticate(key=key, token=token) is None

    EmbedAuthorization.objects.filter(pk=key).update(last_used_at=timezone.now())
    assert embed_authorization_authenticate(key=key, token=token) is not None
    EmbedAuthorization.objects.filter(pk=key).update(expires_at=timezone.now())
    assert embed_authorization_authenticate(key=key, token=token) is None


def test_revoking_an_end_user_ends_all_their_pairs(owner, admin, member, organization):
    first, first_token = create(owner, organization)
    second, second_token = create(owner, organization)
    end_user = EndUser.objects.get()
    with pytest.raises(PermissionDenied):
        end_user_revoke_authorizations(
            acting_user=member, organization=organization, end_user_id=end_user.pk
        )

    assert (
        end_user_revoke_authorizations(
            acting_user=admin, organization=organization, end_user_id=end_user.pk
        )
        == 2
    )

    for authorization, token in ((first, first_token), (second, second_token)):
        assert embed_authorization_authenticate(key=str(authorization.pk), token=token) is None
    assert end_users_of(organization).get().usable_authorization_count == 0
    event = AuditEvent.objects.get(action=AuditAction.EMBED_AUTHORIZATIONS_REVOKED)
    assert (event.actor, event.data["revoked"]) == (admin, 2)


def test_another_organization_cannot_revoke_its_end_users(owner, organization, outsider):
    create(owner, organization)
    with pytest.raises(NotFound):
        end_user_revoke_authorizations(
            acting_user=outsider,
            organization=outsider.active_organization,
            end_user_id=EndUser.objects.get().pk,
        )


# --- Metering ---


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_embed_reads_are_metered_for_the_parent(client, owner, organization):
    sales = dashboard(owner, organization)
    authorization, token = create(owner, organization, access=[grant(sales)])
    body = {"action": "get", "key": str(authorization.pk), "token": token, "find": {}}

    response = client.post("/0.1.0/securable", body, content_type="application/json")

    assert response.status_code == 200 and response.json()["count"] == 1
    usage_meter.flush()
    child = Suborganization.objects.get().organization
    assert UsageDay.objects.filter(organization=organization, day=date.today()).get().operations
    assert not UsageDay.objects.filter(organization=child).exists()


# --- The race on the first call (PostgreSQL) ---


@pytest.mark.postgresql
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: a race needs concurrent connections and row locks",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("attempt", range(3))
def test_two_first_calls_for_one_username_create_one_end_user(owner, organization, attempt):
    barrier = threading.Barrier(2)
    errors = []

    def first_call():
        try:
            connection.ensure_connection()
            barrier.wait(timeout=30)
            create(owner, organization, username="racer", suborganization="Race Ltd")
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=first_call, daemon=True) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert EndUser.objects.filter(username="racer").count() == 1
    assert Suborganization.objects.filter(name="Race Ltd").count() == 1
    assert EmbedAuthorization.objects.count() == 2
    assert (
        not UserFactory._meta.model.objects.filter(email__endswith="@end-users.invalid")
        .exclude(end_user__isnull=False)
        .exists()
    )


def test_deleting_the_parent_deletes_its_suborganizations_and_end_users(owner, organization):
    create(owner, organization, username="a", suborganization="Sub A")
    create(owner, organization, username="b", suborganization="Sub B")
    children = list(Suborganization.objects.values_list("organization_id", flat=True))
    accounts = list(EndUser.objects.values_list("user_id", flat=True))

    organization_delete(acting_user=owner, organization=organization)

    assert not Organization.objects.filter(pk__in=children).exists()
    assert not User.objects.filter(pk__in=accounts).exists()
    assert User.objects.filter(pk=owner.pk).exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_creating_an_embed_pair_is_metered_as_an_operation_of_the_parent(
    client, owner, organization
):
    api_token, token = api_token_create(acting_user=owner, name="server")
    body = {
        "action": "create",
        "key": str(api_token.pk),
        "token": token,
        "properties": {"type": "embed", "username": "carla"},
    }

    response = client.post("/0.1.0/authorization", body, content_type="application/json")

    assert response.status_code == 200
    usage_meter.flush()
    assert UsageDay.objects.get(organization=organization).operations == 1
