"""The monthly invoicing run as a Celery beat task: scheduled, and harmless twice."""

from django.conf import settings

from organizations.models import Invoice
from organizations.tasks import invoices_generate_task
from organizations.tests.billing_fixtures import founded_long_ago, last_month


def test_beat_runs_the_invoices_on_the_first_of_the_month():
    entry = settings.CELERY_BEAT_SCHEDULE["invoices-generate"]

    assert entry["task"] == invoices_generate_task.name
    schedule = entry["schedule"]
    assert (schedule.day_of_month, schedule.hour, schedule.minute) == ({1}, {1}, {0})


def test_the_task_invoices_last_month_once(organization):
    founded_long_ago(organization)

    first = invoices_generate_task.delay().get()
    second = invoices_generate_task.delay().get()

    assert first == {"period": str(last_month()), "created": 1, "skipped": 0}
    assert second == {"period": str(last_month()), "created": 0, "skipped": 1}
    assert Invoice.objects.get().period_start == last_month().start
