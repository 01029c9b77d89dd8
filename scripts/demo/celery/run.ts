// Runs the Celery demo: one worker (demo1@<host>, queues celery + images) and
// the producer, until SIGTERM/SIGINT. Used by the project's demo script:
//
//   npx tsx --conditions react-server scripts/demo/celery/run.ts
//
// CELERY_BROKER_URL / CELERY_RESULT_BACKEND choose the Redis dbs (defaults 0 and 1).
import { spawn } from "node:child_process";
import path from "node:path";
import { CELERY_DEMO_DIR, CELERY_PYTHON, startCeleryWorker } from "../../../tests/support/celery-worker";

const brokerUrl = process.env.CELERY_BROKER_URL ?? "redis://127.0.0.1:6379/0";
const backendUrl = process.env.CELERY_RESULT_BACKEND ?? "redis://127.0.0.1:6379/1";

async function main() {
  // Same worker as the documented command (mingle and gossip on), started and
  // pinged through the adapter so "ready" means the dashboard can see it.
  const worker = await startCeleryWorker({
    brokerUrl,
    backendUrl,
    name: process.env.CELERY_DEMO_WORKER ?? "demo1",
    queues: ["celery", "images"],
    isolated: false,
  });
  console.log(`celery worker ${worker.hostname} ready (log: ${worker.logFile})`);

  const producer = spawn(CELERY_PYTHON, [path.join(CELERY_DEMO_DIR, "produce.py"), ...process.argv.slice(2)], {
    cwd: CELERY_DEMO_DIR,
    env: { ...process.env, PYTHONPATH: CELERY_DEMO_DIR, CELERY_BROKER_URL: brokerUrl, CELERY_RESULT_BACKEND: backendUrl },
    stdio: ["ignore", "inherit", "inherit"],
  });
  console.log(`celery producer started (pid ${producer.pid})`);

  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    if (producer.exitCode === null) producer.kill("SIGTERM");
    await worker.stop();
    process.exit(code);
  };
  process.on("SIGTERM", () => void shutdown(0));
  process.on("SIGINT", () => void shutdown(0));
  producer.on("exit", (code) => {
    if (!stopping) console.log(`celery producer exited (${code}); stopping the worker`);
    void shutdown(code ?? 0);
  });
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
