"""The plan catalogue in the admin: operators edit allowances and see them listed."""

from decimal import Decimal

from django.urls import reverse

from organizations.billing import GB
from organizations.tests.factories import UserFactory, plan


def test_operators_edit_allowances_in_the_admin(client, db):
    operator = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(operator)
    core = plan("core")

    response = client.post(
        reverse("admin:organizations_plan_change", args=[core.pk]),
        {
            "code": "core",
            "name": "Core",
            "is_public": "on",
            "monthly_price": "29.00",
            "currency": "EUR",
            "seats": "10",
            "max_teams": "5",
            "included_operations": "200000",
            "included_data_bytes": str(20 * GB),
            "overage_price_per_1000_operations": "0.45",
            "overage_price_per_gb": "0.18",
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    core.refresh_from_db()
    assert (core.included_operations, core.overage_price_per_1000_operations) == (
        200_000,
        Decimal("0.45"),
    )
    listing = client.get(reverse("admin:organizations_plan_changelist")).content.decode()
    assert "20 GB" in listing
