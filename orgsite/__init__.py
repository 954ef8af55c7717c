# Loaded with Django, so that @shared_task functions bind to orgsite's Celery application.
from orgsite.celery import app as celery_app

__all__ = ("celery_app",)
