"""Usage allowances and overage prices of the four catalogue plans.

Only the fields added by 0006 are filled, and only on plans whose allowance is still unset:
seats, teams, prices and whatever operators changed in the admin stay as they are. Data is
counted in decimal gigabytes (1 GB = 10^9 bytes). Free has no overage price: it is never
billed, whatever it consumes.
"""

from decimal import Decimal

from django.db import migrations

GB = 10**9

ALLOWANCES = {
    # code: (included operations a month, included data a month in bytes,
    #        price per 1,000 extra operations, price per extra GB), in the plan's currency
    "free": (10_000, 1 * GB, Decimal("0"), Decimal("0")),
    "core": (100_000, 10 * GB, Decimal("0.50"), Decimal("0.20")),
    "pro": (1_000_000, 100 * GB, Decimal("0.40"), Decimal("0.15")),
    "enterprise": (10_000_000, 1_000 * GB, Decimal("0.25"), Decimal("0.10")),
}


def fill_allowances(apps, schema_editor):
    Plan = apps.get_model("organizations", "Plan")
    for code, (operations, data_bytes, per_1000_operations, per_gb) in ALLOWANCES.items():
        Plan.objects.filter(
            code=code, included_operations__isnull=True, included_data_bytes__isnull=True
        ).update(
            included_operations=operations,
            included_data_bytes=data_bytes,
            overage_price_per_1000_operations=per_1000_operations,
            overage_price_per_gb=per_gb,
        )


class Migration(migrations.Migration):
    dependencies = [("organizations", "0006_billing_usage_invoices")]

    operations = [migrations.RunPython(fill_allowances, migrations.RunPython.noop)]
