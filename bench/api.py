"""The public API under gunicorn, driven by wrk, beside Isso in the same run.

`wrk` (a C load generator: Python clients would eat the CPU they measure)
drives `gunicorn -w 2 wsgi:app` on a throw-away SQLite database with its own
redis-server (broker and rate-limit counters), seeded with a thread of 30
approved comments (approved through `models.decide`, so numbering and post
counts are real). Every row runs `wrk -t2 -c16` for a few seconds:
- new challenge: `POST /api/v1/captcha`, each answer a new stored challenge;
- image: `GET /api/v1/captcha/ID.png` of prepared challenges, one per request;
- comment POST: `POST /api/v1/comments`, each body a different prepared
  challenge with its answer, its form token and its proof of work, all
  verified; only 202s count. The challenges are made through
  `ChallengeStore` and the puzzles answered through
  `challenges.puzzle_solution` (the API has no backdoor), written one JSON
  body a line to a file that bench/wrk/feed.lua hands out, each line once;
- thread read: `GET /api/v1/threads` of the 30-comment thread, and of a
  5,000-comment thread: its first page (100 comments) and the page a
  permalink to comment #4000 opens (`after=3989`).
Rate limits stay on, raised far above the load, so their cost is measured.
Isso (pinned below, installed into `.bench/isso` on first use, SQLite, its
guard off so nothing is refused) takes plain `POST /new` comments and reads
its own 30-comment thread, and an empty WSGI app (`bench/empty_wsgi.py`)
gives this machine's ceiling for one gunicorn request. Our budget: comment
POSTs at least 1.5 times Isso's plain POST, thread reads ten times its read.
Each row also gives the servers' CPU milliseconds per request (gunicorn's
processes, and for ours its Redis, read from /proc): on a shared machine the
rates swing with other people's load, the CPU a request costs much less.
Then, with both servers up at once, the comment POST rows and the 30-comment
thread reads again in PAIRED rounds, ours and Isso's back to back (the first
alternating), each POST round on fresh challenges: the POST rate mostly tracks
the disk's flush time and the read rate the other tenants' load, both drift
over a minute, so a ratio of two rows measured seconds apart moves less than
one of rows a minute apart; each budget's verdict is its median round's.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from tools.processes import RedisServer, free_port, redis_server

__all__ = ["main"]

SECONDS = 5
WRK = ["-t2", "-c16", f"-d{SECONDS}s", "--latency"]
# Comment bodies prepared: more than the fastest POST rate here can use in SECONDS.
PREPARED = 5000
IMAGES = 400
# Back-to-back rounds of ours and Isso's after the table, each POST round on PREPARED fresh challenges.
PAIRED = 3
ISSO = "isso==0.14.0"
ORIGIN = "https://bench.example"
URI = "/2008/07/a-thread-of-thirty"
LONG_URI = "/2008/08/a-thread-of-five-thousand"
LONG = 5000
BASE_DIR = Path(__file__).resolve().parent.parent
FEED = Path(__file__).resolve().parent / "wrk" / "feed.lua"


def _env(tmp: Path, database_url: str, redis_url: str | None) -> dict[str, str]:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "APP_ENV": "production",
        "SECRET_KEY": "bench-secret-key-0123456789",
        "INSTANCE_PATH": str(tmp),
        "DATABASE_URL": database_url,
        "LOG_LEVEL": "WARNING",
        # Production's windows (config.py), each raised far above the load: a limit of two
        # windows costs two counters, and the bench counts what production counts.
        "RATELIMIT_CAPTCHA": "1000000/minute;10000000/day",
        "RATELIMIT_CAPTCHA_MEDIA": "1000000/minute",
        "RATELIMIT_CAPTCHA_AUDIO": "1000000/minute;10000000/hour",
        "RATELIMIT_COMMENTS": "1000000/minute;10000000/day",
    }
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def _app(env: dict[str, str]):
    sys.path.insert(0, str(BASE_DIR))
    from config import load_config
    from moderation import create_app

    return create_app(load_config(env))


def _seed(env: dict[str, str]) -> tuple[int, str]:
    """Build the schema and a site with a thread of 30 approved comments; return its id and key."""
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
        _long_thread(site.id)
        site_id, key = site.id, site.key
        db.session.remove()
        db.engine.dispose()
    return site_id, key


def _long_thread(site_id: int) -> None:
    """5,000 published comments on one page, written as approval leaves them (rendered, numbered)."""
    from sqlalchemy import insert

    from models import Comment, Thread, author_key, db
    from models.render import render_body

    thread = Thread(site_id=site_id, uri=LONG_URI, title="A thread of five thousand",
                    approved_count=LONG, version=1)
    db.session.add(thread)
    db.session.flush()
    body = "A long thread: a link https://example.org/{n}.\n\nAnd a second paragraph."
    db.session.execute(insert(Comment), [
        {"site_id": site_id, "thread_id": thread.id, "author": f"Reader {n % 97}",
         "author_key": author_key(site_id, f"Reader {n % 97}", None), "body": body.format(n=n),
         "body_html": render_body(body.format(n=n)), "status": "approved", "number": n}
        for n in range(1, LONG + 1)])
    db.session.commit()


def _prepare(env: dict[str, str], site_id: int, key: str, tmp: Path,
             rounds: int = 1) -> tuple[list[Path], Path]:
    """Write the comment bodies (a file of PREPARED for each of `rounds`) and image paths wrk feeds,
    one a line; return the comment files and the image file."""
    from models import ChallengeStore, Site, db
    from moderation.challenges import form_token, puzzle_solution

    app = _app(env)
    comments, images = [tmp / f"comments-{r}.jsonl" for r in range(rounds)], tmp / "images.txt"
    with app.app_context(), open(images, "w") as paths:
        store = ChallengeStore(app.config["CAPTCHA_TTL_SECONDS"])
        size = db.session.get(Site, site_id).pow_max_number
        for path in comments:
            with open(path, "w") as bodies:
                for n in range(PREPARED):
                    challenge = store.create(site_id)
                    bodies.write(json.dumps({
                        "site": key, "uri": f"/bench/{n % 20}", "page_title": "Bench", "author": "Bench",
                        "body": f"Submission {n}.", "captcha_id": challenge.id,
                        "captcha_answer": challenge.answer, "form_token": form_token(challenge.id),
                        "website": "", "pow": puzzle_solution(challenge.id, size),
                    }) + "\n")
        for _ in range(IMAGES):
            paths.write(f"/api/v1/captcha/{store.create(site_id).id}.png\n")
        db.session.remove()
        db.engine.dispose()
    return comments, images


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




def _cpu_seconds(session: int, others: tuple[int, ...] = ()) -> float:
    """CPU seconds used so far by the processes of `session` (gunicorn's master and workers) and `others`.

    Read from /proc: on this shared machine the rate moves with everyone
    else's load, the CPU a request costs the servers much less. NaN elsewhere.
    """
    if not Path("/proc/self/stat").exists():
        return float("nan")
    ticks = 0
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            fields = Path(entry.path, "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone meanwhile
        # After the name: state, ppid, pgrp, session, ...; utime and stime are the 12th and 13th.
        if int(fields[3]) == session or int(entry.name) in others:
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def _settle(cpu: Callable[[], float], timeout: float = 60.0) -> None:
    """Wait for idle servers: requests wrk left queued (images to draw) must not count in the next row."""
    deadline = time.monotonic() + timeout
    last = cpu()
    while time.monotonic() < deadline:
        time.sleep(0.5)
        now = cpu()
        if now - last < 0.02:
            return
        last = now


def wrk(url: str, *, lua: Path | None = None, args: tuple[str, ...] = (),
        cpu: Callable[[], float] | None = None) -> dict[str, float]:
    """Run wrk against `url`; return successes per second (2xx and 3xx only), p50 and p99 in ms.

    With `cpu` (a reading of the servers' CPU seconds), also the servers' CPU
    milliseconds per request wrk completed.
    """
    if cpu:
        _settle(cpu)
    before = cpu() if cpu else float("nan")
    command = ["wrk", *WRK, *(["-s", str(lua)] if lua else []), url, *(["--", *args] if args else [])]
    out = subprocess.run(command, capture_output=True, text=True, check=True, timeout=SECONDS + 60).stdout
    done = re.search(r"(\d+) requests in ([\d.]+)(us|ms|s|m)\b", out)
    if done is None:
        raise RuntimeError(f"wrk printed no total: {out[-300:]}")
    seconds = float(done.group(2)) * {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}[done.group(3)]
    failed = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    ok = int(done.group(1)) - (int(failed.group(1)) if failed else 0)

    def percentile(name: str) -> float:
        found = re.search(rf"^\s+{name}%\s+([\d.]+)(us|ms|s|m)\s*$", out, re.MULTILINE)
        scale = {"us": 1e-3, "ms": 1.0, "s": 1000.0, "m": 60_000.0}
        return float(found.group(1)) * scale[found.group(2)] if found else float("nan")

    refused = (int(failed.group(1)) if failed else 0) + (sum(map(int, errors.groups())) if errors else 0)
    spent = (cpu() - before) if cpu else float("nan")
    return {"rate": ok / seconds, "p50": percentile("50"), "p99": percentile("99"), "failed": refused,
            "cpu_ms": spent * 1000 / max(int(done.group(1)), 1)}


class _Served:
    """A server wrk can drive: its address, a reading of its CPU seconds, and what to feed it."""

    def __init__(self, base: str, cpu: Callable[[], float], **feed: object) -> None:
        self.base, self.cpu, self.feed = base, cpu, feed


@contextmanager
def _our_server(tmp: Path, post_rounds: int = 1) -> Iterator[_Served]:
    redis_process, redis_url = _own_redis(tmp)
    env = _env(tmp, f"sqlite:///{tmp / 'bench.sqlite'}", redis_url)
    server = None
    try:
        site_id, key = _seed(env)
        comments, images = _prepare(env, site_id, key, tmp, post_rounds)
        port = free_port()
        server = _serve(env, port, tmp / "gunicorn.log")
        # gunicorn's processes and the Redis they use: Isso has no Redis to count.
        redis_pid = (redis_process.process.pid,) if redis_process and redis_process.process else ()
        yield _Served(f"http://127.0.0.1:{port}", lambda: _cpu_seconds(server.pid, redis_pid),
                      key=key, comments=comments, images=images)
    finally:
        if server is not None:
            _stop(server)
        if redis_process is not None:
            redis_process.stop()


def _our_post(ours: _Served, round_: int) -> dict[str, float]:
    """Comment POSTs, everything verified, on the round's own prepared challenges."""
    return wrk(f"{ours.base}/api/v1/comments", lua=FEED,
               args=("POST", ORIGIN, str(ours.feed["comments"][round_])), cpu=ours.cpu)


def _our_read(ours: _Served) -> dict[str, float]:
    """The 30-comment thread read, the one the budget compares with Isso's."""
    return wrk(f"{ours.base}/api/v1/threads?site={ours.feed['key']}&uri={URI}", cpu=ours.cpu)


def _ours(tmp: Path) -> dict[str, dict[str, float]]:
    with _our_server(tmp) as ours:
        base, key, cpu = ours.base, ours.feed["key"], ours.cpu
        rows = {}
        rows["new challenge"] = wrk(f"{base}/api/v1/captcha", lua=FEED,
                                    args=("POST", ORIGIN, "-", json.dumps({"site": key})), cpu=cpu)
        rows["image"] = wrk(base, lua=FEED, args=("GET", ORIGIN, str(ours.feed["images"])), cpu=cpu)
        rows["comment POST, all verified"] = _our_post(ours, 0)
        rows["thread read (30)"] = _our_read(ours)
        long = f"{base}/api/v1/threads?site={key}&uri={LONG_URI}"
        rows["thread read (5,000), page 1"] = wrk(long, cpu=cpu)
        rows["thread read (5,000), at #4000"] = wrk(f"{long}&after=3989", cpu=cpu)
        return rows


def _isso_venv() -> Path:
    venv = BASE_DIR / ".bench" / "isso"
    if not (venv / f".{ISSO}").exists():
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet", ISSO, "gunicorn"],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        (venv / f".{ISSO}").touch()
    return venv


@contextmanager
def _isso_server(tmp: Path) -> Iterator[_Served]:
    """Isso served the same way, with its own 30-comment thread."""
    venv = _isso_venv()
    port = free_port()
    (tmp / "isso.cfg").write_text(
        f"[general]\ndbpath = {tmp / 'comments.db'}\nhost = {ORIGIN}\n"
        "[moderation]\nenabled = false\n[guard]\nenabled = false\n"
    )
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp),
           "ISSO_SETTINGS": str(tmp / "isso.cfg")}
    server = _serve(env, port, tmp / "isso.log", app="isso.run:application",
                    gunicorn=venv / "bin" / "gunicorn", ready="/info")
    try:
        for n in range(30):
            status, _ = _request(port, "POST", f"/new?uri={URI}",
                                 {"author": f"Reader {n % 7}", "title": "A thread of thirty",
                                  "text": f"Comment {n}: and a second line."})
            assert status == 201, status
        yield _Served(f"http://127.0.0.1:{port}", lambda: _cpu_seconds(server.pid))
    finally:
        _stop(server)


