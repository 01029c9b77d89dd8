#!/usr/bin/env bash
# QueueDeck with local brokers and live demo traffic. Ctrl-C stops everything it started.
#   PORT (default 3000), QUEUEDECK_DATA_DIR (default ./data), QUEUEDECK_ADMIN_PASSWORD (optional)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PORT=${PORT:-3000}
export QUEUEDECK_DATA_DIR=${QUEUEDECK_DATA_DIR:-$ROOT/data}
LOGS=$ROOT/.cache/demo-logs
mkdir -p "$LOGS" "$QUEUEDECK_DATA_DIR"

bash scripts/setup.sh
# The demo keeps its store in SQLite: PostgreSQL is for the tests and for teams that choose it.
bash scripts/brokers.sh up rabbitmq redis kafka
# shellcheck disable=SC1091
source .cache/brokers.env

pids=()
cleanup() {
  # Ctrl-C reaches npm too, which signals this script again: finish stopping regardless.
  trap '' INT TERM
  trap - EXIT
  echo
  echo "demo: stopping"
  for pid in "${pids[@]}"; do kill -TERM "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true; done
  sleep 2
  for pid in "${pids[@]}"; do kill -KILL "-$pid" 2>/dev/null || true; done
  bash scripts/brokers.sh down || true
}
trap cleanup INT TERM EXIT

# Each background job gets its own process group so that cleanup reaches its children.
start() {
  local name=$1
  shift
  setsid "$@" >"$LOGS/$name.log" 2>&1 &
  pids+=($!)
  echo "demo: $name running (log: .cache/demo-logs/$name.log)"
}

echo "demo: building the dashboard"
npm run build --silent >"$LOGS/build.log" 2>&1 || { tail -40 "$LOGS/build.log"; exit 1; }

# The Redis URL without its database number (redis://host:port/N -> redis://host:port): Celery's
# broker and result backend get databases of their own.
REDIS_BASE=$(printf '%s' "$QUEUEDECK_REDIS_URL" | sed -E 's#/+([0-9]+)?$##')
start rabbitmq-traffic npx tsx scripts/demo/rabbitmq.ts
start bullmq-traffic npx tsx scripts/demo/bullmq.ts
start kafka-traffic npx tsx scripts/demo/kafka.ts
start celery-worker env CELERY_BROKER_URL="$REDIS_BASE/0" CELERY_RESULT_BACKEND="$REDIS_BASE/1" PYTHONPATH="$ROOT/scripts/demo/celery" \
  /usr/bin/python3 -m celery -A demo_tasks worker -l info -c 2 -n demo1@%h -E -Q celery,images
start celery-traffic env CELERY_BROKER_URL="$REDIS_BASE/0" CELERY_RESULT_BACKEND="$REDIS_BASE/1" PYTHONPATH="$ROOT/scripts/demo/celery" \
  /usr/bin/python3 "$ROOT/scripts/demo/celery/produce.py"
start dashboard env PORT="$PORT" node node_modules/next/dist/bin/next start -p "$PORT"

for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$PORT/api/v1/health" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -fs "http://127.0.0.1:$PORT/api/v1/health" >/dev/null || { echo "demo: dashboard did not start"; tail -40 "$LOGS/dashboard.log"; exit 1; }

echo
echo "  QueueDeck is running at http://localhost:$PORT"
if [ -n "${QUEUEDECK_ADMIN_PASSWORD:-}" ]; then
  echo "  Sign in as admin with the password in QUEUEDECK_ADMIN_PASSWORD."
elif [ -f "$QUEUEDECK_DATA_DIR/initial-admin-password" ]; then
  echo "  Sign in as admin / $(cat "$QUEUEDECK_DATA_DIR/initial-admin-password")"
else
  echo "  Sign in as admin (password chosen earlier; remove $QUEUEDECK_DATA_DIR to start afresh)."
fi
echo "  Demo traffic flows into RabbitMQ, Kafka, BullMQ and Celery. Ctrl-C stops everything."
echo
wait "${pids[@]}"
