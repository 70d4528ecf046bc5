"""Notification benchmark: from a comment's submission to its moderator's mail, at light load.

A real `celery worker` (concurrency 2, every queue, as `make run` starts it) on a Redis server of
its own (or BENCH_REDIS_URL) and a temporary PostgreSQL database (SQLite when none answers at
BENCH_DATABASE_ADMIN_URL), the starter model, one site with one moderator who gets a mail per
comment, and a real SMTP server (aiosmtpd) in this process. Comments are committed and sent with
`send_to_worker` at RATE per second for SECONDS; "submitted" is the moment the row is committed,
"mailed" the moment the SMTP server has the whole message. In between: the broker, scoring, the
owed mail's row, the mail queue, rendering both parts and the SMTP conversation.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from config import BASE_DIR, test_config
from tools.processes import free_port

from .worker import _database, _percentile, _redis

__all__ = ["main"]

RATE, SECONDS = 5, 20
MARK = re.compile(rb"bench-mark-(\d+)")


class _Inbox:
    """An aiosmtpd server that notes when each comment's mail arrived."""

    def __init__(self) -> None:
        from aiosmtpd.controller import Controller

        self.port = free_port()
        self.arrived: dict[int, float] = {}
        self.lock = threading.Lock()
        inbox = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
                now = time.monotonic()
                found = MARK.search(envelope.original_content or envelope.content)
                if found:
                    with inbox.lock:
                        inbox.arrived.setdefault(int(found.group(1)), now)
                return "250 OK"

        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)

    def __enter__(self) -> _Inbox:
        self.controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.controller.stop()


def main() -> None:
    from flask_migrate import upgrade

    from models import Comment, Moderator, Role, Site, Thread, author_key, db
    from models.spam_model import register_model
    from moderation import create_app
    from spam import SpamClassifier, load_labelled_csv
    from workers.tasks import send_to_worker

    tmp = Path(tempfile.mkdtemp(prefix="bench-notify-"))
    db_url, db_name, drop_db = _database(tmp)
    broker, redis_proc = _redis(tmp)
    worker = None
    try:
        with _Inbox() as inbox:
            smtp = f"smtp://127.0.0.1:{inbox.port}"
            config = test_config(tmp, SQLALCHEMY_DATABASE_URI=db_url, LOG_LEVEL="WARNING", SMTP_URL=smtp)
            config["CELERY"] = {**config["CELERY"], "broker_url": broker, "result_backend": broker}
            app = create_app(config)
            with app.app_context():
                upgrade(revision="heads")
                samples, labels = load_labelled_csv(BASE_DIR / "data" / "starter_corpus.csv", "generic")
                model = SpamClassifier.train(samples, labels, sources=["starter"] * len(labels),
                                             evaluate_folds=0)
                register_model(model, "starter", promote=True)
                site = Site(name="Bench blog", spam_threshold=None)  # every comment reaches the queue
                db.session.add(site)
                db.session.flush()
                db.session.add(Moderator(email="moderator@bench.example", role=Role.MODERATOR, sites=[site]))
                thread = Thread(site_id=site.id, uri="/bench", title="Bench post")
                db.session.add(thread)
                db.session.commit()
                site_id, thread_id = site.id, thread.id

            env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": os.environ.get("HOME", "/tmp"),
                   "APP_ENV": "test", "SECRET_KEY": "test-secret-key-0123456789", "INSTANCE_PATH": str(tmp),
                   "DATABASE_URL": db_url, "REDIS_URL": broker, "LOG_LEVEL": "WARNING", "SMTP_URL": smtp}
            log = open(tmp / "worker.log", "ab")  # noqa: SIM115 - closed with the worker
            worker = subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "workers.celery_app", "worker", "--concurrency", "2",
                 "-Q", "moderation,training,mail,webhooks", "--without-gossip", "--without-mingle",
                 "--loglevel", "WARNING"], cwd=BASE_DIR, env=env, stdout=log, stderr=log,
                start_new_session=True)
            texts = [
                "Lovely write-up, the second photo of the bridge is my favourite one so far.",
                "I had the same problem with the boiler; the reset button under the panel fixed it.",
            ]

            def store(i: int) -> int:
                comment = Comment(site_id=site_id, thread_id=thread_id, author=f"Reader {i % 50}",
                                  author_key=author_key(site_id, f"Reader {i % 50}", None),
                                  body=f"{texts[i % 2]} bench-mark-{i}", seconds_to_submit=30.0)
                db.session.add(comment)
                db.session.commit()
                return comment.id

            def wait_for(ids: list[int], seconds: float) -> None:
                deadline = time.monotonic() + seconds
                while time.monotonic() < deadline:
                    with inbox.lock:
                        if all(i in inbox.arrived for i in ids):
                            return
                    if worker.poll() is not None:
                        raise RuntimeError(f"the worker died; see {tmp / 'worker.log'}")
                    time.sleep(0.02)

            with app.app_context():
                # Warm up: model loaded, templates compiled, connections open.
                warm = list(range(1_000_000, 1_000_003))
                for i in warm:
                    send_to_worker(store(i))
                wait_for(warm, 120)
                if not all(i in inbox.arrived for i in warm):
                    raise RuntimeError(f"no mail within 120 s; see {tmp / 'worker.log'}")

                submitted: dict[int, float] = {}
                start = time.monotonic()
                for i in range(RATE * SECONDS):
                    delay = start + i / RATE - time.monotonic()
                    if delay > 0:
                        time.sleep(delay)
                    cid = store(i)
                    submitted[i] = time.monotonic()
                    send_to_worker(cid)
                wait_for(list(submitted), 60)
                db.session.remove()
                db.engine.dispose()

        latencies = [(inbox.arrived[i] - t) * 1000 for i, t in submitted.items() if i in inbox.arrived]
        missing = len(submitted) - len(latencies)
        print(f"worker: 1 process, concurrency 2, every queue; {db_name}; Redis broker; starter model; "
              "aiosmtpd in the benchmark's process")
        load = f"({RATE}/s for {SECONDS} s)"
        print(f"{'measure':<48} {'value':>12}")
        for name, value in [
            (f"submit-to-moderator's-mail p50 {load}", f"{_percentile(latencies, .5):.1f} ms"),
            (f"submit-to-moderator's-mail p95 {load}", f"{_percentile(latencies, .95):.1f} ms"),
            ("submit-to-moderator's-mail max", f"{max(latencies):.1f} ms"),
            ("mails missing after 60 s", str(missing)),
        ]:
            print(f"{name:<48} {value:>12}")
    finally:
        if worker is not None:
            worker.kill()
            worker.wait(timeout=30)
        if redis_proc is not None:
            redis_proc.kill()
        if drop_db is not None:
            drop_db()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
