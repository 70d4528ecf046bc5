#!/usr/bin/env bash
# `make run`: migrate, set up the demo once, then run the web app, a Celery
# worker with beat, and the demo page as separate processes. Ctrl-C stops all.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${VENV_BIN:-.venv/bin}
export FLASK_APP=wsgi
export APP_ENV=${APP_ENV:-development}
API_PORT=${PORT:-5000}
DEMO_PORT=${DEMO_PORT:-8000}
export PUBLIC_URL=${PUBLIC_URL:-http://127.0.0.1:$API_PORT}
export INSTANCE_PATH=${INSTANCE_PATH:-$PWD/instance}
mkdir -p "$INSTANCE_PATH"
if [ -z "${SECRET_KEY:-}" ]; then
  if [ "$APP_ENV" = production ]; then
    # A key made up here would sign production sessions with a file nobody chose or backs up.
    echo "SECRET_KEY: required when APP_ENV=production; set it in the environment" >&2
    exit 1
  fi
  # One key for every process and every restart, kept out of the repository.
  [ -s "$INSTANCE_PATH/secret_key" ] || (umask 077; $BIN/python -c 'import secrets; print(secrets.token_urlsafe(32))' > "$INSTANCE_PATH/secret_key")
  SECRET_KEY=$(cat "$INSTANCE_PATH/secret_key")
  export SECRET_KEY
fi
if [ -n "${SMTP_URL:-}" ]; then mail="through $SMTP_URL"; else mail="to the outbox: $PUBLIC_URL/moderate/outbox (and this log)"; fi
if [ -n "${REDIS_URL:-}" ]; then broker="Redis at $REDIS_URL"; else broker="the embedded broker ($INSTANCE_PATH/broker.sqlite)"; fi

$BIN/flask db upgrade
$BIN/flask demo --origin "http://127.0.0.1:$DEMO_PORT" --origin "http://localhost:$DEMO_PORT"
$BIN/flask spam train --starter --if-missing

pids=()
stop() {
  trap - INT TERM EXIT
  echo; echo "stopping..."
  kill "${pids[@]}" 2>/dev/null || true
  wait "${pids[@]}" 2>/dev/null || true
}
trap stop INT TERM EXIT

# Access lines name a client's network, not its address, and no invitation secret.
$BIN/gunicorn --workers 2 --bind "127.0.0.1:$API_PORT" --access-logfile - \
  --logger-class moderation.access_log.PrivateAccessLog wsgi:app &
pids+=($!)
# One worker serves every queue here; production runs separate training and outbound workers (docs/deploy.md).
$BIN/celery -A workers.celery_app worker --beat --concurrency 2 --loglevel INFO -Q moderation,training,mail,webhooks \
  --schedule "$INSTANCE_PATH/celerybeat-schedule" &
pids+=($!)
$BIN/python -m moderation.demo --port "$DEMO_PORT" &
pids+=($!)

sleep 2
cat <<TXT

  Demo article (another origin):  http://127.0.0.1:$DEMO_PORT/
  Moderator console:              $PUBLIC_URL/moderate/
  Health:                         $PUBLIC_URL/healthz?worker=1
  Broker:                         $broker
  Mail goes                       $mail
  Press Ctrl-C to stop.

TXT
# If any process dies, stop the others rather than half-run.
wait -n "${pids[@]}"
