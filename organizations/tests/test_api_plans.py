"""REST API: the plan catalogue."""

from organizations.models import Plan


def test_the_plan_catalogue_lists_the_public_plans(api_as, member):
    Plan.objects.create(code="internal", name="Internal", is_public=False)

    body = api_as(member).get("/api/v1/plans/").json()

    codes = [row["code"] for row in body["results"]]
    assert "free" in codes
    assert "internal" not in codes
    free = next(row for row in body["results"] if row["code"] == "free")
    assert api_as(member).get(f"/api/v1/plans/{free['id']}/").json() == free


def test_a_plan_outside_the_catalogue_is_not_found(api_as, member):
    internal = Plan.objects.create(code="internal", name="Internal", is_public=False)

    for plan_id in (internal.pk, "00000000-0000-0000-0000-000000000000"):
        response = api_as(member).get(f"/api/v1/plans/{plan_id}/")

        assert response.status_code == 404
        assert response.json()["error"] == {
            "code": "not_found",
            "message": "Plan not found.",
            "fields": {},
        }