def _isso_post(isso: _Served) -> dict[str, float]:
    body = json.dumps({"author": "Bench", "title": "Bench", "text": "A plain submission."})
    return wrk(f"{isso.base}/new?uri=/bench/isso", lua=FEED, args=("POST", ORIGIN, "-", body), cpu=isso.cpu)


def _isso_read(isso: _Served) -> dict[str, float]:
    return wrk(f"{isso.base}/?uri={URI}", cpu=isso.cpu)


def _isso(tmp: Path) -> dict[str, dict[str, float]]:
    """Isso's plain POST /new and its read of a 30-comment thread, served and driven the same way."""
    with _isso_server(tmp) as isso:
        return {"comment POST, plain": _isso_post(isso),
                "thread read (30)": _isso_read(isso)}


_Rounds = list[tuple[dict[str, float], dict[str, float]]]


def _alternating(mine: Callable[[int], dict[str, float]], theirs: Callable[[], dict[str, float]]) -> _Rounds:
    """PAIRED rounds of `mine(round)` and `theirs()` back to back; which goes first alternates."""
    rounds = []
    for r in range(PAIRED):
        if r % 2 == 0:
            ours = mine(r)
            isso = theirs()
        else:
            isso = theirs()
            ours = mine(r)
        rounds.append((ours, isso))
    return rounds


