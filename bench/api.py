"""The public API under gunicorn: thread reads and comment submissions per second.

For SQLite and then PostgreSQL, start `gunicorn -w 2 wsgi:app` on a throw-away
database with its own redis-server (broker and rate-limit counters) when one
is installed, seed a thread of 30 approved comments (approved through
`models.decide`, so numbering and post counts are real) and drive it from
client processes over HTTP, one new connection per request:
- reads: `GET /api/v1/threads` of the 30-comment thread;
- challenges: `POST /api/v1/captcha`, all clients at once, as page views
  showing the form would; each answer is then read through
  `ChallengeStore.answer_for` on the same database (the API has no backdoor);
- submissions: `POST /api/v1/comments` with those challenges, CAPTCHA
  verification included; one counts when it is answered 202.
Rate limits stay on, raised far above the load, so their cost is measured.

Two more rows frame the figures (our budget: submissions at least 1.5 times as
fast as Isso's plain POST): Isso itself (pinned below, installed into
`.bench/isso` on first use, SQLite, its guard off so nothing is refused)
taking plain `POST /new` comments from the same clients, and an empty WSGI
app (`bench/empty_wsgi.py`), the most this machine serves through gunicorn
to these clients while they share its CPUs.
"""

from __future__ import annotations

import http.client
import json
import multiprocessing
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from tools.processes import RedisServer, free_port, redis_server

__all__ = ["main", "READ_BUDGET", "SUBMIT_BUDGET"]

READ_BUDGET = 1000
SUBMIT_BUDGET = 500
SECONDS = 6.0
CLIENTS = 6
# Challenges each client makes before the submissions; the submissions'
# window ends when the first client runs out.
PREPARED = 400
ISSO = "isso==0.14.0"
ORIGIN = "https://bench.example"
URI = "/2008/07/a-thread-of-thirty"
PG_ADMIN_URL = os.environ.get("BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
BASE_DIR = Path(__file__).resolve().parent.parent


def _env(tmp: Path, database_url: str, redis_url: str | None) -> dict[str, str]:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "APP_ENV": "production",
        "SECRET_KEY": "bench-secret-key-0123456789",
        "INSTANCE_PATH": str(tmp),
        "DATABASE_URL": database_url,
        "LOG_LEVEL": "WARNING",
        "RATELIMIT_CAPTCHA": "1000000/minute",
        "RATELIMIT_CAPTCHA_MEDIA": "1000000/minute",
        "RATELIMIT_COMMENTS": "1000000/minute",
    }
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def _app(env: dict[str, str]):
    sys.path.insert(0, str(BASE_DIR))
    from config import load_config
    from moderation import create_app

    return create_app(load_config(env))


def _seed(env: dict[str, str]) -> str:
    """Build the schema and a site with a thread of 30 approved comments; return the site key."""
    from flask_migrate import upgrade

    from models import Comment, DecisionAction, Site, Thread, author_key, db, decide

    app = _app(env)
    with app.app_context():
        upgrade(directory=str(BASE_DIR / "migrations"), revision="heads")
        site = Site(name="Bench blog", origins=[ORIGIN])
        db.session.add(site)
        db.session.flush()
        thread = Thread(site_id=site.id, uri=URI, title="A thread of thirty")
        db.session.add(thread)
        db.session.flush()
        ids = []
        for n in range(30):
            author = f"Reader {n % 7}"
            comment = Comment(site_id=site.id, thread_id=thread.id, author=author,
                              author_key=author_key(site.id, author, None),
                              body=f"Comment {n}: a link https://example.org/{n}.\n\nAnd a second.")
            db.session.add(comment)
            db.session.flush()
            ids.append(comment.id)
        db.session.commit()
        for comment_id in ids:
            decide(comment_id, DecisionAction.APPROVE, None)
        db.session.commit()
        key = site.key
        db.session.remove()
        db.engine.dispose()
    return key


