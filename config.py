"""Settings, every one read from an environment variable with a safe default.

`load_config()` turns the environment into the dict that `create_app()` puts in
`app.config`. A value that cannot be used stops start-up with a `ConfigError`
whose message is one line naming the variable, so an operator sees at once what
to fix instead of a traceback from deep inside SQLAlchemy or Celery.
The README's configuration table lists the same variables; keep them in step.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

__all__ = ["BASE_DIR", "QUEUES", "ConfigError", "load_config", "smtp_url", "test_config"]

BASE_DIR = Path(__file__).resolve().parent
ENVIRONMENTS = ("production", "development", "test")
# Celery queues: scoring, retraining, mail and webhooks (see README, "Parts and how they scale").
QUEUES = ("moderation", "training", "mail", "webhooks")


class ConfigError(ValueError):
    """A setting has a value the service cannot run with."""


def _int(env: Mapping[str, str], name: str, default: int, minimum: int = 0) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name}: expected a whole number, got {raw!r}") from None
    if value < minimum:
        raise ConfigError(f"{name}: must be at least {minimum}, got {value}")
    return value


def _float(env: Mapping[str, str], name: str, default: float, lo: float, hi: float) -> float:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{name}: expected a number, got {raw!r}") from None
    if not lo <= value <= hi:
        raise ConfigError(f"{name}: must be between {lo} and {hi}, got {value}")
    return value


def _bool(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    lowered = raw.strip().lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off"):
        return False
    raise ConfigError(f"{name}: expected true or false, got {raw!r}")


def database_url(raw: str, name: str = "DATABASE_URL") -> str:
    """Check a database URL and name the driver we ship (psycopg 3) for PostgreSQL."""
    try:
        url = make_url(raw)
    except ArgumentError:
        raise ConfigError(f"{name}: not a database URL: {raw!r}") from None
    backend = url.get_backend_name()
    if backend in ("postgres", "postgresql"):
        url = url.set(drivername="postgresql+psycopg")
    elif backend != "sqlite":
        raise ConfigError(f"{name}: only sqlite and postgresql are supported, got {backend!r}")
    return url.render_as_string(hide_password=False)


def _redis_url(raw: str, name: str) -> str:
    if not raw.startswith(("redis://", "rediss://", "unix://")):
        raise ConfigError(f"{name}: expected redis://host:port/db, got {raw!r}")
    return raw


def _rate_limit(env: Mapping[str, str], name: str, default: str) -> str:
    from limits import parse_many

    raw = env.get(name) or default
    try:
        parse_many(raw)
    except ValueError:
        raise ConfigError(f"{name}: expected limits like '20/minute;200/day', got {raw!r}") from None
    return raw


def _schedule(env: Mapping[str, str], name: str, default: str) -> tuple[int, ...]:
    """Read "10,25,50": increasing positive counts (an empty value means none)."""
    raw = env.get(name, default)
    try:
        points = tuple(int(p) for p in raw.split(",") if p.strip())
    except ValueError:
        raise ConfigError(f"{name}: expected whole numbers separated by commas, got {raw!r}") from None
    if any(p < 1 for p in points) or list(points) != sorted(set(points)):
        raise ConfigError(f"{name}: expected increasing positive numbers, got {raw!r}")
    return points


SMTP_SCHEMES = ("smtp", "smtp+starttls", "smtps")


def smtp_url(raw: str, name: str = "SMTP_URL") -> str:
    """Check an SMTP server's URL: smtp:// (STARTTLS with ?starttls=true), smtp+starttls://, smtps://."""
    from urllib.parse import parse_qs, urlsplit

    parts = urlsplit(raw)
    if parts.scheme not in SMTP_SCHEMES or not parts.hostname:
        raise ConfigError(f"{name}: expected smtp://, smtp+starttls:// or smtps://user:password@host:port, "
                          f"got {parts.scheme or raw!r}")
    try:
        parts.port  # noqa: B018 - a bad port raises here, at start-up
    except ValueError:
        raise ConfigError(f"{name}: bad port in {parts.hostname}") from None
    for key, values in parse_qs(parts.query).items():
        if key not in ("starttls", "timeout") or len(values) != 1:
            raise ConfigError(f"{name}: unknown option {key!r} (starttls=true, timeout=SECONDS)")
    return raw


