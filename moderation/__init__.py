"""The Flask application: public API, CAPTCHA, embed widget and moderator console."""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path
from typing import Any

from flask import Flask, request
from flask.sessions import SecureCookieSessionInterface
from sqlalchemy import event, make_url
from werkzeug.middleware.proxy_fix import ProxyFix

from config import ConfigError, load_config
from models import db

__all__ = ["create_app"]


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets gunicorn workers read while the Celery worker writes; the busy
    # timeout makes a writer wait for the lock instead of failing at once.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


# Blueprints that never use the session: the public API, the CAPTCHA, the
# widget's files and the health checks.
SESSIONLESS_BLUEPRINTS = frozenset({"api", "captcha", "embed", "health"})
# Where the first two live. The session is opened before the URL is matched to
# a blueprint, so it is known by the path: requests there never read a cookie.
SESSIONLESS_PATH = "/api/"


class ConsoleSessions(SecureCookieSessionInterface):
    """Cookie sessions for the console only.

    Flask-Login looks at the session after every request, which would stamp
    `Vary: Cookie` (and could set a cookie) on public answers that shared
    caches should serve to everyone alike.
    """

    def open_session(self, app: Flask, request: Any) -> Any:
        if request.path.startswith(SESSIONLESS_PATH):
            return self.session_class()  # empty, and never saved (below)
        return super().open_session(app, request)

    def save_session(self, app: Flask, session: Any, response: Any) -> None:
        if request.blueprint in SESSIONLESS_BLUEPRINTS:
            return
        super().save_session(app, session, response)


class ModerationApp(Flask):
    """Flask, remembering its answer to `ensure_sync` for each function.

    Flask asks it of the view and of every hook on every request (about ten
    Python calls each, some eighty a comment POST), and the answer for a
    function never changes.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._sync_functions: dict[Any, Any] = {}

    def ensure_sync(self, func: Any) -> Any:
        sync = self._sync_functions.get(func)
        if sync is None:
            sync = self._sync_functions[func] = super().ensure_sync(func)
        return sync


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Create and configure the app."""
    app = ModerationApp(__name__, instance_relative_config=False)
    app.session_interface = ConsoleSessions()
    app.config.update(load_config() if test_config is None else test_config)
    _refuse_per_process_limits(app)
    logging.basicConfig(level=app.config["LOG_LEVEL"],
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
    if app.config.get("PROXY_COUNT"):
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app.config["PROXY_COUNT"], x_proto=1, x_host=1)

    from .extensions import csrf, limiter, login_manager, migrate

    _keep_files_private(app)
    db.init_app(app)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        with app.app_context():
            event.listen(db.engine, "connect", _sqlite_pragmas)
    migrate.init_app(app, db, directory=str(_migrations_dir()), render_as_batch=True, compare_type=True)
    csrf.init_app(app)
    login_manager.init_app(app)
    limiter.init_app(app)

    from workers import celery_init_app

    celery_init_app(app)

    from . import api, captcha, cli, console, embed, errors, health, subscriptions

    errors.init_app(app)
    app.register_blueprint(health.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(captcha.bp)
    app.register_blueprint(embed.bp)
    app.register_blueprint(console.bp)
    app.register_blueprint(subscriptions.bp)
    cli.init_app(app)
    return app


def _refuse_per_process_limits(app: Flask) -> None:
    # memory:// counts in each process on its own: with gunicorn's several
    # workers every limit would be multiplied, and a limited account could
    # sign in through another worker. Production never runs on it.
    uri = app.config.get("RATELIMIT_STORAGE_URI") or "memory://"
    if (app.config.get("APP_ENV") == "production" and app.config.get("RATELIMIT_ENABLED", True)
            and uri.startswith(("memory://", "async+memory://"))):
        raise ConfigError("RATELIMIT_STORAGE_URI: memory:// keeps counters per process; in production "
                          "use Redis (REDIS_URL) or the default shared file")


def _keep_files_private(app: Flask) -> None:
    """Make the instance folder and the SQLite database readable by this account only.

    They hold every commenter's email, the secret key and the embedded broker's
    queue. SQLite gives its -wal and -shm files the mode of the database file,
    so an empty database created here with 0600 keeps them private too.
    """
    instance = Path(app.config["INSTANCE_PATH"])
    # Only a folder of our own: an INSTANCE_PATH pointed at a shared one (/tmp, with its
    # sticky bit) must never lock the machine's other users out of it.
    if instance.is_dir() and _own_private_folder(instance):
        instance.chmod(0o700)
        # The embedded broker's and the results' files, made by the worker's libraries.
        for file in instance.glob("*.sqlite*"):
            file.chmod(0o600)
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    if not uri.startswith("sqlite"):
        return
    database = make_url(uri).database
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    path = Path(database)
    path.parent.mkdir(parents=True, exist_ok=True)
    os.close(os.open(path, os.O_CREAT | os.O_RDWR, 0o600))
    for file in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if file.exists():
            file.chmod(0o600)


def _own_private_folder(folder: Path) -> bool:
    info = folder.stat()
    return info.st_uid == os.geteuid() and not info.st_mode & stat.S_ISVTX


def _migrations_dir():
    from config import BASE_DIR

    return BASE_DIR / "migrations"
