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

import re
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from tools.processes import free_port

from .harness import (
    percentile,
    poll_until,
    scratch_database,
    scratch_redis,
    start_worker,
    store_comment,
    submit_paced,
    train_starter_model,
)

__all__ = ["main"]

RATE, SECONDS = 5, 20
TEXTS = [
    "Lovely write-up, the second photo of the bridge is my favourite one so far.",
    "I had the same problem with the boiler; the reset button under the panel fixed it.",
]
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
    from models import Moderator, Role, Site, Thread, db
    from workers.tasks import send_to_worker

    tmp = Path(tempfile.mkdtemp(prefix="bench-notify-"))
    try:
        with _Inbox() as inbox, scratch_redis(tmp) as broker:
            smtp = f"smtp://127.0.0.1:{inbox.port}"
            with scratch_database(tmp, "moderation_bench", broker=broker, LOG_LEVEL="WARNING",
                                  SMTP_URL=smtp) as database:
                app = database.app
                with app.app_context():
                    train_starter_model()
                    site = Site(name="Bench blog", spam_threshold=None)  # every comment reaches the queue
                    db.session.add(site)
                    db.session.flush()
                    moderator = Moderator(email="moderator@bench.example", role=Role.MODERATOR, sites=[site])
                    db.session.add(moderator)
                    thread = Thread(site_id=site.id, uri="/bench", title="Bench post")
                    db.session.add(thread)
                    db.session.commit()
                    site_id, thread_id = site.id, thread.id

                def store(i: int) -> int:
                    return store_comment(site_id, thread_id, i, f"{TEXTS[i % 2]} bench-mark-{i}")

                def mailed(ids: list[int]) -> Callable[[], bool]:
                    def all_arrived() -> bool:
                        with inbox.lock:
                            return all(i in inbox.arrived for i in ids)
                    return all_arrived

                env = {"DATABASE_URL": database.url, "REDIS_URL": broker, "SMTP_URL": smtp}
                args = ["--concurrency", "2", "-Q", "moderation,training,mail,webhooks"]
                log = tmp / "worker.log"
                with start_worker(tmp, env, args) as worker, app.app_context():
                    # Warm up: model loaded, templates compiled, connections open.
                    warm = list(range(1_000_000, 1_000_003))
                    for i in warm:
                        send_to_worker(store(i))
                    if not poll_until(mailed(warm), 120, worker, log, every=0.02):
                        raise RuntimeError(f"no mail within 120 s; see {log}")

                    submitted = {i: at for i, _, at in submit_paced(store, RATE, SECONDS)}
                    poll_until(mailed(list(submitted)), 60, worker, log, every=0.02)

        latencies = [(inbox.arrived[i] - t) * 1000 for i, t in submitted.items() if i in inbox.arrived]
        missing = len(submitted) - len(latencies)
        print(f"worker: 1 process, concurrency 2, every queue; {database.name}; Redis broker; starter model; "
              "aiosmtpd in the benchmark's process")
        load = f"({RATE}/s for {SECONDS} s)"
        print(f"{'measure':<48} {'value':>12}")
        for name, value in [
            (f"submit-to-moderator's-mail p50 {load}", f"{percentile(latencies, .5):.1f} ms"),
            (f"submit-to-moderator's-mail p95 {load}", f"{percentile(latencies, .95):.1f} ms"),
            ("submit-to-moderator's-mail max", f"{max(latencies):.1f} ms"),
            ("mails missing after 60 s", str(missing)),
        ]:
            print(f"{name:<48} {value:>12}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