def _paired() -> dict[str, _Rounds]:
    """Both servers up: the comment POST's PAIRED rounds, then the 30-comment thread read's."""
    ours_tmp = Path(tempfile.mkdtemp(prefix="bench-api-"))
    isso_tmp = Path(tempfile.mkdtemp(prefix="bench-isso-"))
    try:
        with _our_server(ours_tmp, PAIRED) as ours, _isso_server(isso_tmp) as isso:
            return {"comment POST": _alternating(lambda r: _our_post(ours, r), lambda: _isso_post(isso)),
                    "thread read (30)": _alternating(lambda _: _our_read(ours), lambda: _isso_read(isso))}
    finally:
        shutil.rmtree(ours_tmp, ignore_errors=True)
        shutil.rmtree(isso_tmp, ignore_errors=True)


def _empty(tmp: Path) -> dict[str, float]:
    port = free_port()
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp)}
    server = _serve(env, port, tmp / "gunicorn.log", app="bench.empty_wsgi:app", ready="/")
    try:
        return wrk(f"http://127.0.0.1:{port}/", cpu=lambda: _cpu_seconds(server.pid))
    finally:
        _stop(server)


def _verify_cost(rounds: int = 20_000) -> float:
    """Microseconds to check one proof of work, as the comment POST does."""
    from moderation import proof_of_work

    key = os.urandom(32)
    puzzle = proof_of_work.issue(key, "ab" * 16, 3_000_000)
    solution = {"number": proof_of_work.known_solution(key, "ab" * 16, 3_000_000), "max_number": 3_000_000,
                "signature": puzzle.signature}
    started = time.perf_counter()
    for _ in range(rounds):
        assert proof_of_work.verify(key, "ab" * 16, solution) == "ok"
    return (time.perf_counter() - started) / rounds * 1e6


