"""GET /healthz: can this process reach the database, the broker and (on request) a worker.

`?worker=1` sends a ping through the broker and waits up to five seconds for
a worker's answer, holding a web process meanwhile, so only callers on this
machine (a monitor, `curl` on the host) may ask for it; anyone else gets a 403
at once. The plain check stays public and answers without waiting on a worker.
"""

from __future__ import annotations

import ipaddress
import time

from flask import Blueprint, current_app, jsonify, request
from sqlalchemy import text

from models import db

from .errors import api_error

bp = Blueprint("health", __name__)

PING_TIMEOUT_SECONDS = 5


def _check_database() -> dict[str, object]:
    try:
        db.session.execute(text("SELECT 1"))
        return {"ok": True}
    except Exception as error:  # noqa: BLE001 - any failure means "not reachable"
        db.session.rollback()
        return {"ok": False, "error": type(error).__name__}


def _check_broker() -> dict[str, object]:
    celery = current_app.extensions["celery"]
    url = celery.conf.broker_url
    kind = url.split("://", 1)[0]
    try:
        with celery.connection_for_write() as connection:
            connection.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=2)
        return {"ok": True, "transport": kind}
    except Exception as error:  # noqa: BLE001
        return {"ok": False, "transport": kind, "error": type(error).__name__}


def _check_worker() -> dict[str, object]:
    from workers.tasks import ping

    started = time.monotonic()
    try:
        answer = ping.apply_async(expires=10).get(timeout=PING_TIMEOUT_SECONDS)
    except Exception as error:  # noqa: BLE001
        return {"ok": False, "error": type(error).__name__}
    return {"ok": True, "pid": answer["pid"], "seconds": round(time.monotonic() - started, 3)}


def _local_caller() -> bool:
    # remote_addr is the real client's address behind PROXY_COUNT proxies. A
    # caller on gunicorn's unix socket has no address at all; one that came
    # through a proxy has an X-Forwarded-For, so it is not taken for local.
    address = request.remote_addr or ""
    if not address:
        return "X-Forwarded-For" not in request.headers
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


@bp.get("/healthz")
def healthz():
    wants_worker = bool(request.args.get("worker"))
    if wants_worker and not _local_caller():
        return api_error(403, "The worker check waits for a worker; ask for it from this machine.",
                         code="local_only")
    report: dict[str, object] = {"database": _check_database(), "broker": _check_broker()}
    if wants_worker:
        report["worker"] = _check_worker()
    healthy = all(part["ok"] for part in report.values())  # type: ignore[index]
    report["status"] = "ok" if healthy else "degraded"
    # Only the database is essential to answering requests: comments are
    # stored and swept to the broker later, so a broker outage is "degraded".
    code = 200 if report["database"]["ok"] else 503  # type: ignore[index]
    response = jsonify(report)
    response.status_code = code
    response.headers["Cache-Control"] = "no-store"
    return response