def _request(port: int, method: str, path: str, body: dict | None = None) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        headers = {"Origin": ORIGIN}
        payload = None
        if body is not None:
            payload = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        connection.request(method, path, body=payload, headers=headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def _reader(port: int, key: str, seconds: float, results) -> None:
    path = f"/api/v1/threads?site={key}&uri={URI}"
    done = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        status, _ = _request(port, "GET", path)
        if status == 200:
            done += 1
    results.put(done)


def _submitter(port: int, key: str, seconds: float, env: dict[str, str], barrier, results) -> None:
    from models import ChallengeStore, db

    app = _app(env)
    barrier.wait()
    started = time.monotonic()
    challenges = []
    for _ in range(PREPARED):
        status, raw = _request(port, "POST", "/api/v1/captcha", {"site": key})
        if status == 201:
            challenges.append(json.loads(raw))
    made = (len(challenges), time.monotonic() - started)
    with app.app_context():
        store = ChallengeStore()
        answers = [store.answer_for(challenge["id"]) for challenge in challenges]
        db.session.remove()
        db.engine.dispose()

    barrier.wait()
    began = time.monotonic()  # CLOCK_MONOTONIC: one clock for every process here
    finished = []
    deadline = began + seconds
    for n, (challenge, answer) in enumerate(zip(challenges, answers, strict=True)):
        if time.monotonic() >= deadline:
            break
        status, _ = _request(port, "POST", "/api/v1/comments", {
            "site": key, "uri": f"/bench/{os.getpid()}/{n % 20}", "page_title": "Bench",
            "author": "Bench", "body": f"Submission {n} from {os.getpid()}.",
            "captcha_id": challenge["id"], "captcha_answer": answer,
            "form_token": challenge["form_token"], "website": "",
        })
        if status == 202:
            finished.append(time.monotonic())
    results.put((made, began, finished, time.monotonic()))


def _drive_submissions(port: int, key: str, env: dict[str, str]) -> tuple[float, float]:
    """Return (challenges/s, submissions/s) from CLIENTS client processes."""
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    barrier = context.Barrier(CLIENTS)
    processes = [context.Process(target=_submitter, args=(port, key, SECONDS, env, barrier, results))
                 for _ in range(CLIENTS)]
    for process in processes:
        process.start()
    outcomes = [results.get(timeout=SECONDS + 600) for _ in processes]
    for process in processes:
        process.join(timeout=30)
    made = sum(count for (count, _), _, _, _ in outcomes)
    challenges = made / max(elapsed for (_, elapsed), _, _, _ in outcomes)
    # Count only while every client was submitting: from the last start to
    # the first stop (its deadline, or its challenges running out).
    start = max(began for _, began, _, _ in outcomes)
    end = min(stopped for _, _, _, stopped in outcomes)
    done = sum(1 for _, _, times, _ in outcomes for t in times if start <= t <= end)
    return challenges, done / (end - start) if end > start else 0.0


def _isso_poster(port: int, _key: str, seconds: float, results) -> None:
    done = 0
    n = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        n += 1
        status, _ = _request(port, "POST", f"/new?uri=/bench/{os.getpid()}/{n % 20}", {
            "author": "Bench", "title": "Bench", "text": f"Submission {n} from {os.getpid()}.",
        })
        if status == 201:
            done += 1
    results.put(done)


def _drive(target, args: tuple, clients: int = CLIENTS, seconds: float = SECONDS) -> float:
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    processes = [context.Process(target=target, args=(*args[:2], seconds, *args[2:], results))
                 for _ in range(clients)]
    for process in processes:
        process.start()
    total = sum(results.get(timeout=seconds + 120) for _ in processes)
    for process in processes:
        process.join(timeout=30)
    # Each client counts over its own window of `seconds` once it has started,
    # so the windows overlap and the sum over one window is the rate.
    return total / seconds


def _serve(env: dict[str, str], port: int, log: Path, app: str = "wsgi:app",
           gunicorn: Path | None = None, ready: str = "/healthz") -> subprocess.Popen:
    gunicorn = gunicorn or Path(sys.executable).parent / "gunicorn"
    with open(log, "ab") as out:
        process = subprocess.Popen(
            [str(gunicorn), "-w", "2", "-b", f"127.0.0.1:{port}", "--log-level", "warning", app],
            cwd=BASE_DIR, env=env, stdout=out, stderr=out, start_new_session=True,
        )
    for _ in range(300):
        try:
            _request(port, "GET", ready)
            return process
        except OSError:
            time.sleep(0.1)
    _stop(process)
    raise RuntimeError(f"gunicorn did not start; see {log}")


def _stop(process: subprocess.Popen) -> None:
    import signal

    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def _own_redis(tmp: Path) -> tuple[RedisServer | None, str | None]:
    if shutil.which("redis-server") is None:
        return None, None
    server = redis_server(tmp).start()
    return server, server.url


def _run(backend: str) -> tuple[float, float, float, str]:
    import sqlalchemy as sa

    tmp = Path(tempfile.mkdtemp(prefix=f"bench-api-{backend}-"))
    admin = None
    name = None
    if backend == "sqlite":
        database_url = f"sqlite:///{tmp / 'bench.sqlite'}"
    else:
        admin = sa.create_engine(sa.make_url(PG_ADMIN_URL).set(drivername="postgresql+psycopg"),
                                 isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
        name = f"moderation_bench_{uuid.uuid4().hex[:10]}"
        with admin.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
        database_url = admin.url.set(database=name).render_as_string(hide_password=False)
    redis_process, redis_url = _own_redis(tmp)
    env = _env(tmp, database_url, redis_url)
    server = None
    try:
        key = _seed(env)
        port = free_port()
        server = _serve(env, port, tmp / "gunicorn.log")
        _drive(_reader, (port, key), clients=2, seconds=1.0)  # warm up both workers
        reads = _drive(_reader, (port, key))
        challenges, submissions = _drive_submissions(port, key, env)
        broker = "Redis" if redis_url else "SQLite (kombu)"
        return reads, challenges, submissions, broker
    finally:
        if server is not None:
            _stop(server)
        if redis_process is not None:
            redis_process.stop()
        if admin is not None:
            with admin.connect() as connection:
                connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
        shutil.rmtree(tmp, ignore_errors=True)


def _isso() -> float:
    """Isso's plain POST /new per second, same clients; raises if Isso cannot be installed."""
    venv = BASE_DIR / ".bench" / "isso"
    gunicorn = venv / "bin" / "gunicorn"
    if not (venv / f".{ISSO}").exists():
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet", ISSO, "gunicorn"],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        (venv / f".{ISSO}").touch()
    tmp = Path(tempfile.mkdtemp(prefix="bench-isso-"))
    port = free_port()
    (tmp / "isso.cfg").write_text(
        f"[general]\ndbpath = {tmp / 'comments.db'}\nhost = {ORIGIN}\n"
        "[moderation]\nenabled = false\n[guard]\nenabled = false\n"
    )
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp),
           "ISSO_SETTINGS": str(tmp / "isso.cfg")}
    server = _serve(env, port, tmp / "isso.log", app="isso.run:application", gunicorn=gunicorn,
                    ready="/info")
    try:
        _drive(_isso_poster, (port, ""), clients=2, seconds=1.0)
        return _drive(_isso_poster, (port, ""))
    finally:
        _stop(server)
        shutil.rmtree(tmp, ignore_errors=True)


