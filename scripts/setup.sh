#!/usr/bin/env bash
# Installs what QueueDeck's demo and tests need on a fresh Debian machine: Node packages
# (npm ci), Chromium for the browser tests, Celery for the demo and Celery tests,
# Prometheus, whose real scrape checks GET /metrics, and PostgreSQL for the store tests.
# The brokers themselves are handled by scripts/brokers.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
/usr/bin/python3 -c 'import celery, redis' 2>/dev/null || need_apt+=(python3-celery python3-redis python3-amqp)
[ -x /usr/bin/prometheus ] || need_apt+=(prometheus)
# PostgreSQL for the store's PostgreSQL tests (scripts/brokers.sh up postgres starts a private one).
ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || need_apt+=(postgresql)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "setup: installing ${need_apt[*]} with apt-get"
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# npm ci when node_modules is missing or older than the lock file.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi
