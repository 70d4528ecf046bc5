"""Rate limits hold however many web processes there are: the counters are shared, never per process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from config import BASE_DIR, ConfigError, load_config, test_config
from models import Site, db
from moderation import create_app, ratelimit_store
from moderation.ratelimit_store import SQLiteCounters
from tests.support import free_port, wait_for_port

ORIGIN = "https://blog.example"


class Clock:
    """The file store's clock (its `time.time()`), moved on by the test instead of by sleeping."""

    def __init__(self) -> None:
        self.now = time.time()

    def time(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(ratelimit_store, "time", clock)
    return clock


def test_two_processes_counting_in_one_file_add_up(tmp_path, clock):
    uri = f"sqlite-counters:///{tmp_path / 'limits.sqlite'}"
    one, other = SQLiteCounters(uri), SQLiteCounters(uri)
    assert one.incr("k", 60) == 1
    assert other.incr("k", 60) == 2
    assert one.get("k") == other.get("k") == 2
    assert other.get_expiry("k") == clock.now + 60
    assert one.incr("short", 1) == 1
    clock.now += 0.99
    assert other.get("short") == 1
    clock.now += 0.02
    assert other.get("short") == 0 and other.incr("short", 1) == 1  # a new window
    other.clear("k")
    assert one.get("k") == 0
    assert one.check()
    assert os.stat(tmp_path / "limits.sqlite").st_mode & 0o077 == 0


@pytest.mark.parametrize("store", ["file", "redis"])
def test_a_refused_request_does_not_use_up_the_longer_window(make_app, tmp_path, store, request):
    # Windows are counted shortest first and counting stops at the first one
    # exceeded: someone refused by the short window still has the long one's
    # whole allowance once the short one ends, and the long window's refusal
    # says when the long window ends. The short window is ended, not waited for:
    # the file store's clock is moved on, Redis's counter is given a millisecond to live.
    if store == "redis":
        redis = request.getfixturevalue("clean_redis")
        uri = request.getfixturevalue("redis_url")

        def end_short_window() -> None:
            keys = redis.keys("*/2/3/second")
            assert len(keys) == 1 and 0 < redis.pttl(keys[0]) <= 3000
            redis.pexpire(keys[0], 1)
            time.sleep(0.01)
    else:
        uri = f"sqlite-counters:///{tmp_path / 'limits.sqlite'}"
        clock = request.getfixturevalue("clock")

        def end_short_window() -> None:
            clock.now += 3.01
    app = make_app(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI=uri,
                   RATELIMIT_CAPTCHA="2/3 seconds;3/minute")
    with app.app_context():
        site = Site(name="Blog", origins=[ORIGIN])
        db.session.add(site)
        db.session.commit()
        key = site.key
    client = app.test_client()

    def ask():
        return client.post("/api/v1/captcha", json={"site": key}, headers={"Origin": ORIGIN})

    first = [ask() for _ in range(3)]
    assert [a.status_code for a in first] == [201, 201, 429]
    assert 1 <= int(first[-1].headers["Retry-After"]) <= 3
    end_short_window()
    later = [ask() for _ in range(2)]
    assert [a.status_code for a in later] == [201, 429]  # the third of the minute, then the minute's refusal
    assert 3 < int(later[-1].headers["Retry-After"]) <= 60
    assert later[-1].json["error"] == "rate_limited"


def post_json(url: str, body: dict) -> int:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",  # noqa: S310
                                     headers={"Content-Type": "application/json", "Origin": ORIGIN})
    try:
        # Each gunicorn worker imports the app after the port opens; on a busy machine a worker's
        # first answer can take far longer than a request does.
        with urllib.request.urlopen(request, timeout=120) as answer:  # noqa: S310 - our own server
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.integration  # starts gunicorn
def test_a_limit_holds_across_two_gunicorn_workers(tmp_path: Path):
    database = f"sqlite:///{tmp_path / 'db.sqlite'}"
    app = create_app(test_config(tmp_path, SQLALCHEMY_DATABASE_URI=database))
    with app.app_context():
        db.create_all()
        site = Site(name="Blog", origins=[ORIGIN])
        db.session.add(site)
        db.session.commit()
        key = site.key
        db.engine.dispose()
    port = free_port()
    env = {**os.environ, "APP_ENV": "development", "INSTANCE_PATH": str(tmp_path), "DATABASE_URL": database,
           "SECRET_KEY": "test-secret-key-0123456789", "RATELIMIT_CAPTCHA": "3/minute"}
    env.pop("REDIS_URL", None)
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "--workers", "2", "--bind", f"127.0.0.1:{port}",
         "wsgi:app"], cwd=BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port, 30, "gunicorn", process)
        codes = [post_json(f"http://127.0.0.1:{port}/api/v1/captcha", {"site": key}) for _ in range(12)]
    finally:
        process.terminate()
        process.wait(timeout=30)
    # Per-process counters would let up to 3 through each worker.
    assert codes == [201] * 3 + [429] * 9, codes


def test_production_refuses_per_process_counters(tmp_path):
    env = {"APP_ENV": "production", "SECRET_KEY": "a-production-secret-0123456789",
           "INSTANCE_PATH": str(tmp_path)}
    settings = load_config(env)
    assert settings["RATELIMIT_STORAGE_URI"].startswith("sqlite-counters:///")  # shared without Redis
    create_app(settings)
    with pytest.raises(ConfigError, match="RATELIMIT_STORAGE_URI"):
        create_app({**settings, "RATELIMIT_STORAGE_URI": "memory://"})
