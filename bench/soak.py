"""The whole system under load and faults: no comment that got a 202 is ever lost.

`python -m bench soak` (part of `make bench`) starts its own PostgreSQL
cluster and its own Redis in a temporary folder, so it can stop and restart
them freely without touching any shared server; then gunicorn with 2 workers,
2 Celery workers (concurrency 1 each) and Celery beat running the sweeper.
Clients submit comments the way the widget does: a new CAPTCHA challenge,
its answer read through the store's own Python interface (the HTTP API has no
backdoor), then the comment, honouring Retry-After on a 503. Meanwhile one
Celery worker is killed with SIGKILL and restarted, Redis is restarted with
its data dropped, and the database is stopped for a few seconds.

At the end it waits for the queue to drain and prints the answers counted by
status class and the comments by status. `lost` counts 202 answers without a
row and rows never scored; it must be 0. A 5xx that is not a clean 503 with
Retry-After, or a request left without an answer for 15 s, is a failure too.
`run_soak(300, 20)` is the short mode tests/integration/test_soak.py runs.
"""

from __future__ import annotations

import http.client
import json
import os
import random
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tools.processes import ServiceProcess, free_port, wait_for_port

__all__ = ["main", "run_soak", "format_table", "SoakError"]

BASE_DIR = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
ORIGIN = "https://blog.example"
CLIENT_TIMEOUT = 15.0  # an answer slower than this counts as a hang
DB_OUTAGE_SECONDS = 3.0
# Share of the comments accepted before each fault: worker SIGKILL, Redis emptied, database stopped.
FAULT_AT = (0.15, 0.45, 0.75)
WORDS = ("the", "post", "about", "gardens", "I", "think", "that", "really", "great", "thanks", "for",
         "writing", "and", "my", "tomatoes", "grew", "well", "this", "year", "after", "reading")
SPAM = ("buy cheap pills at http://bit.ly/x1 now", "subscribe to my channel!!! http://spam.example",
        "earn $5000 a week from home, call +1 555 123 4567")


class SoakError(RuntimeError):
    """A part of the system could not be started or checked."""


# --- the services this run owns ---------------------------------------------

class Postgres:
    """A throw-away PostgreSQL cluster: initdb, start, stop for an outage, start again."""

    def __init__(self, root: Path) -> None:
        self.data = Path(tempfile.mkdtemp(prefix="soak-pg-"))
        self.port = free_port()
        self.log = self.data / "postgres.log"
        if os.geteuid() == 0:
            # PostgreSQL refuses to run as root: hand its folder to its own user.
            shutil.chown(self.data, "postgres", "postgres")
            self.prefix = ["runuser", "-u", "postgres", "--"]
        else:
            self.prefix = []
        self._run([str(PG_BIN / "initdb"), "-D", str(self.data / "db"), "-U", "postgres",
                   "--auth=trust", "--no-sync", "-E", "UTF8"])

    @property
    def url(self) -> str:
        # connect_timeout: while the server is down a request fails in seconds, never hangs.
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/soak?connect_timeout=3"

    def _run(self, args: list[str]) -> None:
        result = subprocess.run([*self.prefix, *args], capture_output=True, text=True, timeout=120)
        if result.returncode != 0:
            raise SoakError(f"{Path(args[0]).name} failed: {result.stderr.strip() or result.stdout.strip()}")

    def start(self) -> None:
        options = (f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1 -c fsync=off "
                   "-c max_connections=200")
        self._run([str(PG_BIN / "pg_ctl"), "-D", str(self.data / "db"), "-o", options, "-l", str(self.log),
                   "-w", "-t", "60", "start"])

    def stop(self, mode: str = "fast") -> None:
        self._run([str(PG_BIN / "pg_ctl"), "-D", str(self.data / "db"), "-m", mode, "-w", "stop"])

    def create_database(self) -> None:
        import psycopg

        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres",
                             autocommit=True) as connection:
            connection.execute("CREATE DATABASE soak")

    def remove(self) -> None:
        try:
            self.stop("immediate")
        except (SoakError, subprocess.SubprocessError):
            pass
        shutil.rmtree(self.data, ignore_errors=True)


