#!/usr/bin/env bash
# Every test: unit, integration against the real brokers, and browser tests in real Chromium.
# Starts the brokers it needs (reusing running ones) and stops only what it started.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
bash scripts/brokers.sh up
trap 'bash scripts/brokers.sh down || true' EXIT
# shellcheck disable=SC1091
source .cache/brokers.env

mkdir -p .cache/results
rm -f .cache/results/*.json
status=0

echo "== build"
npm run build --silent

echo "== unit tests"
npx vitest run --project unit --reporter=default --reporter=json --outputFile.json=.cache/results/unit.json || status=1

echo "== integration tests (real RabbitMQ, Kafka, Redis/BullMQ, Celery)"
npx vitest run --project integration --reporter=default --reporter=json --outputFile.json=.cache/results/integration.json || status=1

echo "== fault tests (brokers stopped and QueueDeck killed mid-action, load)"
npx vitest run --project fault --passWithNoTests --reporter=default --reporter=json --outputFile.json=.cache/results/fault.json || status=1

echo "== browser tests (Chromium)"
PLAYWRIGHT_JSON_OUTPUT_NAME=.cache/results/e2e.json npx playwright test --reporter=list,json || status=1

node scripts/summarize-tests.mjs .cache/results/unit.json .cache/results/integration.json .cache/results/fault.json .cache/results/e2e.json || status=1
exit $status
