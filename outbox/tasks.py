"""Celery tasks of the outbox: thin, each calls one service."""

from celery import shared_task

from outbox.services import outbox_deliver, outbox_sweep


@shared_task(name="outbox.deliver", acks_late=True, ignore_result=True)
def outbox_deliver_task(message_id: str) -> str:
    """One attempt; after a failure, the next one is queued with the outbox's backoff as
    its countdown. The row counts the attempts and says when the next is due, so a task
    queued twice, or a retry that was lost, changes nothing (the sweep queues it again)."""
    outcome = outbox_deliver(message_id=message_id)
    if outcome.retry_in is not None:
        outbox_deliver_task.apply_async((message_id,), countdown=outcome.retry_in)
    return outcome.status


@shared_task(name="outbox.sweep", ignore_result=True)
def outbox_sweep_task() -> int:
    """Run by beat every OUTBOX_SWEEP_SECONDS: nothing stays pending because a task was lost."""
    return outbox_sweep()
