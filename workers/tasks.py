"""Celery tasks. Each takes ids, never objects, and is safe to run twice."""

from __future__ import annotations

import os
import socket

from celery import shared_task

__all__ = ["ping"]


@shared_task(name="workers.tasks.ping", acks_late=False)
def ping() -> dict[str, object]:
    """Answer so `flask worker ping` and /healthz?worker=1 can see a live worker."""
    return {"pong": True, "host": socket.gethostname(), "pid": os.getpid()}


@shared_task(name="workers.tasks.score_comment", bind=True)
def score_comment(self, comment_id: int) -> str:
    """Score one comment (filled in by the scoring worker work)."""
    raise NotImplementedError


def enqueue_scoring(comment_id: int) -> bool:
    """Send a stored comment to the scorer; False (never an exception) if the broker is down.

    Called only after the comment's transaction has committed: the row is
    the outbox, and the sweeper sends whatever this could not.
    """
    try:
        score_comment.apply_async((comment_id,), retry=False)
    except Exception:  # noqa: BLE001 - the broker being down must not fail the request
        return False
    return True
