"""Shared fixtures: an app per test on SQLite and on PostgreSQL, real Redis, worker processes, Chromium.

Every test that takes `app` (or `client`, `runner`, `site`) runs twice: once on a fresh SQLite
file and once on PostgreSQL (`TEST_DATABASE_URL`, or the local server at 127.0.0.1:5432);
`--db sqlite` keeps only the first, for the edit-run loop. A missing service skips its tests
with a message saying how to get it; under `CI=true` it fails them instead
(`tests.support.service_missing`). Tests under tests/browser and tests/integration are marked
`browser` and `integration` here, so `make test-fast` can leave them out.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from hypothesis import settings
from jinja2.bccache import Bucket, BytecodeCache

from config import test_config
from models import Site, db
from moderation import ModerationApp, create_app
from tests.starter_model import starter_model_file
from tests.support import (
    PG_ADMIN_URL,
    REDIS_TEST_URL,
    SHARED_DATA,
    ServiceProcess,
    SmtpSink,
    service_missing,
    worker_process,
)

TESTS = Path(__file__).resolve().parent
MARK_BY_FOLDER = {TESTS / "browser": "browser", TESTS / "integration": "integration"}


def _compile_each_url_builder_once() -> None:
    """Every test builds an app, and Werkzeug writes and compiles Python source for each of the
    app's URL rules every time: about 0.1 s of CPU an app, more than half of `make test-fast`.

    A rule's builder is a pure function of the rule's text, its parsed parts, its defaults and
    whether unknown arguments are appended (everything else it reads through the rule it is
    bound to), so the test process compiles each one once. Applications never need this: they
    build their one app per process. Where Werkzeug changes these internals, this does nothing.
    """
    from werkzeug.routing.rules import Rule

    compile_builder = getattr(Rule, "_compile_builder", None)
    if compile_builder is None or getattr(compile_builder, "cached", False):
        return
    builders: dict[tuple, object] = {}

    def cached(self: Rule, append_unknown: bool = True):  # noqa: ANN202 - Werkzeug's own type
        key = (self.rule, tuple(self._trace), repr(sorted((self.defaults or {}).items())), append_unknown)
        if key not in builders:
            builders[key] = compile_builder(self, append_unknown)
        return builders[key]

    cached.cached = True
    Rule._compile_builder = cached


def _parse_each_url_rule_once() -> None:
    """Every app parses each of its URL rules' text again: a third of what building an app costs.

    A rule's parts are a pure function of its text and the map's converters; besides returning
    them, parsing notes the rule's trace, converters and arguments, which a cached parse notes
    again. Converters made for one app serve the others (they keep their map but never read it).
    Where Werkzeug changes these internals, this does nothing.
    """
    from werkzeug.routing.rules import Rule

    parse_rule = getattr(Rule, "_parse_rule", None)
    if parse_rule is None or getattr(parse_rule, "cached", False):
        return
    parsed: dict[tuple, tuple] = {}

    def cached(self: Rule, rule: str):  # noqa: ANN202 - Werkzeug's own type
        key = (rule, frozenset(self.map.converters.items()))
        if key not in parsed:
            trace, converters = len(self._trace), set(self._converters)
            parts = list(parse_rule(self, rule))
            added = {name: c for name, c in self._converters.items() if name not in converters}
            parsed[key] = (parts, self._trace[trace:], added)
            return parts
        parts, trace, added = parsed[key]
        self._trace.extend(trace)
        self._converters.update(added)
        self.arguments.update(added)
        return list(parts)

    cached.cached = True
    Rule._parse_rule = cached


_compile_each_url_builder_once()
_parse_each_url_rule_once()


class _TemplateCode(BytecodeCache):
    """Each template's compiled code, kept in memory for every app the test process builds.

    Every test builds an app, and each app's Jinja environment would lex, parse and compile every
    template it renders again: the largest single cost of the console tests. Jinja keys a
    template's code by its name and file and checks it against a hash of the source, so an edited
    template is compiled afresh.
    """

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


ModerationApp.jinja_options = {**ModerationApp.jinja_options, "bytecode_cache": _TemplateCode()}

# Property tests try 200 examples each; `make test-fast` sets HYPOTHESIS_PROFILE=fast for 40, enough
# to catch a regression in the edit-run loop while `make test` keeps the thorough search.
settings.register_profile("thorough", max_examples=200)
settings.register_profile("fast", max_examples=40)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "thorough"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--db", choices=["both", "sqlite", "postgresql"], default="both",
        help="run the tests that take `app` on this database only (default: both); "
             "`make test-fast` uses sqlite, `make test` both",
    )


def pytest_sessionstart(session: pytest.Session) -> None:
    """Under pytest-xdist, train the starter model once, before the workers start.

    Each worker would otherwise find the cache empty and train its own copy at the same time,
    which costs a core half a minute for nothing. Skipped when the cached model is current.
    """
    config = session.config
    if hasattr(config, "workerinput") or not getattr(config.option, "numprocesses", None):
        return
    starter_model_file(config.cache.mkdir("starter-model"))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test in tests/browser and tests/integration, whether or not its module says so;
    with `--db`, leave out the other database's half of the tests that run on both, and leave out
    the other half of a test marked `database(name)`.

    Browser and process tests are the slow half of the suite; where their subject is the page or
    the process, not the database, one database is enough (the unit tests cover both)."""
    for item in items:
        path = Path(str(item.path))
        for folder, marker in MARK_BY_FOLDER.items():
            # Not `marker in item.keywords`: the folder's own package is named like the marker,
            # so that test was true for every module there and marked none of them.
            if folder in path.parents and item.get_closest_marker(marker) is None:
                item.add_marker(marker)
    only = config.getoption("--db")
    kept, dropped = [], []
    for item in items:
        param = getattr(getattr(item, "callspec", None), "params", {}).get("database_url")
        marker = item.get_closest_marker("database")
        wanted = {only} if only != "both" else {"sqlite", "postgresql"}
        if marker is not None:
            wanted &= {marker.args[0]}
        (dropped if param is not None and param not in wanted else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


# --- PostgreSQL -------------------------------------------------------------

def _admin_engine() -> sa.Engine:
    url = sa.make_url(PG_ADMIN_URL).set(drivername="postgresql+psycopg")
    return sa.create_engine(url, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[sa.Engine | None]:
    """An AUTOCOMMIT engine on the PostgreSQL server, or None when unreachable."""
    engine = _admin_engine()
    try:
        with engine.connect() as connection:
            connection.execute(sa.text("SELECT 1"))
    except sa.exc.OperationalError:
        engine.dispose()
        yield None
        return
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def postgres_factory(postgres_server: sa.Engine | None):
    """Create throw-away PostgreSQL databases; all dropped at the end of the session."""
    created: list[str] = []

    def make() -> str:
        if postgres_server is None:
            service_missing("PostgreSQL", f"start it or set TEST_DATABASE_URL (tried {PG_ADMIN_URL})")
        name = f"moderation_test_{uuid.uuid4().hex[:10]}"
        with postgres_server.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
        created.append(name)
        return postgres_server.url.set(database=name).render_as_string(hide_password=False)

    yield make
    if postgres_server is not None:
        with postgres_server.connect() as connection:
            for name in created:
                connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def _migrated(url: str) -> str:
    from flask_migrate import upgrade

    with tempfile.TemporaryDirectory(prefix="migrate-") as instance:
        app = create_app(test_config(Path(instance), SQLALCHEMY_DATABASE_URI=url))
        with app.app_context():
            upgrade(revision="heads")
            db.engine.dispose()
    return url


@pytest.fixture(scope="session")
def postgres_schema_url(postgres_factory) -> str:
    """One PostgreSQL database for the session, built by the migrations."""
    return _migrated(postgres_factory())


@pytest.fixture
def own_postgres_url(postgres_factory) -> str:
    """A PostgreSQL database of this test's own, built by the migrations.

    For tests whose worker processes write to the database: a module that overrides
    `database_url` with it runs on PostgreSQL only, never sharing the session's database.
    """
    return _migrated(postgres_factory())


# --- the app ----------------------------------------------------------------

@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.sqlite'}"
    return request.getfixturevalue("postgres_schema_url")


@pytest.fixture(scope="session")
def sqlite_schema(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty SQLite database with the schema, made once; each test starts from a copy of it."""
    folder = tmp_path_factory.mktemp("sqlite-schema")
    app = create_app(test_config(folder, SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder / 'schema.sqlite'}"))
    with app.app_context():
        db.create_all()
        db.engine.dispose()
    return folder / "schema.sqlite"


def _empty_postgres() -> None:
    """Delete every row and restart the ids, in one round trip.

    DELETE, not TRUNCATE: on tables this small TRUNCATE costs about half a second a test here
    and DELETE a few milliseconds.
    """
    tables = reversed(db.metadata.sorted_tables)
    deletes = "".join(f'DELETE FROM "{t.name}"; ' for t in tables)  # noqa: S608 - our own table names
    db.session.execute(sa.text(
        f"DO $$ DECLARE s record; BEGIN {deletes}"  # noqa: S608 - our own table names
        "FOR s IN SELECT schemaname, sequencename FROM pg_sequences WHERE schemaname = current_schema() "
        "LOOP EXECUTE format('ALTER SEQUENCE %I.%I RESTART', s.schemaname, s.sequencename); END LOOP; "
        "END $$"
    ))
    db.session.commit()


@pytest.fixture
def make_app(request: pytest.FixtureRequest, tmp_path: Path, database_url: str):
    """Build an app on this test's database; keyword arguments override settings."""
    apps: list[Flask] = []
    if database_url.startswith("sqlite"):
        path = Path(sa.make_url(database_url).database)
        if not path.exists():
            shutil.copyfile(request.getfixturevalue("sqlite_schema"), path)

    def build(celery: dict | None = None, **overrides: object) -> Flask:
        config = test_config(tmp_path, SQLALCHEMY_DATABASE_URI=database_url, **overrides)
        # Unit tests need no broker: messages sent to memory:// just wait.
        config["CELERY"] = {
            **config["CELERY"],
            "broker_url": "memory://",
            "result_backend": "cache+memory://",
            **(celery or {}),
        }
        app = create_app(config)
        apps.append(app)
        return app

    yield build
    for app in apps:
        with app.app_context():
            if database_url.startswith("postgresql"):
                db.session.rollback()
                _empty_postgres()
            db.session.remove()
            db.engine.dispose()


@pytest.fixture(scope="session")
def _sqlite_snapshots(tmp_path_factory: pytest.TempPathFactory) -> dict:
    return {"folder": tmp_path_factory.mktemp("sqlite-snapshots")}


def _copy_sqlite(source: str | Path, target: str | Path) -> None:
    """Copy a database with SQLite's backup API, which reads a consistent state whatever its WAL holds."""
    import sqlite3
    from contextlib import closing

    with closing(sqlite3.connect(source)) as origin, closing(sqlite3.connect(target)) as copy:
        origin.backup(copy)


def _as_keys(value: object) -> object:
    """A world's rows as (model, primary key), its lists item by item; anything else as it is."""
    if isinstance(value, db.Model):
        return ("row", type(value), sa.inspect(value).identity)
    if isinstance(value, list):
        return [_as_keys(v) for v in value]
    return value


def _as_rows(value: object) -> object:
    if isinstance(value, tuple) and len(value) == 3 and value[0] == "row":
        return db.session.get(value[1], value[2])
    if isinstance(value, list):
        return [_as_rows(v) for v in value]
    return value


@pytest.fixture
def built_once(app: Flask, app_context: None, database_url: str, _sqlite_snapshots: dict):
    """`built_once(key, build)`: what `build()` stores, built once a process on SQLite.

    The first test to ask runs `build()`, which commits and returns a dataclass of rows (and lists
    of rows, dates, numbers); a copy of its database and the keys of those rows are kept. Later
    tests get the copy in their own database file and the same rows loaded again, for the price
    of copying a file instead of thousands of ORM inserts. Each test still owns its database and
    may change it. PostgreSQL tests build every time.
    """
    import dataclasses

    def get(key: tuple, build):
        if not database_url.startswith("sqlite"):
            return build()
        path = sa.make_url(database_url).database
        kept = _sqlite_snapshots.get(key)
        if kept is None:
            made = build()
            db.session.commit()
            copy = _sqlite_snapshots["folder"] / f"{len(_sqlite_snapshots)}.sqlite"
            _copy_sqlite(path, copy)
            fields = {f.name: _as_keys(getattr(made, f.name)) for f in dataclasses.fields(made)}
            _sqlite_snapshots[key] = (copy, type(made), fields)
            return made
        copy, kind, fields = kept
        db.session.remove()
        db.engine.dispose()
        _copy_sqlite(copy, path)
        return kind(**{name: _as_rows(value) for name, value in fields.items()})

    return get


@pytest.fixture
def world(built_once):
    """Two sites, their people and pending comments (tests/console_world.py), for console tests."""
    from tests.console_world import build_world

    return built_once(("console",), build_world)


@pytest.fixture
def app(make_app) -> Flask:
    return make_app()


@pytest.fixture
def app_context(app: Flask) -> Iterator[None]:
    with app.app_context():
        yield


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture
def site(app: Flask, app_context: None) -> Site:
    """A registered site embedded on https://blog.example."""
    site = Site(name="Test blog", origins=["https://blog.example"])
    db.session.add(site)
    db.session.commit()
    return site


# --- Redis ------------------------------------------------------------------

@pytest.fixture(scope="session")
def redis_url() -> str:
    """The URL of a real Redis (database 15 by default), checked once."""
    client = redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        service_missing("Redis", f"start redis-server or set TEST_REDIS_URL (tried {REDIS_TEST_URL})")
    finally:
        client.close()
    return REDIS_TEST_URL


@pytest.fixture
def clean_redis(redis_url: str) -> Iterator[redis.Redis]:
    client = redis.Redis.from_url(redis_url)
    client.flushdb()
    yield client
    client.flushdb()
    client.close()


# --- a real SMTP server -----------------------------------------------------

@pytest.fixture
def smtp_sink() -> Iterator[SmtpSink]:
    """An aiosmtpd server in this process, on a free port; `.messages` holds what it received."""
    try:
        import aiosmtpd  # noqa: F401
    except ImportError:
        service_missing("aiosmtpd", "pip install -r requirements-dev.txt")
    sink = SmtpSink().start()
    yield sink
    sink.stop()


# --- shared data ------------------------------------------------------------

@pytest.fixture(scope="session")
def youtube_spam_dir() -> Path:
    path = SHARED_DATA / "youtube-spam"
    if not path.is_dir():
        service_missing("the labelled YouTube comments", f"expected them in {path}")
    return path


@pytest.fixture(scope="session")
def blog_ham_file() -> Path:
    path = SHARED_DATA / "blog-ham" / "tigraine-approved.csv"
    if not path.is_file():
        service_missing("the blog readers' comments", f"expected them in {path}")
    return path


@pytest.fixture(scope="session")
def starter_file(request: pytest.FixtureRequest) -> Path:
    """The starter model's file, trained once and kept in pytest's cache until its sources change."""
    return starter_model_file(request.config.cache.mkdir("starter-model"))


@pytest.fixture(scope="session")
def starter_sample():
    """1,200 rows of the real starter corpus, half spam and half ham."""
    from spam import starter_corpus

    full = starter_corpus()
    spam = [i for i, label in enumerate(full.labels) if label][:600]
    ham = [i for i, label in enumerate(full.labels) if not label][:600]
    return full.take(spam + ham)


@pytest.fixture
def smaller_starter_corpus(monkeypatch: pytest.MonkeyPatch, starter_sample) -> None:
    """Retrain (and replay) on `starter_sample` instead of the whole starter corpus.

    For tests of when and how a round runs, not of what the starter corpus teaches: with the
    whole corpus every round is a full training.
    """
    import spam
    from workers import training

    monkeypatch.setattr(spam, "starter_corpus", lambda: starter_sample)
    monkeypatch.setattr(training, "starter_corpus", lambda: starter_sample)


# --- a live server and real worker processes --------------------------------

@pytest.fixture
def live_server(app: Flask):
    """Serve `app` over real HTTP from a thread; yields its base URL.

    Same app object as the test, so the test can read the database (and the
    CAPTCHA store) directly while a browser or HTTP client uses the server.
    """
    import threading

    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


@pytest.fixture
def worker_env(tmp_path: Path, database_url: str) -> dict[str, str]:
    """The environment a worker (or gunicorn) process needs to share this test's database."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "APP_ENV": "test",
        "SECRET_KEY": "test-secret-key-0123456789",
        "INSTANCE_PATH": str(tmp_path),
        "DATABASE_URL": database_url,
        "RATELIMIT_ENABLED": "false",
        "LOG_LEVEL": "INFO",
    }


@pytest.fixture
def start_worker(worker_env: dict[str, str], tmp_path: Path):
    """Start real Celery worker processes; every one is stopped after the test.

    `start_worker(REDIS_URL=..., SCORE_MAX_ATTEMPTS="2", args=["--beat"])`.
    """
    workers: list[ServiceProcess] = []

    def start(args: list[str] | None = None, **env: str) -> ServiceProcess:
        worker = worker_process({**worker_env, **env}, tmp_path / f"worker-{len(workers)}.log", args or [])
        workers.append(worker.start())
        return worker

    yield start
    for worker in workers:
        worker.stop()


# --- headless Chromium ------------------------------------------------------
# One Playwright instance for the whole session (tests/browser and
# tests/security share it): Playwright's sync API cannot run two at once.
# It never downloads a browser: it launches Debian's Chromium.

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
# Without the background-networking flags Chromium keeps trying to reach
# Google's hosts, which this machine's closed network refuses.
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not os.path.exists(CHROMIUM):
        service_missing("Chromium", "install the Debian package: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser) -> Iterator[object]:
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()
