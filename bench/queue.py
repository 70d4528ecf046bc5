"""The moderator queue page with 100,000 pending comments over 20 sites (budget: 100 ms).

Builds a throw-away PostgreSQL database with the migrations, fills it with
COPY, then times the queue view server-side (Flask test client, no network)
for an admin (all sites, index (status, score, id)) and for a moderator of one
site (index (site_id, status, score, id)), on page 1 and deep in the queue by
keyset cursor, and with the search box: a common word (many matches, the scan stops at a page)
and one commenter's address (one match, every pending comment is read). Each page also counts
the comments of each status. Prints p50/p95 per case and PASS or MISS against the budget, and
the plan PostgreSQL picks for the deepest admin page.
"""

from __future__ import annotations

import os
import random
import statistics
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path

import psycopg
import sqlalchemy as sa

BUDGET_MS = 100.0
COMMENTS = int(os.environ.get("BENCH_QUEUE_COMMENTS", 100_000))
SITES = 20
REQUESTS = int(os.environ.get("BENCH_QUEUE_REQUESTS", 60))
ADMIN_URL = os.environ.get("BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


def _fill(dsn: str) -> None:
    from models import author_key, utcnow

    now = utcnow()
    rng = random.Random(7)
    with psycopg.connect(dsn) as conn, conn.cursor() as cur:
        cur.executemany("INSERT INTO sites (key, name, origins, spam_threshold, hold_links_over, "
                        "auto_approve_trusted, auto_approve_below, content_version, created_at) "
                        "VALUES (%s, %s, %s, 0.99, 2, false, 0.1, 0, %s)",
                        [(f"bench{i}", f"Bench site {i}", f'["https://s{i}.example"]', now)
                         for i in range(1, SITES + 1)])
        cur.executemany("INSERT INTO threads (site_id, uri, title, version, approved_count, created_at) "
                        "VALUES (%s, %s, %s, 0, 0, %s)",
                        [(s, f"/post-{t}", f"Post {t}", now) for s in range(1, SITES + 1) for t in range(50)])
        reasons = '[{"feature": "links", "text": "2 links to other sites", "weight": 1.2}, ' \
                  '{"feature": "w:free", "text": "the word \'free\'", "weight": 0.8}]'
        with cur.copy("COPY comments (site_id, thread_id, author, email, author_key, title, body, status, "
                      "score, reasons, honeypot, signals, user_agent, score_attempts, created_at) "
                      "FROM STDIN") as copy:
            for i in range(COMMENTS):
                site = i % SITES + 1
                thread = (site - 1) * 50 + rng.randrange(50) + 1
                author = f"Reader {rng.randrange(5000)}"
                copy.write_row((site, thread, author, f"r{i}@example.org", author_key(site, author, None),
                                "", f"Comment number {i}: thoughts about the post, some longer text " * 3,
                                "pending", round(rng.random(), 6), reasons, False, "{}", "bench", 1,
                                now - timedelta(seconds=COMMENTS - i)))
        conn.commit()
        cur.execute("ANALYZE")


def _deep_cursor(app, site_id: int | None, page_number: int, per_page: int) -> str:
    from models import Comment, CommentStatus, db
    from moderation.console.queue import _encode

    query = sa.select(Comment).where(Comment.status == CommentStatus.PENDING)
    if site_id:
        query = query.where(Comment.site_id == site_id)
    row = db.session.scalars(query.order_by(Comment.score.desc(), Comment.id.desc())
                             .offset((page_number - 1) * per_page - 1).limit(1)).one()
    return _encode(row, "score_desc")


def _time(client, url: str) -> tuple[float, float]:
    samples = []
    for i in range(REQUESTS + 5):
        started = time.perf_counter()
        answer = client.get(url)
        elapsed = (time.perf_counter() - started) * 1000
        assert answer.status_code == 200, (url, answer.status_code)
        if i >= 5:  # warm-up
            samples.append(elapsed)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def main() -> None:
    from flask_migrate import upgrade

    from config import test_config
    from models import Moderator, Role, Site, db
    from moderation import create_app
    from moderation.console.queue import PER_PAGE

    admin_engine = sa.create_engine(sa.make_url(ADMIN_URL), isolation_level="AUTOCOMMIT")
    name = f"bench_queue_{uuid.uuid4().hex[:8]}"
    with admin_engine.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = sa.make_url(ADMIN_URL).set(database=name)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            app = create_app(test_config(Path(tmp), SQLALCHEMY_DATABASE_URI=url.render_as_string(False)))
            with app.app_context():
                upgrade(revision="heads")
                started = time.perf_counter()
                _fill(url.set(drivername="postgresql").render_as_string(False))
                print(f"filled {COMMENTS:,} pending comments over {SITES} sites "
                      f"in {time.perf_counter() - started:.1f} s; {REQUESTS} timed requests per case")
                admin = Moderator(email="admin@bench.example", role=Role.ADMIN)
                one_site = db.session.get(Site, 1)
                moderator = Moderator(email="mod@bench.example", role=Role.MODERATOR, sites=[one_site])
                for person in (admin, moderator):
                    person.set_password("bench password")
                db.session.add_all([admin, moderator])
                db.session.commit()
                per_site = COMMENTS // SITES
                deep_site_page = per_site // PER_PAGE
                cases = [
                    ("admin, all sites", admin.email, None, 1, ""),
                    ("admin, all sites", admin.email, None, 1000, ""),
                    ("moderator, 1 site", moderator.email, 1, 1, ""),
                    ("moderator, 1 site", moderator.email, 1, deep_site_page, ""),
                    ("admin, search 'reader 42'", admin.email, None, 1, "reader 42"),
                    ("admin, search one address", admin.email, None, 1, f"r{COMMENTS // 2}@example.org"),
                    ("moderator, search one address", moderator.email, 1, 1, f"r{COMMENTS // 2}@example.org"),
                ]
                rows = []
                for label, email, site_id, number, search in cases:
                    client = app.test_client()
                    client.post("/moderate/login", data={"email": email, "password": "bench password"})
                    url_path = "/moderate/?sort=score_desc"
                    if number > 1:
                        url_path += f"&after={_deep_cursor(app, site_id, number, PER_PAGE)}"
                    if search:
                        url_path += "&q=" + search.replace(" ", "+").replace("@", "%40")
                    p50, p95 = _time(client, url_path)
                    rows.append((label, number, p50, p95))
                print(f"\n{'queue page (by score, 50 a page)':36} {'page':>6} {'p50 ms':>8} {'p95 ms':>8} "
                      f"{'budget':>7}  result")
                for label, number, p50, p95 in rows:
                    verdict = "PASS" if p95 < BUDGET_MS else "MISS"
                    print(f"{label:36} {number:>6} {p50:>8.1f} {p95:>8.1f} {BUDGET_MS:>7.0f}  {verdict}")
                cursor = _deep_cursor(app, None, 1000, PER_PAGE).split("~")
                plan = db.session.execute(sa.text(
                    "EXPLAIN SELECT id FROM comments WHERE status = 'pending' AND score IS NOT NULL "
                    "AND (score, id) < (:s, :i) ORDER BY score DESC, id DESC LIMIT 51"),
                    {"s": float(cursor[1]), "i": int(cursor[2])}).scalars().all()
                print("\nplan of the admin's page 1,000: " + " / ".join(p.strip() for p in plan[:3]))
                db.session.remove()
                db.engine.dispose()
    finally:
        with admin_engine.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin_engine.dispose()


if __name__ == "__main__":
    main()
