"""The plan catalogue organizations start from: Free (the default) and three paid plans.

Operators edit prices and limits in the admin afterwards; this migration only creates
plans that don't exist yet, so it never overwrites their edits.
"""

from decimal import Decimal

from django.db import migrations

PLANS = [
    # code, name, monthly price (EUR), seats, max teams
    ("free", "Free", Decimal("0.00"), 5, 1),
    ("core", "Core", Decimal("29.00"), 10, 5),
    ("pro", "Pro", Decimal("99.00"), 50, 25),
    ("enterprise", "Enterprise", Decimal("499.00"), None, None),
]


def create_plans(apps, schema_editor):
    Plan = apps.get_model("organizations", "Plan")
    for code, name, price, seats, max_teams in PLANS:
        Plan.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "monthly_price": price,
                "currency": "EUR",
                "seats": seats,
                "max_teams": max_teams,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("organizations", "0001_initial")]

    operations = [migrations.RunPython(create_plans, migrations.RunPython.noop)]
