"""`make run`'s script starts web, worker and demo page; /healthz sees the worker; Ctrl-C stops all.

Run once on the embedded broker (no Redis server needed), stopped with Ctrl-C, and once on Redis,
stopped as a service manager does: SIGTERM to the script alone stops all three processes within ten
seconds. The banner's own command resets the admin's password with no variable set.
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

from config import BASE_DIR, load_config
from tests.starter_model import install_model
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


def _session_processes(session_id: int) -> dict[int, str]:
    """Every live process of a session (the script and all it started), pid -> command line."""
    found = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            command = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode().strip()
        except OSError:
            continue  # ended while we looked
        # After the command name: state, ppid, pgrp, session.
        if int(fields[3]) == session_id and fields[0] != "Z":
            found[int(stat.parent.name)] = command
    return found


@pytest.fixture
def prepared_instance(tmp_path, starter_file) -> Path:
    """An instance folder migrated and holding the starter model, as after a first `make run`.

    So the script starts in seconds instead of training for a minute or two on a busy machine
    (tests/test_spam_cli.py checks the one progress line that training prints).
    """
    from flask_migrate import upgrade

    from models import db
    from moderation import create_app

    instance = tmp_path / "instance"
    app = create_app(load_config({"INSTANCE_PATH": str(instance), "APP_ENV": "development"}))
    with app.app_context():
        upgrade()
        install_model(starter_file)
        db.engine.dispose()
    return instance


def _comment_on_the_demo_page(instance: Path, broker_env: dict[str, str]) -> int:
    """Store a comment on the demo site as the API does and hand it to `make run`'s worker."""
    from models import Comment, Site, Thread, author_key, db
    from moderation import create_app
    from workers.tasks import send_to_worker

    app = create_app(load_config({"INSTANCE_PATH": str(instance), "APP_ENV": "development", **broker_env}))
    with app.app_context():
        site = db.session.query(Site).filter_by(name="Demo blog").one()
        thread = Thread(site_id=site.id, uri="/make-run-check", title="Make run check")
        db.session.add(thread)
        db.session.flush()
        comment = Comment(site_id=site.id, thread_id=thread.id, author="Newcomer", body="",
                          author_key=author_key(site.id, "Newcomer", None))
        db.session.add(comment)
        db.session.flush()
        comment.body = f"Where does the mail go? The bench of comment {comment.id} is by the harbour."
        db.session.commit()
        comment_id = comment.id
        send_to_worker(comment_id)
        db.engine.dispose()
    return comment_id


@pytest.fixture(params=["embedded broker", "redis"])
def broker_env(request) -> dict[str, str]:
    if request.param == "redis":
        return {"REDIS_URL": request.getfixturevalue("redis_url")}
    return {}


def _stop(process: subprocess.Popen, how: str) -> None:
    """Stop `make run` as a person (Ctrl-C) or a service manager (SIGTERM) would; all three end."""
    started = time.monotonic()
    if how == "ctrl-c":
        # Ctrl-C in a terminal signals the whole foreground process group.
        os.killpg(process.pid, signal.SIGINT)
    else:
        # A service manager signals the main process only.
        process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=60 if how == "ctrl-c" else 30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        raise
    if how == "sigterm":
        deadline = started + 10
        while _session_processes(process.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        left = _session_processes(process.pid)
        assert not left, f"still running {time.monotonic() - started:.1f} s after SIGTERM: {left}"


def test_make_run_serves_health_demo_and_console_and_stops_on_ctrl_c_or_sigterm(
        tmp_path, broker_env, prepared_instance):
    api_port, demo_port = free_port(), free_port()
    log = tmp_path / "run.log"
    bin_dir = Path(sys.executable).parent
    env = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", "/tmp"),
        "VENV_BIN": str(bin_dir),
        "INSTANCE_PATH": str(prepared_instance),
        "PORT": str(api_port),
        "DEMO_PORT": str(demo_port),
        **broker_env,
    }
    # Each broker's run also stops one of the two ways, so both ways are tested without a third run
    # of the whole script (a minute of CPU: three flask commands, gunicorn, a worker, the demo).
    how = "sigterm" if broker_env else "ctrl-c"
    with open(log, "wb") as out:
        process = subprocess.Popen(["bash", "scripts/run.sh"], cwd=BASE_DIR, env=env, stdout=out,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    try:
        def healthy():
            status, body = get(f"http://127.0.0.1:{api_port}/healthz?worker=1", timeout=10)
            report = json.loads(body)
            return status == 200 and report["status"] == "ok" and report
        # The first run trains the starter model before the worker starts: a minute and a half on
        # a busy machine.
        report = wait_until(healthy, 300, "web app and worker", log)
        assert report["broker"]["transport"] == ("redis" if broker_env else "sqla+sqlite")

        output = wait_until(lambda: "New password:" in log.read_text() and log.read_text(), 120,
                            "the banner", log)
        assert "console password (shown once): " not in output  # it is in the banner, not above it
        assert "training the spam model" not in output  # the stored starter model is used
        assert f"http://127.0.0.1:{demo_port}/" in output

        # The banner ends with where to go, who to sign in as, and how to get a new password. The
        # processes' logs go on below it (the health checks above are in the access log).
        banner = output[output.index("Demo article"):].splitlines()
        banner = banner[:next(i for i, line in enumerate(banner) if "New password:" in line) + 1]
        assert banner[-3].split() == ["Moderator", "console:", f"http://127.0.0.1:{api_port}/moderate/"]
        assert banner[-2].split()[:4] == ["Sign", "in", "as:", "admin@example.com"]
        assert "Sign in as:                     admin@example.com  password " in output
        reset = banner[-1].split("New password:", 1)[1].strip()
        assert reset == (f"INSTANCE_PATH={prepared_instance} {bin_dir}/flask moderators set-password "
                         "admin@example.com")

        status, page = get(f"http://127.0.0.1:{demo_port}/")
        assert status == 200
        assert f'src="http://127.0.0.1:{api_port}/embed.js"'.encode() in page
        status, _ = get(f"http://127.0.0.1:{api_port}/moderate/login")
        assert status == 200

        # Without SMTP_URL a comment's mail to the moderator lands in the outbox and the log.
        assert f"Mail:                           kept in the outbox, http://127.0.0.1:{api_port}" in output
        comment_id = _comment_on_the_demo_page(prepared_instance, broker_env)
        wait_until(lambda: "outbox (no SMTP_URL): mail" in log.read_text()
                   and f"bench of comment {comment_id}" in log.read_text(), 120, "the moderator's mail", log)

        if how == "sigterm":
            # The banner's command works as printed, from the checkout, with no APP_ENV or SECRET_KEY.
            bare = {k: v for k, v in os.environ.items() if k not in ("APP_ENV", "SECRET_KEY", "FLASK_APP")}
            done = subprocess.run(["bash", "-c", reset], cwd=BASE_DIR, env=bare, capture_output=True,
                                  text=True, timeout=60)
            assert done.returncode == 0, done.stderr
            assert done.stdout.split("password (shown once): ")[1].strip()  # printed once

            commands = " | ".join(_session_processes(process.pid).values())
            assert "gunicorn" in commands and "celery" in commands and "moderation.demo" in commands
    finally:
        _stop(process, how)
    assert "stopped" in log.read_text().splitlines()[-1]
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