def _mail_from(env: Mapping[str, str], public_url: str) -> str:
    from email.headerregistry import Address
    from email.utils import parseaddr
    from urllib.parse import urlsplit

    raw = env.get("MAIL_FROM", "")
    if not raw:
        host = urlsplit(public_url).hostname or "localhost"
        domain = host if "." in host and not host.replace(".", "").isdigit() else "localhost.localdomain"
        return str(Address("Comments", "noreply", domain))
    name, address = parseaddr(raw)
    if "@" not in address or any(c.isspace() for c in address):
        raise ConfigError(f"MAIL_FROM: expected an address like 'Blog <noreply@blog.example>', got {raw!r}")
    return raw


def _log_level(env: Mapping[str, str]) -> str:
    level = env.get("LOG_LEVEL", "INFO").upper()
    if level not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
        raise ConfigError(f"LOG_LEVEL: expected DEBUG, INFO, WARNING, ERROR or CRITICAL, got {level!r}")
    return level


def _secret_key(env: Mapping[str, str], environment: str, instance: Path) -> str:
    key = env.get("SECRET_KEY", "")
    if key:
        if len(key) < 16:
            raise ConfigError("SECRET_KEY: too short, use at least 16 random characters")
        return key
    if environment == "production":
        # A freshly generated key would sign everyone out and break every pending invitation:
        # the way out is the key the service already has, or a development checkout's own file.
        raise ConfigError(
            "SECRET_KEY: required in production; give the one the service runs with "
            "(its settings file, see docs/deploy.md), or for a local checkout set "
            f"APP_ENV=development to use {instance / 'secret_key'} as `make run` does"
        )
    # Development and tests keep one key on disk, so every process of `make run`
    # (gunicorn workers, Celery) signs with the same key across restarts.
    path = instance / "secret_key"
    if not path.exists():
        instance.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(32))
        path.chmod(0o600)
    return path.read_text().strip()


def _default_environment(env: Mapping[str, str], instance: Path) -> str:
    """Production, unless this is a checkout where `make run` left its development key.

    `make run` writes `instance/secret_key` only in development, and a production install sets
    APP_ENV and SECRET_KEY in its settings file, so a bare `flask ...` typed in a `make run`
    checkout talks to the same database with the same key as the running processes.
    """
    if not env.get("SECRET_KEY") and (instance / "secret_key").is_file():
        return "development"
    return "production"