def _show_rounds(row: str, rounds: _Rounds, budget: float) -> None:
    print(f"{row}, ours and Isso's back to back, both servers up ({PAIRED} rounds):")
    rates, cpus = [], []
    for n, (mine, theirs) in enumerate(rounds, 1):
        rates.append(mine["rate"] / max(theirs["rate"], 1e-9))
        cpus.append(theirs["cpu_ms"] / max(mine["cpu_ms"], 1e-9))
        print(f"  round {n}: ours {mine['rate']:,.0f}/s {mine['cpu_ms']:.2f} ms CPU "
              f"(refused {mine['failed']:,}), Isso {theirs['rate']:,.0f}/s {theirs['cpu_ms']:.2f} ms CPU: "
              f"{rates[-1]:.2f}x by rate, "
              f"{cpus[-1]:.2f}x by CPU", flush=True)
    rate, cpu = statistics.median(rates), statistics.median(cpus)
    verdict = "PASS" if rate >= budget else "MISS"
    print(f"  median round: {rate:.2f}x by rate (budget {budget:g}x: {verdict}), {cpu:.2f}x by CPU")


def main() -> None:
    if shutil.which("wrk") is None:
        print("wrk is missing: not measured (make bench installs it: apt-get install -y wrk)")
        return
    print(f"wrk {' '.join(WRK)}; gunicorn -w 2 (sync workers); SQLite + Redis; {os.cpu_count()} CPUs "
          f"shared by wrk and the servers")
    header = (f"{'server':<14}{'row':<30}{'ok/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'refused':>9}"
              f"{'CPU ms/req':>12}")
    print(header)
    print("-" * len(header))

    def show(server: str, row: str, figures: dict[str, float]) -> None:
        print(f"{server:<14}{row:<30}{figures['rate']:>9,.0f}{figures['p50']:>9.1f}{figures['p99']:>9.1f}"
              f"{figures['failed']:>9,}{figures['cpu_ms']:>12.2f}", flush=True)

    results: dict[str, dict[str, dict[str, float]]] = {}
    for server, run in (("ours", _ours), ("isso 0.14.0", _isso)):
        tmp = Path(tempfile.mkdtemp(prefix="bench-api-"))
        try:
            results[server] = run(tmp)
        except (subprocess.CalledProcessError, RuntimeError, OSError) as error:
            print(f"{server:<14}not measured: {type(error).__name__}: {error}", flush=True)
            continue
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        for row, figures in results[server].items():
            show(server, row, figures)
    tmp = Path(tempfile.mkdtemp(prefix="bench-empty-"))
    try:
        show("empty WSGI", "GET /", _empty(tmp))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"proof-of-work check: {_verify_cost():.1f} µs per comment POST (one SHA-256 and one HMAC)")
    ours, isso = results.get("ours"), results.get("isso 0.14.0")
    if ours and isso:
        post = ours["comment POST, all verified"]["rate"] / max(isso["comment POST, plain"]["rate"], 1e-9)
        read = ours["thread read (30)"]["rate"] / max(isso["thread read (30)"]["rate"], 1e-9)
        print(f"ours / Isso: comment POST {post:.2f}x (budget 1.5x: {'PASS' if post >= 1.5 else 'MISS'}), "
              f"thread read {read:.1f}x (budget 10x: {'PASS' if read >= 10 else 'MISS'})")
        ours_cpu = ours["comment POST, all verified"]["cpu_ms"]
        isso_cpu = isso["comment POST, plain"]["cpu_ms"]
        print(f"server CPU per comment POST: ours {ours_cpu:.2f} ms (with Redis), Isso {isso_cpu:.2f} ms: "
              f"Isso's / ours {isso_cpu / max(ours_cpu, 1e-9):.2f}x, the ratio a busy machine moves least")
    if not (ours and isso):
        return
    paired = _paired()
    _show_rounds("comment POST", paired["comment POST"], 1.5)
    _show_rounds("thread read (30)", paired["thread read (30)"], 10)
