// Demo traffic for BullMQ (prefix "bull"): a few jobs per second, some failures.
//   npx tsx scripts/demo/bullmq.ts        (runs until SIGINT/SIGTERM)
// Env: QUEUEDECK_REDIS_URL [redis://127.0.0.1:6379] (database 0 unless the URL names one).
//
//   emails      Worker fails ~15% of attempts (attempts 3, exponential backoff); ~4% of
//               jobs are "bounced" and fail every attempt, so some end up failed.
//               Also a stream of delayed "reminder" jobs (5-30 s).
//   reports     same failure pattern; every ~30 s a long "monthly" job reports progress
//               and stops when cancelled from QueueDeck (see the job page's Cancel button).
//   thumbnails  paused, with a backlog that keeps growing (capped); a worker is attached
//               so the dashboard shows a paused queue with an idle worker.
import { Queue, UnrecoverableError, Worker, type Job, type JobsOptions } from "bullmq";
import IORedis from "ioredis";
import { displayUrl, errorText, secretsOfUrl } from "../../server/redact";
import { attachCancellation, type CancellationHandle } from "../../lib/worker/attach-cancellation";

const redisUrl = process.env.QUEUEDECK_REDIS_URL ?? "redis://127.0.0.1:6379";
const secrets = secretsOfUrl(redisUrl);
const PREFIX = "bull";
const log = (msg: string) => console.log(`${new Date().toISOString()} bullmq-demo: ${msg}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// BullMQ needs maxRetriesPerRequest: null on a client it may block on.
const connection = new IORedis(redisUrl, { maxRetriesPerRequest: null });
let lastRedisError = "";
connection.on("error", (err: unknown) => {
  const text = errorText(err, secrets);
  // ioredis retries every few hundred ms while Redis is away: log each distinct error once.
  if (text !== lastRedisError) log(`redis error: ${text}`);
  lastRedisError = text;
});
connection.on("ready", () => (lastRedisError = ""));

// Bounded retention keeps the demo from filling Redis over a long run.
const jobDefaults: JobsOptions = {
  attempts: 3,
  backoff: { type: "exponential", delay: 1000 },
  removeOnComplete: { count: 1000 },
  removeOnFail: { count: 5000 },
};
const queues = {
  emails: new Queue("emails", { connection, prefix: PREFIX, defaultJobOptions: jobDefaults }),
  reports: new Queue("reports", { connection, prefix: PREFIX, defaultJobOptions: jobDefaults }),
  thumbnails: new Queue("thumbnails", { connection, prefix: PREFIX, defaultJobOptions: jobDefaults }),
};
for (const q of Object.values(queues)) q.on("error", (err) => log(`queue ${q.name}: ${errorText(err, secrets)}`));

const stats = { added: 0, completed: 0, failedAttempts: 0, failedFinal: 0 };

/** ~15% of attempts fail; jobs marked `bounce` fail every attempt and end up failed. */
async function flaky(job: Job, workMs: number): Promise<string> {
  await sleep(workMs);
  if (job.data.bounce) throw new Error(`mailbox ${job.data.to} does not exist`);
  if (Math.random() < 0.15) throw new Error("upstream timed out (transient)");
  return "ok";
}

async function monthlyReport(job: Job, signal?: AbortSignal): Promise<string> {
  // A long job: 20 steps of 1 s, progress reported after each; a cancel from QueueDeck
  // (attachCancellation below) aborts the signal and the job fails without retries.
  for (let step = 1; step <= 20; step++) {
    await sleep(1000);
    if (signal?.aborted) throw new UnrecoverableError(`cancelled: ${String(signal.reason)}`);
    await job.updateProgress(step * 5);
  }
  return "report.pdf";
}

const workerOpts = { connection, prefix: PREFIX, metrics: { maxDataPoints: 60 * 24 } };
const workers = [
  new Worker("emails", (job) => flaky(job, 50 + Math.random() * 200), { ...workerOpts, concurrency: 4 }),
  // Three parameters: BullMQ hands the abort signal only to processors that declare it.
  new Worker("reports", (job, _token, signal) => (job.name === "monthly" ? monthlyReport(job, signal) : flaky(job, 300)), {
    ...workerOpts,
    concurrency: 2,
  }),
  new Worker("thumbnails", async () => sleep(100), { ...workerOpts, concurrency: 1 }),
];
for (const w of workers) {
  w.on("error", (err) => log(`worker ${w.name}: ${errorText(err, secrets)}`));
  w.on("completed", () => stats.completed++);
  w.on("failed", (job) => {
    stats.failedAttempts++;
    if (job && job.attemptsMade >= (job.opts.attempts ?? 1)) stats.failedFinal++;
  });
}

let seq = 0;
/** Adds a job; while Redis is away the add fails and the tick is simply skipped. */
async function add(q: Queue, name: string, data: Record<string, unknown>, opts?: JobsOptions) {
  try {
    await q.add(name, { n: ++seq, ...data }, opts);
    stats.added++;
  } catch {
    // reported by the connection's error listener
  }
}

const timers: NodeJS.Timeout[] = [];
let cancellations: CancellationHandle[] = [];
function every(ms: number, fn: () => Promise<void>) {
  timers.push(setInterval(() => void fn().catch(() => undefined), ms));
}

async function main(): Promise<void> {
  log(`connecting to ${displayUrl(redisUrl)} (prefix "${PREFIX}")`);
  // Lets QueueDeck's "Cancel job" reach the worker running a job.
  cancellations = await Promise.all(workers.map((w) => attachCancellation(w, connection)));
  await queues.thumbnails.pause();
  const backlog = await queues.thumbnails.getWaitingCount();
  if (backlog < 200) {
    await queues.thumbnails.addBulk(
      Array.from({ length: 200 - backlog }, (_, i) => ({ name: "resize", data: { image: `img-${i}.jpg`, width: 320 } })),
    );
  }

  every(500, async () => {
    const to = `user${Math.floor(Math.random() * 1000)}@example.com`;
    await add(queues.emails, "welcome", { to, bounce: Math.random() < 0.04 });
  });
  every(2000, async () => {
    await add(queues.emails, "reminder", { to: "someone@example.com" }, { delay: 5000 + Math.random() * 25_000 });
  });
  every(1000, async () => {
    await add(queues.reports, "daily", { account: Math.floor(Math.random() * 50), bounce: Math.random() < 0.04 });
  });
  every(30_000, async () => {
    await add(queues.reports, "monthly", { month: new Date().toISOString().slice(0, 7) }, { attempts: 1 });
  });
  every(3000, async () => {
    // Keeps growing while paused, up to a cap.
    if ((await queues.thumbnails.getWaitingCount()) < 5000) await add(queues.thumbnails, "resize", { width: 640 });
  });
  every(10_000, async () => {
    const [e, r, t] = await Promise.all(
      [queues.emails, queues.reports, queues.thumbnails].map((q) => q.getJobCounts("waiting", "active", "delayed", "failed")),
    );
    log(
      `added=${stats.added} completed=${stats.completed} failedAttempts=${stats.failedAttempts} failedFinal=${stats.failedFinal}` +
        ` | emails w=${e!.waiting} a=${e!.active} d=${e!.delayed} f=${e!.failed}` +
        ` | reports w=${r!.waiting} a=${r!.active} f=${r!.failed} | thumbnails (paused) w=${t!.waiting}`,
    );
  });
  log("running");
}

let stopping = false;
async function shutdown(signal: string, code = 0): Promise<void> {
  if (stopping) return;
  stopping = true;
  log(`${signal}: stopping`);
  timers.forEach(clearInterval);
  await Promise.allSettled(cancellations.map((c) => c.close()));
  // force: do not wait for a 20 s report; its job is picked up again as stalled later.
  await Promise.allSettled(workers.map((w) => w.close(true)));
  await Promise.allSettled(Object.values(queues).map((q) => q.close()));
  await connection.quit().catch(() => connection.disconnect());
  process.exit(code);
}
process.once("SIGINT", () => void shutdown("SIGINT"));
process.once("SIGTERM", () => void shutdown("SIGTERM"));

main().catch((err: unknown) => {
  log(`failed to start: ${errorText(err, secrets)}`);
  void shutdown("error", 1);
});