class Redis:
    """A private redis-server that keeps nothing on disk, so a restart drops every key."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        log = open(self.root / "redis.log", "ab")  # noqa: SIM115 - kept for the process's life
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.root), "--maxmemory-policy", "noeviction"],
            stdout=log, stderr=log, start_new_session=True)
        log.close()
        wait_for_port(self.port, 10, "redis-server", self.process)

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


def _service(name: str, args: list[str], env: dict[str, str], root: Path) -> ServiceProcess:
    """gunicorn or a Celery process in its own process group, logging to <root>/<name>.log."""
    return ServiceProcess(name, args, env, root / f"{name}.log")


# --- the clients ---------------------------------------------------------------

@dataclass
class Tally:
    """What the clients saw, shared by every client thread."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    answers: Counter = field(default_factory=Counter)  # status code -> count
    clean_503: int = 0
    unclean_5xx: list[str] = field(default_factory=list)
    hangs: int = 0
    hung: list[str] = field(default_factory=list)  # when each hung request was sent, and where
    refused: int = 0  # connection refused or reset: gunicorn restarting a worker
    accepted: list[int] = field(default_factory=list)
    given_up: int = 0
    during_outage: Counter = field(default_factory=Counter)

    def answer(self, status: int, headers: dict[str, str], outage: bool, what: str) -> None:
        with self.lock:
            self.answers[status] += 1
            if outage:
                self.during_outage[status] += 1
            if status == 503 and headers.get("retry-after", "").isdigit():
                self.clean_503 += 1
            elif status >= 500:
                self.unclean_5xx.append(f"{what}: {status} {headers.get('content-type', '')}")


class Client:
    """One keep-alive HTTP connection, like one commenter's browser."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.connection: http.client.HTTPConnection | None = None

    def post(self, path: str, payload: dict[str, Any]) -> tuple[int, dict[str, str], Any]:
        body = json.dumps(payload).encode()
        headers = {"Content-Type": "application/json", "Origin": ORIGIN, "Accept": "application/json",
                   "User-Agent": "soak/1.0", "Accept-Language": "en"}
        for attempt in (1, 2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=CLIENT_TIMEOUT)
            try:
                self.connection.request("POST", path, body=body, headers=headers)
                response = self.connection.getresponse()
                data = response.read()
            except (ConnectionError, http.client.RemoteDisconnected, http.client.BadStatusLine):
                # A kept-alive connection the server closed in between: reconnect once.
                self.close()
                if attempt == 2:
                    raise
                continue
            answer_headers = {k.lower(): v for k, v in response.getheaders()}
            if answer_headers.get("connection", "").lower() == "close":
                self.close()
            try:
                parsed = json.loads(data) if data else None
            except ValueError:
                parsed = None
            return response.status, answer_headers, parsed
        raise AssertionError("unreachable")

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def _comment_text(rng: random.Random, number: int) -> str:
    if rng.random() < 0.1:
        return f"{rng.choice(SPAM)} #{number}"
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 60))) + f" ({number})"


# --- the run -------------------------------------------------------------------

def _service_env(root: Path, pg: Postgres, redis: Redis, public_url: str, secret: str) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "APP_ENV": "production",
        "SECRET_KEY": secret,
        "INSTANCE_PATH": str(root / "instance"),
        "MODEL_DIR": str(root / "models"),
        "DATABASE_URL": pg.url,
        "REDIS_URL": redis.url,
        "PUBLIC_URL": public_url,
        # The soak measures loss, not limits: every client shares one address.
        "RATELIMIT_ENABLED": "false",
        # Long enough that a comment merely waiting in a busy queue is not
        # re-sent (each re-send is more queue), short enough to recover from
        # the Redis restart within the run.
        "SWEEP_AFTER_SECONDS": "30",
        "SWEEP_INTERVAL_SECONDS": "5",
        "BROKER_VISIBILITY_TIMEOUT": "10",
        "SCORE_RETRY_SECONDS": "0.5",
        "SCORE_RETRY_MAX_SECONDS": "4",
        "LOG_LEVEL": "INFO",
        "FLASK_APP": "wsgi",
        "PYTHONUNBUFFERED": "1",
    }


def _driver_app(env: dict[str, str], pool: int):
    """The soak's own app object: migrations, the site, CAPTCHA answers, the final count."""
    from config import load_config
    from moderation import create_app

    config = load_config({**env, "LOG_LEVEL": "WARNING"})
    config["SQLALCHEMY_ENGINE_OPTIONS"] = {"pool_pre_ping": True, "pool_size": pool, "max_overflow": 10,
                                           "pool_timeout": 10}
    return create_app(config)


