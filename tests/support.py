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

from config import BASE_DIR, QUEUES
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
    "SmtpSink",
    "self_signed_certificate",
    "worker_process",
]

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
PG_ADMIN_URL = os.environ.get("TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


def _redis_url_for_this_process(url: str) -> str:
    """Give each pytest-xdist worker a Redis database of its own.

    Tests empty their database (`clean_redis` flushes it), so two workers on one database would
    wipe each other's rate-limit counters and queues. Worker gwN takes the database N below the
    configured one (wrapping at 0), so `make test-fast` on two workers uses 15 and 14.
    """
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if not worker.startswith("gw"):
        return url
    base, _, db = url.rpartition("/")
    if not db.isdigit():
        base, db = url.rstrip("/"), "0"
    return f"{base}/{(int(db) - int(worker[2:])) % 16}"


# `make test-fast` (HYPOTHESIS_PROFILE=fast): fewer Hypothesis examples, and tests that compare a
# fast path with the obvious one over a sample of the starter corpus take a smaller sample.
FAST_LOOP = os.environ.get("HYPOTHESIS_PROFILE") == "fast"

REDIS_TEST_URL = _redis_url_for_this_process(os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15"))
SHARED_DATA = Path(os.environ.get("SHARED_DATA", BASE_DIR.parent / "shared" / "data"))

# Every account a fixture makes signs in with this password. Its hash is made once here, with the
# console's method (scrypt) but a 32nd of its work factor: checking it is what every sign-in in the
# tests costs, and at the console's own factor one check costs about as much as a whole console
# test (0.1 s of CPU, a fifth of `make test-fast`). Hashes the console makes (set_password, the
# unknown-account dummy) keep the full factor.
PASSWORD = "correct horse battery"
PASSWORD_HASH = generate_password_hash(PASSWORD, method="scrypt:1024:8:1")

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
    """A real `celery worker` process: `.start()`, `.kill()` (SIGKILL), `.stop()`, `.log()`.

    It serves every queue (scoring, training, mail, webhooks) unless `extra_args` has its own -Q.
    """
    queues = [] if "-Q" in extra_args else ["-Q", ",".join(QUEUES)]
    args = [sys.executable, "-m", "celery", "-A", "workers.celery_app", "worker",
            "--loglevel", "INFO", "--concurrency", "1", "--without-gossip", "--without-mingle", *queues,
            *extra_args]
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


class SmtpSink:
    """A real SMTP server (aiosmtpd) on 127.0.0.1 that keeps every message it accepts.

    `SmtpSink(port).start()`; `.messages` are `email.message.EmailMessage`s, `.envelopes` the
    (from, to) pairs; `tls=(cert, key)` with `starttls=True` offers STARTTLS, with `implicit=True`
    speaks TLS from the first byte; `login=(user, password)` requires AUTH.
    """

    def __init__(self, port: int | None = None, *, tls: tuple[Path, Path] | None = None,
                 starttls: bool = False, implicit: bool = False,
                 login: tuple[str, str] | None = None) -> None:
        self.port = port or free_port()
        self.tls, self.starttls, self.implicit, self.login = tls, starttls, implicit, login
        self.messages: list = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.controller = None

    @property
    def url(self) -> str:
        scheme = "smtps" if self.implicit else "smtp"
        user = f"{self.login[0]}:{self.login[1]}@" if self.login else ""
        query = "?starttls=true" if self.starttls else ""
        return f"{scheme}://{user}127.0.0.1:{self.port}{query}"

    def start(self) -> SmtpSink:
        import ssl
        from email import message_from_bytes, policy

        from aiosmtpd.controller import Controller
        from aiosmtpd.smtp import AuthResult

        sink = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
                sink.messages.append(message_from_bytes(envelope.original_content or envelope.content,
                                                        policy=policy.default))
                sink.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
                return "250 OK"

        kwargs: dict = {}
        context = None
        if self.tls:
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(str(self.tls[0]), str(self.tls[1]))
        if self.starttls:
            kwargs.update(tls_context=context, require_starttls=True)
        if self.implicit:
            kwargs.update(ssl_context=context)
        if self.login:
            expected = self.login

            def authenticate(server, session, envelope, mechanism, auth_data):
                ok = (auth_data.login.decode(), auth_data.password.decode()) == expected
                return AuthResult(success=ok)

            # With STARTTLS, AUTH only after the upgrade. (aiosmtpd cannot tell that an implicit-TLS
            # connection is encrypted, so it is not asked to check there.)
            kwargs.update(authenticator=authenticate, auth_require_tls=self.starttls)
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port, **kwargs)
        self.controller.start()
        return self

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def to(self, address: str) -> list:
        return [m for m in self.messages if address in str(m["To"])]


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and localhost made with openssl; (cert, key)."""
    import subprocess

    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    return cert, key
