// Starts a real Celery worker running the demo app (scripts/demo/celery/demo_tasks.py)
// and waits until it answers a ping over the wire, through QueueDeck's own remote-control
// client (the adapter's on Redis, the AMQP transport's on RabbitMQ): if QueueDeck cannot
// reach it, the worker is not "ready".
//
// Outside vitest (e.g. from a demo script run with tsx), run node with
// `--conditions react-server` so the adapter's `import "server-only"` resolves.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import { createCeleryAdapter } from "@/server/brokers/celery/adapter";
import { createAmqpTransport } from "@/server/brokers/celery/amqp-transport";
import { bindingMember, bindingSetKey } from "@/server/brokers/celery/envelope";

export interface CeleryWorkerOptions {
  brokerUrl: string;
  backendUrl: string;
  /** Node name before the "@"; the host part is added (or pass a full "name@host"). */
  name: string;
  queues: string[];
  concurrency?: number;
  /** Skip mingle and gossip: faster start, and no chatter with other workers on a shared Redis. Default true. */
  isolated?: boolean;
  readyTimeoutMs?: number;
  /** Start with task events on (-E). Default true; false leaves it to `enable_events`. */
  events?: boolean;
  /** How long a warm shutdown (finishing running tasks) may take before SIGKILL. */
  stopGraceMs?: number;
}

export interface CeleryWorkerHandle {
  hostname: string;
  pid: number;
  logFile: string;
  /** Last lines of the worker's log, for assertion messages. */
  logTail(lines?: number): string;
  stop(): Promise<void>;
}

export const CELERY_PYTHON = process.env.QUEUEDECK_CELERY_PYTHON ?? "/usr/bin/python3";
// tsx runs this file as CommonJS (no "type": "module"), vitest provides __dirname too.
export const CELERY_DEMO_DIR = path.resolve(__dirname, "../../scripts/demo/celery");

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

// A worker must never outlive the process that started it, even on a crash.
function installExitHook() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on("exit", () => {
    for (const child of live) killGroup(child, "SIGKILL");
  });
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals) {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal); // detached: the pid is the group id, pool children included
  } catch {
    // group already gone
  }
}

function waitExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

export async function startCeleryWorker(opts: CeleryWorkerOptions): Promise<CeleryWorkerHandle> {
  const hostname = opts.name.includes("@") ? opts.name : `${opts.name}@${os.hostname()}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "queuedeck-celery-"));
  const logFile = path.join(dir, "worker.log");
  const fd = fs.openSync(logFile, "a");
  const args = ["-m", "celery", "-A", "demo_tasks", "worker", "-l", "info"];
  args.push("-c", String(opts.concurrency ?? 2), "-n", hostname, "-Q", opts.queues.join(","));
  if (opts.events ?? true) args.push("-E");
  if (opts.isolated ?? true) args.push("--without-mingle", "--without-gossip");

  const child = spawn(CELERY_PYTHON, args, {
    cwd: CELERY_DEMO_DIR,
    env: {
      ...process.env,
      PYTHONPATH: CELERY_DEMO_DIR,
      PYTHONUNBUFFERED: "1",
      CELERY_BROKER_URL: opts.brokerUrl,
      CELERY_RESULT_BACKEND: opts.backendUrl,
      CELERY_TASK_EVENTS: opts.events ?? true ? "1" : "0",
    },
    detached: true,
    stdio: ["ignore", fd, fd],
  });
  fs.closeSync(fd);
  child.unref(); // a forgotten stop() must not keep the test runner alive; the exit hook kills it
  live.add(child);
  installExitHook();
  let spawnError: Error | undefined;
  child.on("error", (err) => {
    spawnError = err;
  });

  const logTail = (lines = 40) => {
    try {
      return fs.readFileSync(logFile, "utf8").split("\n").slice(-lines).join("\n");
    } catch {
      return "";
    }
  };

  const stop = async () => {
    if (live.has(child)) {
      // Warm shutdown: SIGTERM to the main process only. Pool children reset
      // SIGTERM to its default, so signalling the whole group would kill running
      // tasks (WorkerLostError) instead of letting Celery finish and unregister.
      try {
        process.kill(child.pid!, "SIGTERM");
      } catch {
        // already gone
      }
      if (!(await waitExit(child, opts.stopGraceMs ?? 8000))) {
        killGroup(child, "SIGKILL");
        await waitExit(child, 5000);
      }
      killGroup(child, "SIGKILL"); // any pool process the parent left behind
      live.delete(child);
    }
    // On RabbitMQ the worker's pidbox queue is auto-delete with an expiry: nothing to clean.
    if (!isAmqp(opts.brokerUrl)) await forgetPidbox(opts.brokerUrl, hostname);
  };

  const probe = pingProbe(opts.brokerUrl);
  try {
    const deadline = Date.now() + (opts.readyTimeoutMs ?? 30_000);
    for (;;) {
      if (spawnError) throw spawnError;
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`celery worker exited (${child.exitCode ?? child.signalCode}) before answering:\n${logTail()}`);
      }
      const answered = await probe.ping(hostname).catch((): string[] => []);
      if (answered.includes(hostname)) break;
      if (Date.now() > deadline) throw new Error(`celery worker ${hostname} did not answer ping in time:\n${logTail()}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  } catch (err) {
    await stop();
    throw err;
  } finally {
    await probe.close();
  }
  return { hostname, pid: child.pid!, logFile, logTail, stop };
}

function isAmqp(brokerUrl: string): boolean {
  return /^amqps?:/i.test(brokerUrl);
}

/** Pings one worker by hostname over the broker's own transport; resolves to who answered. */
function pingProbe(brokerUrl: string): { ping(hostname: string): Promise<string[]>; close(): Promise<void> } {
  if (isAmqp(brokerUrl)) {
    const transport = createAmqpTransport(brokerUrl);
    return {
      async ping(hostname) {
        const [replies = {}] = await transport.broadcast([{ method: "ping" }], { destination: [hostname], timeoutMs: 1000 });
        return Object.keys(replies);
      },
      close: () => transport.close(),
    };
  }
  const adapter = createCeleryAdapter({ id: "worker-probe", kind: "celery", name: "probe", brokerUrl });
  return {
    ping: (hostname) => adapter.ping({ destination: [hostname], timeoutMs: 1000 }),
    close: () => adapter.close(),
  };
}

/** A stopped worker leaves its pidbox binding behind in Redis; remove it so shared Redis does not fill up. */
async function forgetPidbox(brokerUrl: string, hostname: string): Promise<void> {
  const redis = new Redis(brokerUrl, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  redis.on("error", () => undefined);
  try {
    await redis.srem(bindingSetKey("celery.pidbox"), bindingMember("", "", `${hostname}.celery.pidbox`));
  } catch {
    // best effort
  } finally {
    redis.disconnect();
  }
}
