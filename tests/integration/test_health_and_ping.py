"""A real worker process answers a ping on the embedded broker and on Redis; /healthz reports both."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from config import load_config
from moderation import create_app

# Each test here is about the worker, the broker or the health check, not the database: each runs
# on one (the embedded broker beside SQLite as `make run` has it, Redis beside PostgreSQL as in
# production).
pytestmark = pytest.mark.integration


@pytest.fixture
def app_for():
    """Build apps from an environment, as the real processes do; close their pools after."""
    apps = []

    def build(env: dict[str, str]):
        app = create_app(load_config(env))
        apps.append(app)
        return app

    yield build
    for app in apps:
        with app.app_context():
            from models import db

            db.session.remove()
            db.engine.dispose()


def wait_for_pong(app, timeout: float = 40.0) -> dict:
    from workers.tasks import ping

    deadline = time.monotonic() + timeout
    with app.app_context():
        while True:
            try:
                return ping.apply_async(expires=10).get(timeout=5)
            except Exception:
                if time.monotonic() > deadline:
                    raise


@pytest.mark.database("sqlite")
def test_worker_answers_ping_on_the_embedded_broker(start_worker, worker_env, app_for):
    worker = start_worker()
    app = app_for(worker_env)
    assert app.config["CELERY"]["broker_url"].startswith("sqla+sqlite:///")
    answer = wait_for_pong(app)
    assert answer["pong"] is True
    assert answer["pid"] != __import__("os").getpid()
    response = app.test_client().get("/healthz?worker=1")
    assert response.status_code == 200, worker.log()[-2000:]
    assert response.json["database"]["ok"] is True
    assert response.json["broker"] == {"ok": True, "transport": "sqla+sqlite"}
    assert response.json["worker"]["ok"] is True
    assert response.json["status"] == "ok"


@pytest.mark.database("postgresql")
def test_worker_answers_ping_on_redis(start_worker, worker_env, clean_redis, redis_url, app_for):
    start_worker(REDIS_URL=redis_url)
    app = app_for({**worker_env, "REDIS_URL": redis_url})
    assert wait_for_pong(app)["pong"] is True
    body = app.test_client().get("/healthz?worker=1").json
    assert body["broker"] == {"ok": True, "transport": "redis"}
    assert body["worker"]["ok"] is True


@pytest.fixture
def short_ping(monkeypatch):
    """No worker runs in these tests: the local caller's check waits 1 s for nobody, not 5."""
    from moderation import health

    monkeypatch.setattr(health, "PING_TIMEOUT_SECONDS", 1)


@pytest.mark.database("sqlite")
def test_the_worker_check_is_refused_at_once_to_remote_callers(worker_env, app_for, short_ping):
    # No worker runs: a local caller would wait the whole ping timeout for nothing.
    app = app_for(worker_env)
    client = app.test_client()
    started = time.monotonic()
    remote = client.get("/healthz?worker=1", environ_base={"REMOTE_ADDR": "203.0.113.9"})
    assert time.monotonic() - started < 1
    assert remote.status_code == 403 and remote.json["error"] == "local_only"
    public = client.get("/healthz", environ_base={"REMOTE_ADDR": "203.0.113.9"})
    assert public.status_code == 200 and "worker" not in public.json
    local = client.get("/healthz?worker=1", environ_base={"REMOTE_ADDR": "::1"})
    assert local.json["worker"]["ok"] is False  # it really asked, and nobody answered


@pytest.mark.database("sqlite")
def test_healthz_reports_an_unreachable_broker_without_failing(worker_env, app_for):
    from tests.support import free_port

    app = app_for({**worker_env, "REDIS_URL": f"redis://127.0.0.1:{free_port()}/0"})
    started = time.monotonic()
    response = app.test_client().get("/healthz")
    assert time.monotonic() - started < 10
    # Comments are still accepted and stored while the broker is down, so the
    # service is degraded, not down.
    assert response.status_code == 200
    assert response.json["database"] == {"ok": True}
    assert response.json["broker"]["ok"] is False
    assert response.json["status"] == "degraded"


@pytest.mark.database("sqlite")
def test_healthz_is_503_when_the_database_is_unreachable(worker_env, app_for):
    from tests.support import free_port

    app = app_for({**worker_env, "DATABASE_URL": f"postgresql://postgres@127.0.0.1:{free_port()}/none"})
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["database"]["ok"] is False


@pytest.mark.database("sqlite")
def test_flask_worker_ping_with_no_worker_says_so_in_one_line(worker_env, clean_redis, redis_url):
    env = {**worker_env, "REDIS_URL": redis_url, "FLASK_APP": "wsgi"}
    done = subprocess.run(
        [sys.executable, "-m", "flask", "worker", "ping", "--timeout", "1"],
        cwd=Path(__file__).resolve().parents[2], env=env, capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 1
    assert done.stderr.strip() == "no worker answered within 1 s (TimeoutError)", done.stderr


@pytest.mark.database("sqlite")
def test_the_worker_check_answers_the_unix_socket_but_not_a_proxied_client(worker_env, app_for, short_ping):
    client = app_for(worker_env).test_client()
    # gunicorn on a unix socket gives no address; nginx adds X-Forwarded-For.
    proxied = client.get("/healthz?worker=1", environ_base={"REMOTE_ADDR": ""},
                         headers={"X-Forwarded-For": "203.0.113.9"})
    assert proxied.status_code == 403
    socket_caller = client.get("/healthz?worker=1", environ_base={"REMOTE_ADDR": ""})
    assert "worker" in socket_caller.json
