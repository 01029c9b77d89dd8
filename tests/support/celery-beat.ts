// Starts real celery beat (Debian's python3-celery) sending one task on a short schedule
// (tests/support/celery/beat_schedule.py), for the periodic-task view. Beat keeps its schedule
// state in a file of its own temporary folder.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

// Not imported from celery-worker.ts: that pulls in server modules, and browser tests use this too.
const CELERY_PYTHON = process.env.QUEUEDECK_CELERY_PYTHON ?? "/usr/bin/python3";
const CELERY_DEMO_DIR = path.resolve("scripts/demo/celery");

export interface CeleryBeatOptions {
  brokerUrl: string;
  backendUrl: string;
  task: string;
  args: unknown[];
  everySeconds: number;
  queue: string;
}

export interface CeleryBeatHandle {
  logTail(lines?: number): string;
  /** SIGTERM, then SIGKILL after 5 s; resolves once beat has exited. */
  stop(): Promise<void>;
}

const SCHEDULE_DIR = path.resolve("tests/support/celery");

export function startCeleryBeat(opts: CeleryBeatOptions): CeleryBeatHandle {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "queuedeck-beat-"));
  const logFile = path.join(dir, "beat.log");
  const fd = fs.openSync(logFile, "a");
  // --max-interval 1: beat wakes at least every second, so a 1 s schedule is kept.
  const args = ["-m", "celery", "-A", "beat_schedule", "beat", "-l", "info", "-s", path.join(dir, "schedule"), "--max-interval", "1"];
  const child = spawn(CELERY_PYTHON, args, {
    cwd: SCHEDULE_DIR,
    env: {
      ...process.env,
      PYTHONPATH: `${SCHEDULE_DIR}:${CELERY_DEMO_DIR}`,
      PYTHONUNBUFFERED: "1",
      CELERY_BROKER_URL: opts.brokerUrl,
      CELERY_RESULT_BACKEND: opts.backendUrl,
      QD_BEAT_TASK: opts.task,
      QD_BEAT_ARGS: JSON.stringify(opts.args),
      QD_BEAT_EVERY: String(opts.everySeconds),
      QD_BEAT_QUEUE: opts.queue,
    },
    stdio: ["ignore", fd, fd],
  });
  fs.closeSync(fd);
  const kill = () => child.kill("SIGKILL");
  process.once("exit", kill); // beat must not outlive the test run
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    logTail: (lines = 30) => {
      try {
        return fs.readFileSync(logFile, "utf8").split("\n").slice(-lines).join("\n");
      } catch {
        return "";
      }
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        const timer = setTimeout(kill, 5000);
        await exited;
        clearTimeout(timer);
      }
      process.removeListener("exit", kill);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
