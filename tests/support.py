"""Test helpers: where the real services are, the skip-or-fail rule, processes, and shared constants.

Fixtures live in conftest.py and use these; test modules import from here (never from conftest or
bench). The rule not to break: a test whose real service is missing calls `service_missing`, which
skips it locally and fails it under `CI=true`, so CI can never go green by skipping.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

import pytest
from werkzeug.security import generate_password_hash

from config import BASE_DIR
from tools.processes import RedisServer, ServiceProcess, free_port, redis_server, wait_for_port

__all__ = [
    "IN_CI",
    "PASSWORD",
    "PASSWORD_HASH",
    "PG_ADMIN_URL",
    "REDIS_TEST_URL",
    "AXE",
    "axe_violations",
    "RedisServer",
    "SHARED_DATA",
    "ServiceProcess",
    "free_port",
    "redis_server",
    "service_missing",
    "wait_for_port",
    "wait_until",
    "worker_process",
]

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
PG_ADMIN_URL = os.environ.get("TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
REDIS_TEST_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
SHARED_DATA = Path(os.environ.get("SHARED_DATA", BASE_DIR.parent / "shared" / "data"))

# Every account a fixture makes signs in with this password. Its hash is made once here, with the
# method the console uses, because one scrypt hash costs about as much as a whole console test.
PASSWORD = "correct horse battery"
PASSWORD_HASH = generate_password_hash(PASSWORD, method="scrypt")

T = TypeVar("T")


def service_missing(what: str, how: str) -> None:
    """Skip (or, under CI=true, fail) a test whose real service is absent."""
    message = f"{what} is not available: {how}"
    if IN_CI:
        pytest.fail(f"CI=true: {message}", pytrace=False)
    pytest.skip(message)


def wait_until(condition: Callable[[], T], timeout: float, what: str,
               processes: Iterable[ServiceProcess] = ()) -> T:
    """Poll `condition` until it returns something true, and return that; fail the test after `timeout` s.

    OSError counts as "not yet" (a server still starting). The failure shows the processes' logs.
    """
    deadline = time.monotonic() + timeout
    while True:
        try:
            result = condition()
            if result:
                return result
        except OSError:
            pass
        if time.monotonic() > deadline:
            logs = "\n".join(f"--- {p.name} ---\n{p.tail(60)}" for p in processes)
            pytest.fail(f"timed out after {timeout:g} s waiting for {what}\n{logs}")
        time.sleep(0.05)


def worker_process(env: dict[str, str], log_path: Path, extra_args: list[str]) -> ServiceProcess:
    """A real `celery worker` process: `.start()`, `.kill()` (SIGKILL), `.stop()`, `.log()`."""
    args = [sys.executable, "-m", "celery", "-A", "workers.celery_app", "worker",
            "--loglevel", "INFO", "--concurrency", "1", "--without-gossip", "--without-mingle", *extra_args]
    return ServiceProcess("worker", args, env, log_path)


AXE = BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"


def axe_violations(page) -> list[dict]:
    """Run axe-core in a Playwright page; return its violations as {id, impact, nodes}.

    The source is evaluated through the DevTools protocol, not added as a <script>, so a page
    whose CSP forbids inline script (the console's) is checked as it is served.
    """
    if not AXE.exists():
        service_missing("axe-core", "run `npm ci` in the repository (make test does)")
    page.evaluate(AXE.read_text() + "\n;true")
    return page.evaluate("""async () => {
        const result = await axe.run(document, {resultTypes: ['violations']});
        return result.violations.map(v => ({id: v.id, impact: v.impact,
            nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 3)}));
    }""")
