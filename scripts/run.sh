#!/usr/bin/env bash
# `make run`: migrate, set up the demo once, then run the web app, a Celery
# worker with beat, and the demo page as separate processes. Ctrl-C or SIGTERM stops all
# three within ten seconds (a busy worker is stopped cold: its task comes back on restart).
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
# The SMTP server's address without its user and password, which have no place in a terminal.
if [ -n "${SMTP_URL:-}" ]; then mail="sent through ${SMTP_URL##*@}"; else mail="kept in the outbox, $PUBLIC_URL/moderate/outbox, and this log"; fi
if [ -n "${REDIS_URL:-}" ]; then broker="Redis at $REDIS_URL"; else broker="the embedded broker ($INSTANCE_PATH/broker.sqlite)"; fi

$BIN/flask db upgrade
# `flask demo` prints the admin's email, and the password on the first run only: both go into
# the banner at the end, where they are not buried under the processes' start-up logs.
demo_out=$($BIN/flask demo --origin "http://127.0.0.1:$DEMO_PORT" --origin "http://localhost:$DEMO_PORT")
grep -v '^console ' <<<"$demo_out" || true
admin_email=$(sed -n 's/^console admin: //p' <<<"$demo_out")
admin_password=$(sed -n 's/^console password (shown once): //p' <<<"$demo_out")
$BIN/flask spam train --starter --if-missing --quiet

pids=()
web_pid="" worker_pid=""
alive() { local p n=0; for p in "$@"; do kill -0 "$p" 2>/dev/null && n=$((n + 1)); done; [ "$n" -gt 0 ]; }
settle() {  # wait up to $1 tenths of a second for every process to end
  local i
  for ((i = 0; i < $1; i++)); do alive "${pids[@]}" || return 0; sleep 0.1; done
  return 1
}
stop() {
  trap - INT TERM EXIT
  set +e  # every process gets its signal, whichever are already gone
  echo; echo "stopping..."
  # gunicorn's quick shutdown is INT; Celery's warm shutdown (TERM) lets a running task finish.
  [ -n "$web_pid" ] && kill -INT "$web_pid" 2>/dev/null
  kill -TERM "${pids[@]}" 2>/dev/null
  if ! settle 40; then
    # A retraining can run for minutes: stop the worker cold instead. Tasks are acknowledged
    # late, so the one it drops is delivered again on the next start; nothing is lost.
    [ -n "$worker_pid" ] && kill -QUIT "$worker_pid" 2>/dev/null
    if ! settle 25; then
      for p in "${pids[@]}"; do pkill -KILL -P "$p" 2>/dev/null; kill -KILL "$p" 2>/dev/null; done
    fi
  fi
  wait "${pids[@]}" 2>/dev/null || true
  echo "stopped"
}
trap stop INT TERM EXIT

# Access lines name a client's network, not its address, and no invitation secret.
$BIN/gunicorn --workers 2 --bind "127.0.0.1:$API_PORT" --access-logfile - \
  --logger-class moderation.access_log.PrivateAccessLog wsgi:app &
web_pid=$!
pids+=($!)
# One worker serves every queue here; production runs separate training and outbound workers (docs/deploy.md).
$BIN/celery -A workers.celery_app worker --beat --concurrency 2 --loglevel INFO -Q moderation,training,mail,webhooks \
  --schedule "$INSTANCE_PATH/celerybeat-schedule" &
worker_pid=$!
pids+=($!)
$BIN/python -m moderation.demo --port "$DEMO_PORT" &
pids+=($!)

# The banner comes once the web app answers and a worker is listening, after their start-up logs.
ready=no
for _ in $(seq 1 120); do
  if $BIN/python - "$PUBLIC_URL/healthz?worker=1" 2>/dev/null <<'PY'
import json, sys, urllib.request
with urllib.request.urlopen(sys.argv[1], timeout=3) as answer:
    sys.exit(0 if json.load(answer).get("status") == "ok" else 1)
PY
  then ready=yes; break; fi
  # If a process died at start-up, stop the others rather than half-run.
  for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null || exit 1; done
  sleep 0.5
done

how=""
[ "$INSTANCE_PATH" != "$PWD/instance" ] && how="INSTANCE_PATH=$INSTANCE_PATH "
[ -n "${DATABASE_URL:-}" ] && how="${how}DATABASE_URL=$DATABASE_URL "
echo
[ "$ready" = yes ] || echo "  (the worker has not answered yet; comments wait until it does)"
cat <<TXT
  Demo article (another origin):  http://127.0.0.1:$DEMO_PORT/
  Health:                         $PUBLIC_URL/healthz?worker=1
  Broker:                         $broker
  Mail:                           $mail
  Press Ctrl-C to stop.

  Moderator console:              $PUBLIC_URL/moderate/
TXT
if [ -n "$admin_email" ]; then
  if [ -n "$admin_password" ]; then
    echo "  Sign in as:                     $admin_email  password $admin_password (shown this once)"
  else
    echo "  Sign in as:                     $admin_email"
  fi
  echo "  New password:                   ${how}$BIN/flask moderators set-password $admin_email"
fi
echo
# If any process dies, stop the others rather than half-run.
wait -n "${pids[@]}"
