"""The Flask application: public API, CAPTCHA, embed widget and moderator console."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, request
from flask.sessions import SecureCookieSessionInterface
from sqlalchemy import event
from werkzeug.middleware.proxy_fix import ProxyFix

from config import load_config
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


class ConsoleSessions(SecureCookieSessionInterface):
    """Cookie sessions for the console only.

    Flask-Login looks at the session after every request, which would stamp
    `Vary: Cookie` (and could set a cookie) on public answers that shared
    caches should serve to everyone alike.
    """

    def save_session(self, app: Flask, session: Any, response: Any) -> None:
        if request.blueprint in SESSIONLESS_BLUEPRINTS:
            return
        super().save_session(app, session, response)


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Create and configure the app."""
    app = Flask(__name__, instance_relative_config=False)
    app.session_interface = ConsoleSessions()
    app.config.update(load_config() if test_config is None else test_config)
    logging.basicConfig(level=app.config["LOG_LEVEL"],
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
    if app.config.get("PROXY_COUNT"):
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app.config["PROXY_COUNT"], x_proto=1, x_host=1)

    from .extensions import csrf, limiter, login_manager, migrate

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

    from . import api, captcha, cli, console, embed, errors, health

    errors.init_app(app)
    app.register_blueprint(health.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(captcha.bp)
    app.register_blueprint(embed.bp)
    app.register_blueprint(console.bp)
    cli.init_app(app)
    return app


def _migrations_dir():
    from config import BASE_DIR

    return BASE_DIR / "migrations"
