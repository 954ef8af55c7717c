"""The operators' admin under the numbers and text the databases refuse: a field error on
the form, never a 500 (integer columns are 32-bit on PostgreSQL, 64-bit on SQLite)."""

import pytest
from django.test import Client

from organizations.models import Plan
from organizations.tests.factories import UserFactory


@pytest.fixture
def operator_client(db) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


HUGE = str(10**30)


@pytest.mark.parametrize(
    "field",
    [
        "seats",
        "max_teams",
        "included_operations",
        "included_data_bytes",
        "monthly_price",
        "overage_price_per_gb",
    ],
)
def test_a_plan_with_a_number_beyond_its_column_is_a_field_error(operator_client, field):
    plans = Plan.objects.count()
    data = {
        "code": "huge",
        "name": "Huge",
        "monthly_price": "1",
        "currency": "EUR",
        "included_operations": "1",
        "included_data_bytes": "1",
        "overage_price_per_1000_operations": "0",
        "overage_price_per_gb": "0",
        field: HUGE,
    }

    response = operator_client.post("/admin/organizations/plan/add/", data)

    assert response.status_code == 200
    assert field in response.context["adminform"].form.errors
    assert Plan.objects.count() == plans


@pytest.mark.parametrize("path", ["/admin/accounts/user/", "/admin/organizations/organization/"])
@pytest.mark.parametrize("query", ["q=a%00b", "p=" + HUGE, "o=" + HUGE])
def test_admin_lists_take_any_query(operator_client, path, query):
    response = operator_client.get(f"{path}?{query}")

    assert response.status_code in (200, 302)
