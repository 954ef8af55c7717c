"""The Celery application: e-mail delivery (the outbox) and the periodic jobs (beat).

Its settings are the ``CELERY_*`` ones of orgsite.settings. Start a worker with
``celery -A orgsite worker`` and the scheduler with ``celery -A orgsite beat`` (README.md).
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "orgsite.settings")

app = Celery("orgsite")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