def load_config(env: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Read every setting from `env` (the process environment by default)."""
    env = os.environ if env is None else env
    instance = Path(env.get("INSTANCE_PATH") or BASE_DIR / "instance").resolve()
    environment = env.get("APP_ENV") or _default_environment(env, instance)
    if environment not in ENVIRONMENTS:
        raise ConfigError(f"APP_ENV: expected one of {', '.join(ENVIRONMENTS)}, got {environment!r}")

    db_url = database_url(env.get("DATABASE_URL") or f"sqlite:///{instance / 'moderation.sqlite'}")
    redis_url = env.get("REDIS_URL") or None
    if redis_url:
        redis_url = _redis_url(redis_url, "REDIS_URL")

    # Without Redis the worker is still a separate process: kombu's SQLAlchemy
    # transport keeps the queue in its own SQLite file beside the database.
    broker = env.get("CELERY_BROKER_URL") or redis_url or f"sqla+sqlite:///{instance / 'broker.sqlite'}"
    if not broker.startswith(("redis://", "rediss://", "unix://", "sqla+", "memory://")):
        raise ConfigError(f"CELERY_BROKER_URL: unsupported broker {broker!r}")
    backend = redis_url or f"db+sqlite:///{instance / 'celery-results.sqlite'}"

    sweep_every = _int(env, "SWEEP_INTERVAL_SECONDS", 30, minimum=1)
    # The check is two cheap queries; checking often lets a new site's early retrainings come soon.
    retrain_every = _int(env, "RETRAIN_INTERVAL_SECONDS", 120, minimum=10)
    # Retention is counted in days: an hourly run forgets each thing within an hour of its time.
    purge_every = _int(env, "RETENTION_INTERVAL_SECONDS", 3600, minimum=1)
    # How stale the Insights page may be: each run recounts only the days that changed.
    insights_every = _int(env, "INSIGHTS_INTERVAL_SECONDS", 30, minimum=1)
    celery: dict[str, Any] = {
        "broker_url": broker,
        "result_backend": backend,
        "result_expires": 3600,
        # A comment is acknowledged only after it is scored: a worker killed
        # mid-task leaves the message to be delivered again.
        "task_acks_late": True,
        "task_reject_on_worker_lost": True,
        "worker_prefetch_multiplier": 1,
        "task_default_queue": "moderation",
        # Retraining takes minutes of CPU: it has its own queue, so scoring never waits behind it
        # (a worker started with -Q moderation,training serves both; see docs/deploy.md).
        "task_routes": {
            "workers.tasks.retrain_from_decisions": {"queue": "training"},
            # Imports from the console are long too, and may end with a retraining.
            "workers.tasks.import_file": {"queue": "training"},
            # Outbound traffic waits on other people's servers: mail and webhooks have queues of
            # their own, so a slow SMTP server never delays a comment's score.
            "workers.notify.*": {"queue": "mail"},
            "workers.webhooks.*": {"queue": "webhooks"},
        },
        # Declared, so a worker started without -Q serves every queue (tests, small set-ups).
        "task_queues": {name: {} for name in QUEUES},
        "broker_connection_retry_on_startup": True,
        "broker_transport_options": {
            # Unacknowledged Redis messages come back after this long; scoring
            # takes milliseconds, so two minutes is plenty and recovery is quick.
            "visibility_timeout": _int(env, "BROKER_VISIBILITY_TIMEOUT", 120, minimum=10),
            "socket_connect_timeout": 2,
            "socket_timeout": 5,
            # Publishing from a web request: one quick retry, then give up and
            # let the sweeper send it. kombu's default keeps retrying for
            # broker_connection_timeout with sleeps, 6 s per request when Redis is down.
            "max_retries": 1,
            "interval_start": 0,
            "interval_step": 0.2,
            "interval_max": 0.2,
        },
        "redis_socket_connect_timeout": 2,
        "redis_socket_timeout": 5,
        "worker_hijack_root_logger": False,
        "beat_schedule": {
            "sweep-received": {"task": "workers.tasks.sweep_received", "schedule": float(sweep_every)},
            "sweep-notifications": {"task": "workers.notify.sweep_outbound", "schedule": float(sweep_every)},
            "digests": {"task": "workers.notify.send_digests", "schedule": 300.0},
            "retrain": {
                "task": "workers.tasks.retrain_from_decisions",
                "schedule": float(retrain_every),
                # Checks queued behind a long training are dropped, not run one after another.
                "options": {"expires": float(retrain_every)},
            },
            "retention": {
                "task": "workers.tasks.purge_expired_data",
                "schedule": float(purge_every),
                "options": {"expires": float(purge_every)},
            },
            "insights": {
                "task": "workers.tasks.refresh_insights",
                "schedule": float(insights_every),
                "options": {"expires": float(insights_every)},
            },
        },
    }
    if broker.startswith("redis://"):
        # kombu's own Redis transport, keeping its client (see workers/broker.py).
        celery["broker_transport"] = "workers.broker:Transport"
    if broker.startswith("sqla+"):
        # kombu's SQLAlchemy transport hands its options to create_engine();
        # it polls once a second and keeps no unacknowledged messages, which
        # is why the sweeper, not the broker, guarantees every comment is scored.
        celery["broker_transport_options"] = {}
        # It also keeps every delivered message; this deletes them now and then.
        celery["beat_schedule"]["purge-consumed-messages"] = {
            "task": "workers.tasks.purge_consumed_messages", "schedule": 600.0}

    public_url = env.get("PUBLIC_URL", "http://127.0.0.1:5000").rstrip("/")
    smtp = env.get("SMTP_URL") or None
    return {
        "APP_ENV": environment,
        "DEBUG": False,
        "TESTING": environment == "test",
        "SECRET_KEY": _secret_key(env, environment, instance),
        "INSTANCE_PATH": str(instance),
        "SQLALCHEMY_DATABASE_URI": db_url,
        # A server may drop an idle connection (a restart, a timeout): each checkout asks first. A
        # SQLite file cannot go away under an open connection, and the ping was a statement per request.
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": not db_url.startswith("sqlite")},
        "REDIS_URL": redis_url,
        "CELERY": celery,
        "PUBLIC_URL": public_url,
        # Without an SMTP server mails go to the outbox table and the worker's log, which the
        # console shows outside production: a newcomer's `make run` shows its mails at once.
        "SMTP_URL": smtp_url(smtp) if smtp else None,
        "MAIL_FROM": _mail_from(env, public_url),
        "MAIL_MAX_ATTEMPTS": _int(env, "MAIL_MAX_ATTEMPTS", 12, minimum=1),
        # Retries wait about base * 2**(attempt-1) seconds (jittered), capped: with the defaults,
        # twelve attempts span about eight hours of an SMTP server being down.
        "MAIL_RETRY_SECONDS": _float(env, "MAIL_RETRY_SECONDS", 30.0, 0.0, 86400.0),
        "MAIL_RETRY_MAX_SECONDS": _float(env, "MAIL_RETRY_MAX_SECONDS", 3600.0, 0.0, 86400.0),
        # Mails to one commenter's address per day, all kinds together, and confirmation requests
        # among them: nobody can use the comment form to flood someone else's inbox.
        "MAIL_PER_ADDRESS_PER_DAY": _int(env, "MAIL_PER_ADDRESS_PER_DAY", 20, minimum=1),
        "MAIL_CONFIRMATIONS_PER_DAY": _int(env, "MAIL_CONFIRMATIONS_PER_DAY", 3, minimum=1),
        # Moderators' links in mails stop working after this long.
        "MAIL_LINK_MAX_AGE_SECONDS": _int(env, "MAIL_LINK_MAX_AGE_SECONDS", 7 * 86400, minimum=60),
        "WEBHOOK_MAX_ATTEMPTS": _int(env, "WEBHOOK_MAX_ATTEMPTS", 8, minimum=1),
        "WEBHOOK_RETRY_SECONDS": _float(env, "WEBHOOK_RETRY_SECONDS", 10.0, 0.0, 86400.0),
        "WEBHOOK_RETRY_MAX_SECONDS": _float(env, "WEBHOOK_RETRY_MAX_SECONDS", 3600.0, 0.0, 86400.0),
        "WEBHOOK_TIMEOUT_SECONDS": _float(env, "WEBHOOK_TIMEOUT_SECONDS", 5.0, 0.5, 60.0),
        # Webhook targets on private, loopback and link-local addresses are refused (a site owner
        # must not reach the service's own network through it) unless this is set.
        "WEBHOOK_ALLOW_PRIVATE": _bool(env, "WEBHOOK_ALLOW_PRIVATE", False),
        # Request bodies: a 10,000-character comment of 4-byte characters,
        # JSON-escaped, is about 120 KB; anything far past that is abuse.
        "MAX_CONTENT_LENGTH": _int(env, "MAX_REQUEST_BYTES", 256 * 1024, minimum=16 * 1024),
        # Largest file an owner may upload in the console to import; larger ones go through
        # `flask import` on the server, which streams files of any size.
        "IMPORT_MAX_BYTES": _int(env, "IMPORT_MAX_BYTES", 256 * 1024 * 1024, minimum=1024 * 1024),
        "CAPTCHA_TTL_SECONDS": _int(env, "CAPTCHA_TTL_SECONDS", 600, minimum=30),
        # How long the time a form was shown counts (a signal for the classifier):
        # an older form token is reported as expired, so it cannot make a bot look patient.
        "FORM_TOKEN_MAX_AGE_SECONDS": _int(env, "FORM_TOKEN_MAX_AGE_SECONDS", 3600, minimum=60),
        # Counters every web process shares: Redis, or without it a file of its own in the
        # instance folder (moderation/ratelimit_store.py). Per-process memory would multiply
        # every limit by the number of gunicorn workers.
        "RATELIMIT_STORAGE_URI": redis_url or f"sqlite-counters:///{instance / 'ratelimits.sqlite'}",
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "RATELIMIT_ENABLED": _bool(env, "RATELIMIT_ENABLED", True),
        "RATELIMIT_KEY_PREFIX": "moderation",
        # A Redis that stops answering must not hold requests up: fail fast
        # and let the in-memory fallback count instead.
        "RATELIMIT_STORAGE_OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        # Per client address (an IPv6 /64): new challenges, their images and
        # audio, and comments. The `limits` library's syntax, e.g. "20/minute;200/day".
        "RATELIMIT_CAPTCHA": _rate_limit(env, "RATELIMIT_CAPTCHA", "30/minute;300/day"),
        "RATELIMIT_CAPTCHA_MEDIA": _rate_limit(env, "RATELIMIT_CAPTCHA_MEDIA", "120/minute"),
        # Audio costs more CPU than an image and a person plays it a few times at most.
        "RATELIMIT_CAPTCHA_AUDIO": _rate_limit(env, "RATELIMIT_CAPTCHA_AUDIO", "12/minute;100/hour"),
        "RATELIMIT_COMMENTS": _rate_limit(env, "RATELIMIT_COMMENTS", "10/minute;100/day"),
        # Console logins: failed attempts per account (the submitted email) and per client.
        "RATELIMIT_LOGIN_ACCOUNT": _rate_limit(env, "RATELIMIT_LOGIN_ACCOUNT", "10/minute;50/hour"),
        "RATELIMIT_LOGIN_CLIENT": _rate_limit(env, "RATELIMIT_LOGIN_CLIENT", "30/minute;200/hour"),
        "SCORE_MAX_ATTEMPTS": _int(env, "SCORE_MAX_ATTEMPTS", 5, minimum=1),
        # Retries wait about base * 2**(attempt-1) seconds (jittered), capped.
        "SCORE_RETRY_SECONDS": _float(env, "SCORE_RETRY_SECONDS", 2.0, 0.0, 3600.0),
        "SCORE_RETRY_MAX_SECONDS": _float(env, "SCORE_RETRY_MAX_SECONDS", 60.0, 0.0, 3600.0),
        "SWEEP_AFTER_SECONDS": _int(env, "SWEEP_AFTER_SECONDS", 60, minimum=1),
        "RETRAIN_MIN_DECISIONS": _int(env, "RETRAIN_MIN_DECISIONS", 50, minimum=1),
        # A site's first retrainings, after this many of its decisions; then every RETRAIN_MIN_DECISIONS.
        "RETRAIN_SCHEDULE": _schedule(env, "RETRAIN_SCHEDULE", "10,25,50"),
        # With this many decisions, the site's decisions weigh as much as the whole starter corpus.
        "RETRAIN_DECISIONS_MATCH_STARTER": _int(env, "RETRAIN_DECISIONS_MATCH_STARTER", 100, minimum=1),
        # Stored models kept after a retraining, besides the active model and the
        # last few promoted ones; older ones are pruned (their rows stay).
        "MODEL_KEEP": _int(env, "MODEL_KEEP", 5, minimum=1),
        # Models live in the database. This folder is only where `flask spam models export`
        # writes and where the 0003 migration finds model files saved by earlier releases.
        "MODEL_DIR": str(Path(env.get("MODEL_DIR") or instance / "models").resolve()),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": _bool(env, "SESSION_COOKIE_SECURE", environment == "production"),
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "LOG_LEVEL": _log_level(env),
        # How many proxies (nginx...) in front of gunicorn set X-Forwarded-For.
        "PROXY_COUNT": _int(env, "PROXY_COUNT", 0),
    }


def test_config(tmp_path: Path, **overrides: Any) -> dict[str, Any]:
    """Return settings for one test: its own instance folder and database."""
    env = {
        "APP_ENV": "test",
        "INSTANCE_PATH": str(tmp_path),
        "SECRET_KEY": "test-secret-key-0123456789",
        "RATELIMIT_ENABLED": "false",
    }
    config = load_config(env)
    config.update(WTF_CSRF_ENABLED=False, SESSION_COOKIE_SECURE=False)
    config.update(overrides)
    return config


test_config.__test__ = False  # pytest: a helper, not a test