def _wait_until_the_web_server_answers(port: int, timeout: float = 60.0) -> None:
    """The port opens when gunicorn's master binds it, seconds before its workers have imported
    the app; as a load balancer's health check would, wait for an answer before sending load, so
    a slow start is not counted as hangs."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SoakError(f"gunicorn answered no health check within {timeout:.0f} s")


def _with_db(app, fn: Callable[[], Any], give_up_after: float = 60.0) -> Any:
    """Run `fn` in an app context, retrying while the database is down."""
    from sqlalchemy.exc import SQLAlchemyError

    deadline = time.monotonic() + give_up_after
    while True:
        with app.app_context():
            try:
                return fn()
            except SQLAlchemyError:
                from models import db

                db.session.rollback()
                if time.monotonic() > deadline:
                    raise
        time.sleep(0.3)


def run_soak(total: int = 10_000, concurrency: int = 50, faults: bool = True,
             log: Callable[[str], None] = print, drain_timeout: float = 180.0,
             model_file: Path | None = None) -> dict[str, Any]:
    """Run the soak and return its counts; see the module docstring.

    `model_file`: a starter model already trained (a `.skops` file) to install instead of
    training one, which takes a core most of a minute and is not what the soak measures.
    """
    root = Path(tempfile.mkdtemp(prefix="soak-"))
    (root / "instance").mkdir()
    started = time.monotonic()
    pg = redis = app = None
    processes: list[ServiceProcess] = []
    try:
        log(f"soak: {total} comments, concurrency {concurrency}, faults {'on' if faults else 'off'}; "
            f"logs in {root}")
        pg = Postgres(root)
        pg.start()
        pg.create_database()
        redis = Redis(root)
        redis.start()
        web_port = free_port()
        env = _service_env(root, pg, redis, f"http://127.0.0.1:{web_port}", secrets.token_urlsafe(32))

        app = _driver_app(env, concurrency)
        with app.app_context():
            from flask_migrate import upgrade

            from models import ChallengeStore, Site, db

            upgrade(directory=str(BASE_DIR / "migrations"), revision="heads")
            site = Site(name="Soak blog", origins=[ORIGIN])
            db.session.add(site)
            db.session.commit()
            site_key = site.key
            ttl = app.config["CAPTCHA_TTL_SECONDS"]
            if model_file is not None:
                from models.spam_model import register_model
                from spam import SpamClassifier

                register_model(SpamClassifier.load(model_file), "starter", promote=True)
        if model_file is None:
            train = subprocess.run([str(BIN / "flask"), "spam", "train", "--starter"], cwd=BASE_DIR, env=env,
                                   capture_output=True, text=True, timeout=600)
            if train.returncode != 0:
                raise SoakError(f"flask spam train --starter failed: {train.stderr.strip()[-500:]}")

        gunicorn = _service("gunicorn", [str(BIN / "gunicorn"), "--workers", "2", "--threads", "4",
                                        "--timeout", "30", "--graceful-timeout", "10",
                                        "--bind", f"127.0.0.1:{web_port}", "wsgi:app"], env, root).start()
        processes.append(gunicorn)
        celery = [sys.executable, "-m", "celery", "-A", "workers.celery_app"]
        worker_args = [*celery, "worker", "--loglevel", "INFO", "--concurrency", "1",
                       "--without-gossip", "--without-mingle"]
        workers = [_service(f"worker-{n}", [*worker_args, "--hostname", f"soak{n}@%h"], env, root).start()
                   for n in (1, 2)]
        processes.extend(workers)
        beat = _service("beat", [*celery, "beat", "--loglevel", "INFO",
                                "--schedule", str(root / "beat-schedule")], env, root).start()
        processes.append(beat)
        wait_for_port(web_port, 60, "gunicorn", gunicorn.process)
        _wait_until_the_web_server_answers(web_port)

        tally = Tally()
        outage = threading.Event()
        next_number = iter(range(total))
        number_lock = threading.Lock()
        store = ChallengeStore(ttl)
        from moderation.challenges import puzzle_solution

        def answer_for(challenge_id: str) -> str | None:
            return _with_db(app, lambda: store.answer_for(challenge_id))

        def submit_one(client: Client, rng: random.Random, number: int) -> None:
            payload = {"site": site_key, "uri": f"/soak/post-{number % 100}", "page_title": "Soak post",
                       "author": f"Reader {number % 700}", "email": "", "title": "",
                       "body": _comment_text(rng, number), "website": ""}
            for _ in range(40):
                path = "/api/v1/captcha"
                try:
                    status, headers, data = client.post(path, {"site": site_key})
                    tally.answer(status, headers, outage.is_set(), "POST /api/v1/captcha")
                    if status != 201:
                        _back_off(headers)
                        continue
                    answer = answer_for(data["id"])
                    if answer is None:
                        continue
                    with app.app_context():  # the widget's proof of work, computed with the key
                        solution = puzzle_solution(data["id"], data["pow"]["max_number"])
                    body = {**payload, "captcha_id": data["id"], "captcha_answer": answer,
                            "form_token": data["form_token"], "pow": solution}
                    path = "/api/v1/comments"
                    status, headers, data = client.post(path, body)
                    tally.answer(status, headers, outage.is_set(), "POST /api/v1/comments")
                except TimeoutError:
                    with tally.lock:
                        tally.hangs += 1
                        sent = time.monotonic() - load_started - CLIENT_TIMEOUT
                        tally.hung.append(f"{sent:6.1f} s  {path}")
                    client.close()
                    continue
                except OSError:
                    with tally.lock:
                        tally.refused += 1
                    client.close()
                    time.sleep(0.5)
                    continue
                if status == 202:
                    with tally.lock:
                        tally.accepted.append(data["id"])
                    return
                _back_off(headers)
            with tally.lock:
                tally.given_up += 1

        # Each fault opens a gate: comments past its share of the load wait
        # until it has struck, so a fast load cannot finish before a fault and
        # requests are in flight during each one, the database outage included.
        gates = [(fraction, threading.Event()) for fraction in FAULT_AT] if faults else []

        def run_client(seed: int) -> None:
            client = Client(web_port)
            rng = random.Random(seed)
            while True:
                with number_lock:
                    number = next(next_number, None)
                if number is None:
                    break
                for fraction, struck in gates:
                    if number >= total * fraction:
                        struck.wait(timeout=300)
                submit_one(client, rng, number)
            client.close()

        fault_log: list[str] = []

        def inject_faults() -> None:
            def at(fraction: float) -> None:
                while len(tally.accepted) < total * fraction and any(t.is_alive() for t in clients):
                    time.sleep(0.05)

            def note(text: str) -> None:
                fault_log.append(f"{time.monotonic() - load_started:6.1f} s  {text}")

            (worker_at, worker_struck), (redis_at, redis_struck), (db_at, db_struck) = gates
            at(worker_at)
            workers[0].kill()
            note("SIGKILL celery worker 1")
            worker_struck.set()
            time.sleep(2)
            workers[0].start()
            note("worker 1 restarted")
            at(redis_at)
            redis.kill()
            note("redis-server killed; restarting empty")
            redis_struck.set()
            time.sleep(1)
            redis.start()
            note("redis-server back, no data")
            at(db_at)
            outage.set()
            pg.stop("fast")
            note(f"PostgreSQL stopped for {DB_OUTAGE_SECONDS:.0f} s")
            db_struck.set()
            time.sleep(DB_OUTAGE_SECONDS)
            pg.start()
            outage.clear()
            note("PostgreSQL back")

        load_started = time.monotonic()
        clients = [threading.Thread(target=run_client, args=(n,), daemon=True) for n in range(concurrency)]
        for thread in clients:
            thread.start()
        fault_thread = threading.Thread(target=inject_faults, daemon=True) if faults else None
        if fault_thread:
            fault_thread.start()
        for thread in clients:
            thread.join()
        load_seconds = time.monotonic() - load_started
        if fault_thread:
            fault_thread.join(timeout=120)
        for line in fault_log:
            log(f"  fault {line}")

        counts = _drain(app, tally.accepted, drain_timeout, log)
        result = {
            "total": total,
            "concurrency": concurrency,
            "faults": fault_log,
            "seconds_load": round(load_seconds, 1),
            "seconds_total": round(time.monotonic() - started, 1),
            "comments_per_second": round(len(tally.accepted) / load_seconds, 1) if load_seconds else 0.0,
            "requests": sum(tally.answers.values()),
            "answered_2xx": sum(n for s, n in tally.answers.items() if 200 <= s < 300),
            "answered_202": len(tally.accepted),
            "answered_4xx": sum(n for s, n in tally.answers.items() if 400 <= s < 500),
            "answered_5xx": sum(n for s, n in tally.answers.items() if s >= 500),
            "answered_503_retry_after": tally.clean_503,
            "unclean_5xx": tally.unclean_5xx[:20],
            "unclean_5xx_count": len(tally.unclean_5xx),
            "hangs": tally.hangs,
            "hung": tally.hung,
            "connection_errors": tally.refused,
            "given_up": tally.given_up,
            "answers_during_outage": dict(tally.during_outage),
            "status_codes": dict(sorted(tally.answers.items())),
            **counts,
        }
        if result["lost"] or result["unclean_5xx_count"] or result["hangs"]:
            for process in processes:
                log(f"--- {process.name} (last lines) ---\n{process.tail()}")
        return result
    finally:
        if app is not None:
            # Close the driver's pool before its database goes away, so no
            # half-open connection is left for the garbage collector.
            with app.app_context():
                from models import db

                db.session.remove()
                db.engine.dispose()
        for process in reversed(processes):
            process.stop()
        if redis is not None:
            redis.kill()
        if pg is not None:
            pg.remove()
        if not os.environ.get("SOAK_KEEP"):
            shutil.rmtree(root, ignore_errors=True)


def _back_off(headers: dict[str, str]) -> None:
    # Like the widget: wait as long as the server asked, a little less in a test.
    retry_after = headers.get("retry-after", "")
    time.sleep(min(float(retry_after), 5.0) if retry_after.isdigit() else 0.2)


def _drain(app, accepted: list[int], timeout: float, log: Callable[[str], None]) -> dict[str, Any]:
    """Wait until nothing is left `received`, then count rows by status and find lost comments."""
    from sqlalchemy import func, select

    from models import Comment, CommentStatus, db

    def by_status() -> dict[str, int]:
        rows = db.session.execute(select(Comment.status, func.count()).group_by(Comment.status)).all()
        return {status.value: count for status, count in rows}

    started = time.monotonic()
    statuses = _with_db(app, by_status)
    while statuses.get(CommentStatus.RECEIVED.value, 0) and time.monotonic() - started < timeout:
        time.sleep(1)
        statuses = _with_db(app, by_status)
    drain_seconds = time.monotonic() - started
    log(f"  drained in {drain_seconds:.1f} s")

    def find_lost() -> tuple[int, int, int]:
        ids = set(db.session.scalars(select(Comment.id)).all())
        missing = len(set(accepted) - ids)
        extra = len(ids - set(accepted))  # stored, but the client never saw the 202
        never_scored = statuses.get(CommentStatus.RECEIVED.value, 0)
        return missing, never_scored, extra

    missing, never_scored, extra = _with_db(app, find_lost)
    received_rows = sum(statuses.values())
    scored = received_rows - statuses.get("received", 0) - statuses.get("score_failed", 0)
    return {
        "rows": received_rows,
        "by_status": statuses,
        "scored": scored,
        "score_failed": statuses.get("score_failed", 0),
        "still_received": never_scored,
        "missing_rows": missing,
        "rows_without_202": extra,
        "lost": missing + never_scored,
        "seconds_drain": round(drain_seconds, 1),
    }


def format_table(result: dict[str, Any]) -> str:
    """Return the soak's table as printed by `python -m bench soak`."""
    rows = [
        ("comments submitted (202 wanted)", result["total"]),
        ("client concurrency", result["concurrency"]),
        ("requests sent", result["requests"]),
        ("answered 202 (comment accepted)", result["answered_202"]),
        ("answered 2xx (incl. 201 challenges)", result["answered_2xx"]),
        ("answered 4xx", result["answered_4xx"]),
        ("answered 5xx", result["answered_5xx"]),
        ("  of which clean 503 + Retry-After", result["answered_503_retry_after"]),
        ("  5xx that were not", result["unclean_5xx_count"]),
        ("no answer within 15 s (hang)", result["hangs"]),
        ("connection refused/reset", result["connection_errors"]),
        ("comments given up by clients", result["given_up"]),
        ("comments received (rows)", result["rows"]),
        ("  scored", result["scored"]),
        ("  score_failed", result["score_failed"]),
        ("  stored without the client seeing 202", result["rows_without_202"]),
        ("lost (202 without row + never scored)", result["lost"]),
        ("load phase, s", result["seconds_load"]),
        ("accepted comments/s under faults", result["comments_per_second"]),
        ("queue drained after load, s", result["seconds_drain"]),
    ]
    width = max(len(name) for name, _ in rows)
    lines = [f"{'measure':<{width}}  value", f"{'-' * width}  -----"]
    lines += [f"{name:<{width}}  {value}" for name, value in rows]
    lines.append(f"status codes: {result['status_codes']}")
    lines += [f"hung: sent at {line}" for line in result.get("hung", [])]
    lines.append(f"answers while the database was down: {result['answers_during_outage']}")
    lines.append(f"comments by status: {result['by_status']}")
    if result["unclean_5xx"]:
        lines.append(f"unclean 5xx: {result['unclean_5xx']}")
    lines.append(f"lost {result['lost']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """Run the full soak (10,000 comments at concurrency 50) and print its table.

    `python -m bench.soak [TOTAL [CONCURRENCY]] [--json] [--model FILE]`: with --json the last
    line printed is the result as JSON (the short soak test reads it); with --model the soak
    installs that trained starter model instead of training one.
    """
    argv = list(argv or [])
    as_json = "--json" in argv
    argv = [arg for arg in argv if arg != "--json"]
    model_file = None
    if "--model" in argv:
        at = argv.index("--model")
        model_file = Path(argv[at + 1])
        del argv[at:at + 2]
    total = int(argv[0]) if argv else 10_000
    concurrency = int(argv[1]) if len(argv) > 1 else 50
    result = run_soak(total, concurrency, drain_timeout=900.0, model_file=model_file)
    print(format_table(result), flush=True)
    if as_json:
        print(json.dumps(result), flush=True)
    if result["lost"] or result["unclean_5xx_count"] or result["hangs"]:
        raise SoakError(f"lost {result['lost']}, unclean 5xx {result['unclean_5xx_count']}, "
                        f"hangs {result['hangs']}")


if __name__ == "__main__":
    main(sys.argv[1:])
