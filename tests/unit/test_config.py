"""Configuration: defaults that work, and one clear line for each bad value."""

from pathlib import Path

import pytest

from config import ConfigError, load_config


def env(tmp_path: Path, **values: str) -> dict[str, str]:
    return {"INSTANCE_PATH": str(tmp_path), "APP_ENV": "development", **values}


def test_defaults_use_sqlite_and_the_embedded_broker(tmp_path):
    config = load_config(env(tmp_path))
    assert config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'moderation.sqlite'}"
    assert config["CELERY"]["broker_url"].startswith("sqla+sqlite:///")
    assert config["RATELIMIT_STORAGE_URI"] == f"sqlite-counters:///{tmp_path / 'ratelimits.sqlite'}"
    assert config["CELERY"]["task_acks_late"] is True
    assert config["CELERY"]["worker_prefetch_multiplier"] == 1


def test_redis_url_switches_broker_results_and_rate_limits(tmp_path):
    config = load_config(env(tmp_path, REDIS_URL="redis://127.0.0.1:6379/2"))
    assert config["CELERY"]["broker_url"] == "redis://127.0.0.1:6379/2"
    assert config["CELERY"]["result_backend"] == "redis://127.0.0.1:6379/2"
    assert config["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/2"


def test_postgres_url_gets_the_psycopg_driver(tmp_path):
    config = load_config(env(tmp_path, DATABASE_URL="postgresql://u:p@db.internal/comments"))
    assert config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u:p@db.internal/comments"


def test_development_keeps_one_secret_key_on_disk(tmp_path):
    first = load_config(env(tmp_path))["SECRET_KEY"]
    second = load_config(env(tmp_path))["SECRET_KEY"]
    assert first == second and len(first) >= 32
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    with pytest.raises(ConfigError, match="^SECRET_KEY: required in production"):
        load_config({"INSTANCE_PATH": str(tmp_path)})


def test_a_make_run_checkout_is_development_without_any_variable(tmp_path):
    (tmp_path / "secret_key").write_text("the-key-make-run-wrote-0123456789\n")
    config = load_config({"INSTANCE_PATH": str(tmp_path)})
    assert config["APP_ENV"] == "development"
    assert config["SECRET_KEY"] == "the-key-make-run-wrote-0123456789"


def test_an_explicit_production_never_reads_the_development_key(tmp_path):
    (tmp_path / "secret_key").write_text("the-key-make-run-wrote-0123456789\n")
    with pytest.raises(ConfigError, match="set APP_ENV=development"):
        load_config({"INSTANCE_PATH": str(tmp_path), "APP_ENV": "production"})
    config = load_config({"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "k" * 32})
    assert config["APP_ENV"] == "production" and config["SECRET_KEY"] == "k" * 32


def test_production_uses_secure_cookies(tmp_path):
    config = load_config({"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "x" * 32})
    assert config["SESSION_COOKIE_SECURE"] is True
    assert config["SESSION_COOKIE_HTTPONLY"] is True
    assert config["SESSION_COOKIE_SAMESITE"] == "Lax"


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("DATABASE_URL", "not a url", "DATABASE_URL: not a database URL"),
        ("DATABASE_URL", "mysql://root@localhost/x", "DATABASE_URL: only sqlite and postgresql"),
        ("REDIS_URL", "http://localhost:6379", "REDIS_URL: expected redis://"),
        ("APP_ENV", "staging", "APP_ENV: expected one of"),
        ("MAX_REQUEST_BYTES", "lots", "MAX_REQUEST_BYTES: expected a whole number"),
        ("MAX_REQUEST_BYTES", "100", "MAX_REQUEST_BYTES: must be at least"),
        ("RATELIMIT_ENABLED", "perhaps", "RATELIMIT_ENABLED: expected true or false"),
        ("LOG_LEVEL", "LOUD", "LOG_LEVEL: expected"),
        ("SECRET_KEY", "short", "SECRET_KEY: too short"),
        ("CELERY_BROKER_URL", "amqp://guest@localhost//", "CELERY_BROKER_URL: unsupported broker"),
        ("RATELIMIT_LOGIN_ACCOUNT", "ten a minute", "RATELIMIT_LOGIN_ACCOUNT: expected limits like"),
    ],
)
def test_a_bad_value_names_the_variable_in_one_line(tmp_path, name, value, message):
    with pytest.raises(ConfigError) as raised:
        load_config(env(tmp_path, **{name: value}))
    text = str(raised.value)
    assert text.startswith(message)
    assert "\n" not in text


def test_wsgi_reports_a_bad_setting_in_one_line_and_exits(tmp_path):
    import subprocess
    import sys

    from config import BASE_DIR

    result = subprocess.run(
        [sys.executable, "-c", "import wsgi"],
        cwd=BASE_DIR,
        env={"PATH": "/usr/bin:/bin", "INSTANCE_PATH": str(tmp_path), "APP_ENV": "production"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 3  # gunicorn's "worker failed to boot": no respawn loop
    assert result.stderr.strip().splitlines() == [
        "configuration error: SECRET_KEY: required in production; give the one the service runs "
        "with (its settings file, see docs/deploy.md), or for a local checkout set APP_ENV=development "
        f"to use {tmp_path.resolve() / 'secret_key'} as `make run` does"
    ]
