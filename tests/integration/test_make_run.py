"""`make run`'s script starts web, worker and demo page; /healthz sees the worker; Ctrl-C stops all.

Run once on the embedded broker (no Redis server needed) and once on Redis.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from config import BASE_DIR
from tests.support import free_port

pytestmark = pytest.mark.integration


def get(url: str, timeout: float = 5.0) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - our own server
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def wait_until(check, timeout: float, what: str, log: Path):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            result = check()
            if result:
                return result
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"{what} not ready after {timeout:.0f} s; log:\n{log.read_text()[-4000:]}")


@pytest.fixture(params=["embedded broker", "redis"])
def broker_env(request) -> dict[str, str]:
    if request.param == "redis":
        return {"REDIS_URL": request.getfixturevalue("redis_url")}
    return {}


def test_make_run_serves_health_demo_and_console_and_stops_on_ctrl_c(tmp_path, broker_env):
    api_port, demo_port = free_port(), free_port()
    log = tmp_path / "run.log"
    env = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", "/tmp"),
        "VENV_BIN": str(Path(sys.executable).parent),
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "PORT": str(api_port),
        "DEMO_PORT": str(demo_port),
        **broker_env,
    }
    with open(log, "wb") as out:
        process = subprocess.Popen(["bash", "scripts/run.sh"], cwd=BASE_DIR, env=env, stdout=out,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    try:
        def healthy():
            status, body = get(f"http://127.0.0.1:{api_port}/healthz?worker=1", timeout=10)
            report = json.loads(body)
            return status == 200 and report["status"] == "ok" and report
        report = wait_until(healthy, 120, "web app and worker", log)
        assert report["broker"]["transport"] == ("redis" if broker_env else "sqla+sqlite")

        output = log.read_text()
        assert "console login (shown once): admin@example.com / " in output
        assert f"http://127.0.0.1:{demo_port}/" in output

        status, page = get(f"http://127.0.0.1:{demo_port}/")
        assert status == 200
        assert f'src="http://127.0.0.1:{api_port}/embed.js"'.encode() in page
        status, _ = get(f"http://127.0.0.1:{api_port}/moderate/login")
        assert status == 200
    finally:
        # Ctrl-C in a terminal signals the whole foreground process group.
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            raise
    # Nothing of ours is left listening.
    for port in (api_port, demo_port):
        with pytest.raises(OSError):
            get(f"http://127.0.0.1:{port}/healthz", timeout=2)


def test_run_script_refuses_to_make_up_a_production_secret_key(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "APP_ENV")}
    env.update(APP_ENV="production", INSTANCE_PATH=str(tmp_path / "instance"),
               VENV_BIN=str(Path(sys.executable).parent))
    done = subprocess.run(["bash", str(BASE_DIR / "scripts" / "run.sh")], env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 1
    assert "SECRET_KEY: required when APP_ENV=production" in done.stderr
    assert not (tmp_path / "instance" / "secret_key").exists()
