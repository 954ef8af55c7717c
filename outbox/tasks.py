"""Celery tasks of the outbox: thin, each calls one service."""

from celery import shared_task

from outbox.services import outbox_deliver, outbox_sweep


@shared_task(name="outbox.deliver", bind=True, acks_late=True, ignore_result=True)
def outbox_deliver_task(self, message_id: str) -> str:
    """One attempt; a failure is retried after the outbox's backoff (the row counts the
    attempts, so Celery's own retry limit does not apply)."""
    outcome = outbox_deliver(message_id=message_id)
    if outcome.retry_in is not None:
        raise self.retry(countdown=outcome.retry_in, max_retries=None)
    return outcome.status


@shared_task(name="outbox.sweep", ignore_result=True)
def outbox_sweep_task() -> int:
    """Run by beat every OUTBOX_SWEEP_SECONDS: nothing stays pending because a task was lost."""
    return outbox_sweep()
