// Reads a Celery worker's state with Celery's own client (not QueueDeck's), so the battery checks
// what the worker really holds rather than what our remote-control code believes it set.
import { execFile } from "node:child_process";
import { CELERY_PYTHON } from "../celery-worker";

const SCRIPT = `
import json, sys
from celery import Celery
app = Celery(broker=sys.argv[1])
print(json.dumps(app.control.inspect(destination=[sys.argv[2]], timeout=2).registered("rate_limit") or {}))
`;

/** The rate limit the worker holds for a task type: "7/m", or "" when it has none (or an empty one). */
export async function workerRateLimit(brokerUrl: string, hostname: string, taskName: string): Promise<string> {
  // Celery lists "demo.add [rate_limit=7/m]", or just "demo.add" when the limit is None.
  const entry = (await registeredWithRateLimits(brokerUrl, hostname)).find((e) => e.split(" ")[0] === taskName);
  if (entry === undefined) throw new Error(`${hostname} has no task ${taskName} registered`);
  const rate = /\[rate_limit=([^\]]*)\]/.exec(entry)?.[1] ?? "";
  return rate === "0" ? "" : rate;
}

function registeredWithRateLimits(brokerUrl: string, hostname: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    execFile(CELERY_PYTHON, ["-c", SCRIPT, brokerUrl, hostname], { timeout: 15_000 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`celery inspect failed: ${err.message}\n${stderr}`));
      const replies = JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as Record<string, string[]>;
      resolve(replies[hostname] ?? []);
    });
  });
}

const INSPECT_SCRIPT = `
import json, sys
from celery import Celery
app = Celery(broker=sys.argv[1])
print(json.dumps(getattr(app.control.inspect(destination=[sys.argv[2]], timeout=2), sys.argv[3])() or {}))
`;

/** One worker's reply to an inspect command (stats, active_queues, ...), asked with Celery's own client. */
export function inspectWithCelery(brokerUrl: string, hostname: string, method: string): Promise<any> {
  return new Promise((resolve, reject) => {
    execFile(CELERY_PYTHON, ["-c", INSPECT_SCRIPT, brokerUrl, hostname, method], { timeout: 15_000 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`celery inspect ${method} failed: ${err.message}\n${stderr}`));
      resolve((JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as Record<string, unknown>)[hostname]);
    });
  });
}
