"""Import speed and memory: a generated 100,000-comment WordPress export into SQLite and PostgreSQL.

Writes a WXR of BENCH_IMPORT_COMMENTS comments (1,000 posts; approved, pending, spam, trash,
pingbacks and replies in realistic shares) into a temporary folder, then runs
`flask import wordpress` on it as a child process for each database, once into an empty site and
once more (everything "already imported"). Prints comments per second (of importing: the command's
start-up, timed with `--help`, is taken off) and the child's peak resident memory from wait4(), which
is what the import itself used.
Pending comments go to an in-memory broker, so the broker's own speed is not part of the figure.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import sqlalchemy as sa

from tools.exports import write_wxr

COMMENTS = int(os.environ.get("BENCH_IMPORT_COMMENTS", 100_000))
POSTS = max(1, COMMENTS // 100)
ADMIN_URL = os.environ.get("BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
ROOT = Path(__file__).resolve().parent.parent

def _env(tmp: Path, database_url: str) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "APP_ENV": "test",
        "SECRET_KEY": "bench-secret-key-0123456789",
        "INSTANCE_PATH": str(tmp),
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": "memory://",
        "LOG_LEVEL": "WARNING",
        "FLASK_APP": "wsgi",
    }


def _prepare(tmp: Path, database_url: str) -> str:
    """Build the schema with the migrations and register the site; return its key."""
    from flask_migrate import upgrade

    from config import test_config
    from models import Site, db
    from moderation import create_app

    app = create_app(test_config(tmp, SQLALCHEMY_DATABASE_URI=database_url))
    with app.app_context():
        upgrade(revision="heads")
        site = Site(name="Bench blog", origins=["https://bench.example"])
        db.session.add(site)
        db.session.commit()
        key = site.key
        db.engine.dispose()
    return key


def _run_import(tmp: Path, database_url: str, key: str, wxr: Path, *extra: str) -> tuple[float, float, str]:
    """Run `flask import wordpress` as a child; return (seconds, peak RSS in MB, the report's first line)."""
    flask = Path(sys.executable).with_name("flask")
    started = time.perf_counter()
    errors = tmp / "import.err"
    with open(errors, "w") as stderr:
        child = subprocess.Popen([str(flask), "import", "wordpress", str(wxr), "--site", key, *extra],
                                 cwd=ROOT, env=_env(tmp, database_url),
                                 stdout=subprocess.PIPE, stderr=stderr, text=True)
        output = child.stdout.read() if child.stdout else ""
        _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise RuntimeError(f"import failed ({child.returncode}): {errors.read_text()[-1500:]}")
    return elapsed, usage.ru_maxrss / 1024, output.splitlines()[0] if output else ""


def _count(database_url: str) -> int:
    engine = sa.create_engine(database_url)
    with engine.connect() as connection:
        count = connection.execute(sa.text("SELECT count(*) FROM comments")).scalar_one()
    engine.dispose()
    return count


def main() -> None:
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        wxr = tmp / "bench.xml"
        started = time.perf_counter()
        size = write_wxr(wxr, COMMENTS)
        print(f"generated {COMMENTS:,} comments in {POSTS:,} posts: {size / 1e6:.1f} MB of WXR "
              f"in {time.perf_counter() - started:.1f} s")
        databases = [("SQLite", f"sqlite:///{tmp / 'bench.sqlite'}", None)]
        admin = sa.create_engine(sa.make_url(ADMIN_URL), isolation_level="AUTOCOMMIT")
        name = f"bench_import_{uuid.uuid4().hex[:8]}"
        try:
            with admin.connect() as connection:
                connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
            url = sa.make_url(ADMIN_URL).set(database=name).render_as_string(False)
            databases.append(("PostgreSQL", url, name))
        except sa.exc.OperationalError:
            print("PostgreSQL is not reachable: SQLite only")
        try:
            for label, url, _ in databases:
                key = _prepare(tmp, url)
                # The command's own start-up (the app and its imports), timed on an import that stops
                # at once, is taken off each run's time for the comments-per-second figure.
                startup, _, _ = _run_import(tmp, url, key, wxr, "--help")
                for run in ("first import", "same file again"):
                    seconds, peak, first_line = _run_import(tmp, url, key, wxr)
                    rows.append((label, run, _count(url), seconds, seconds - startup, peak, first_line))
        finally:
            for _, _, db_name in databases:
                if db_name:
                    with admin.connect() as connection:
                        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)'))
            admin.dispose()
    print(f"\n{'database':<11} {'run':<16} {'in file':>8} {'stored':>8} {'seconds':>8} {'importing':>10} "
          f"{'comments/s':>11} {'peak RSS MB':>12}")
    for label, run, stored, seconds, working, peak, _ in rows:
        print(f"{label:<11} {run:<16} {COMMENTS:>8,} {stored:>8,} {seconds:>8.1f} {working:>10.1f} "
              f"{COMMENTS / working:>11,.0f} {peak:>12.0f}")
    print("seconds: the whole command; importing: without its start-up; comments/s: comments in the file "
          "per second of importing")
    for label, run, *_, first_line in rows:
        print(f"{label}, {run}: {first_line}")


if __name__ == "__main__":
    main()
