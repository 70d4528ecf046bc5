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