def _empty() -> float:
    """Requests per second to an app that does nothing, served and driven the same way."""
    tmp = Path(tempfile.mkdtemp(prefix="bench-empty-"))
    port = free_port()
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp)}
    server = _serve(env, port, tmp / "gunicorn.log", app="bench.empty_wsgi:app", ready="/")
    try:
        return _drive(_reader, (port, ""))
    finally:
        _stop(server)
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> None:
    print(f"gunicorn -w 2 (sync workers), {CLIENTS} client processes, {SECONDS:.0f} s per measurement, "
          f"{os.cpu_count()} CPUs shared by server and clients")
    header = (f"{'server':<22}{'broker':<16}{'thread reads/s':>16}{'challenges/s':>14}"
              f"{'submissions/s':>15}   verdict")
    print(header)
    print("-" * len(header))
    for backend in ("sqlite", "postgresql"):
        try:
            reads, challenges, submissions, broker = _run(backend)
        except Exception as error:  # noqa: BLE001 - report and go on with the other database
            print(f"{'ours, ' + backend:<22}{'-':<16}{'failed':>16}   {type(error).__name__}: {error}")
            continue
        verdict = (f"reads {'PASS' if reads > READ_BUDGET else 'MISS'}, "
                   f"submissions {'PASS' if submissions > SUBMIT_BUDGET else 'MISS'}")
        print(f"{'ours, ' + backend:<22}{broker:<16}{reads:>16,.0f}{challenges:>14,.0f}{submissions:>15,.0f}"
              f"   {verdict}", flush=True)
    try:
        isso = _isso()
        print(f"{ISSO.replace('==', ' ') + ', sqlite':<22}{'-':<16}{'-':>16}{'-':>14}{isso:>15,.0f}"
              "   plain POST /new, no CAPTCHA, no queue", flush=True)
    except (subprocess.CalledProcessError, RuntimeError, OSError) as error:
        print(f"{'isso':<22}not measured: {type(error).__name__}: {error}", flush=True)
    empty = _empty()
    print(f"{'empty WSGI app':<22}{'-':<16}{empty:>16,.0f}{'-':>14}{'-':>15}"
          "   the ceiling here: one request = one connection", flush=True)
    print(f"budget: thread reads > {READ_BUDGET:,}/s, submissions (comment POST with its CAPTCHA "
          f"checked) > {SUBMIT_BUDGET:,}/s")


if __name__ == "__main__":
    main()
