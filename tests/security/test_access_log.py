"""The web server's access log (as `make run` starts it) holds no full address and no one-time token."""

from __future__ import annotations

import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from config import BASE_DIR
from moderation.access_log import network_of, without_tokens
from tests.support import free_port, wait_for_port

SECRET = "Zq3sEcReT-invite-token_0123456789abcdef"


def fetch(url: str, referer: str | None = None) -> None:
    request = urllib.request.Request(url, headers={"Referer": referer} if referer else {})  # noqa: S310
    try:
        # gunicorn listens before its worker has imported the app: on a busy machine the first
        # answer can take far longer than a request does.
        urllib.request.urlopen(request, timeout=120).read()  # noqa: S310 - our own server
    except urllib.error.HTTPError:
        pass  # the answer does not matter, its log line does


@pytest.mark.integration  # starts gunicorn
def test_access_lines_keep_the_network_and_drop_invitation_secrets(tmp_path: Path):
    port = free_port()
    log = tmp_path / "access.log"
    env = {**os.environ, "APP_ENV": "development", "INSTANCE_PATH": str(tmp_path),
           "SECRET_KEY": "test-secret-key-0123456789", "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite'}"}
    env.pop("REDIS_URL", None)
    gunicorn = Path(sys.executable).parent / "gunicorn"
    process = subprocess.Popen(
        [str(gunicorn), "--workers", "1", "--bind", f"127.0.0.1:{port}", "--access-logfile", str(log),
         "--logger-class", "moderation.access_log.PrivateAccessLog", "wsgi:app"],
        cwd=BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port, 30, "gunicorn", process)
        base = f"http://127.0.0.1:{port}"
        fetch(f"{base}/moderate/invite/{SECRET}")
        fetch(f"{base}/healthz", referer=f"{base}/moderate/invite/{SECRET}?from=mail")
    finally:
        process.terminate()
        process.wait(timeout=30)
    text = log.read_text()
    lines = text.splitlines()
    assert len(lines) == 2, text
    assert SECRET not in text and "from=mail" not in text
    assert all(line.startswith("127.0.0.0/24 ") for line in lines), text
    assert "/moderate/invite/..." in lines[0] and "/healthz" in lines[1]


def test_the_helpers_keep_a_network_and_replace_only_the_secret():
    assert network_of("203.0.113.77") == "203.0.113.0/24"
    assert network_of("2001:db8:abcd:12::1") == "2001:db8:abcd::/48"
    assert network_of("unix:socket") == "-"
    assert without_tokens("GET /moderate/invite/abc-DEF_1 HTTP/1.1") == "GET /moderate/invite/... HTTP/1.1"
    assert without_tokens("/moderate/login") == "/moderate/login"
