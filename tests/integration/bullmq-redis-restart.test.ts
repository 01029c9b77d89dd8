// Redis going away and coming back, on a private redis-server: the source turns down and job
// routes answer 503 JSON (never 500, never hang); after Redis returns everything works again.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiClient, freePort, startServer, type RunningServer } from "../support/server";
import { bullQueueId } from "@/server/brokers/bullmq/map";
import { BullFixture, poll } from "../support/bullmq";
import { LIVE_READ_SHARE_MS } from "@/server/shared-reads/coalesce";

const ADMIN_PASSWORD = "admin-password-for-restart";
const NAME = "survives restarts";
const QID = bullQueueId(NAME);
let port: number;
let pidFile: string;
let fx: BullFixture;
let server: RunningServer;
let admin: ApiClient;
const Q = `/api/v1/sources/bq/queues/${QID}`;

function startRedis(): void {
  execFileSync("redis-server", ["--port", String(port), "--save", "", "--appendonly", "no", "--daemonize", "yes", "--pidfile", pidFile]);
}

async function stopRedis(): Promise<void> {
  const pid = Number(fs.readFileSync(pidFile, "utf8"));
  process.kill(pid, "SIGKILL");
  await poll("redis to exit", async () => {
    try {
      process.kill(pid, 0);
      return undefined;
    } catch {
      return true;
    }
  });
}

async function seed(): Promise<void> {
  const q = fx.queue(NAME);
  await q.addBulk(Array.from({ length: 3 }, (_, i) => ({ name: "job", data: { i } })));
}

async function source(): Promise<any> {
  return (await admin.get("/api/v1/sources")).json.items.find((s: any) => s.id === "bq");
}

beforeAll(async () => {
  port = await freePort();
  pidFile = `/tmp/qd-redis-${port}.pid`;
  startRedis();
  fx = new BullFixture(`redis://127.0.0.1:${port}/0`);
  await poll("private redis", async () => ((await fx.connection.ping()) === "PONG" ? true : undefined));
  await seed();
  server = await startServer({
    config: { sources: [{ id: "bq", kind: "bullmq", name: "Private Redis", redisUrl: `redis://127.0.0.1:${port}/0`, prefix: fx.prefix }] },
    env: { QUEUEDECK_ADMIN_PASSWORD: ADMIN_PASSWORD },
  });
  admin = new ApiClient(server.url);
  await admin.post("/api/v1/session", { username: "admin", password: ADMIN_PASSWORD });
}, 120_000);

afterAll(async () => {
  await server?.stop();
  // The private Redis goes away with everything in it: no key cleanup needed.
  try {
    process.kill(Number(fs.readFileSync(pidFile, "utf8")), "SIGKILL");
  } catch {
    /* already gone */
  }
  fx?.connection.disconnect();
  fs.rmSync(pidFile, { force: true });
});

describe("Redis away and back", () => {
  it("works, goes down with 503s, and recovers", async () => {
    await poll("source up", async () => ((await source())?.status === "up" ? true : undefined));
    expect((await admin.get(`${Q}/jobs?state=waiting`)).json.total).toBe(3);

    await stopRedis();
    const down = await poll("source down", async () => {
      const s = await source();
      return s?.status === "down" ? s : undefined;
    });
    expect(down.error).toMatch(/ECONNREFUSED|connect|closed/i);
    // A page read just before Redis went away may still be shared for its last seconds.
    await new Promise((r) => setTimeout(r, LIVE_READ_SHARE_MS + 200));
    for (const [method, path] of [
      ["GET", `${Q}/jobs?state=waiting`],
      ["GET", `${Q}/jobs/1`],
      ["GET", `${Q}/jobs/search?q=x`],
      ["POST", `${Q}/pause`],
      ["POST", `${Q}/retry`],
    ] as const) {
      const t0 = Date.now();
      const r = await admin.request(method, path, method === "POST" ? {} : undefined);
      expect(r.status, `${method} ${path}`).toBe(503);
      expect(r.json.error.code).toBe("source_unavailable");
      expect(Date.now() - t0).toBeLessThan(6000);
    }
    // The queue page falls back to the (now empty) snapshot: a clean 404, not a 500.
    expect((await admin.get(Q)).status).toBe(404);

    startRedis();
    await poll("private redis back", async () => ((await fx.connection.ping()) === "PONG" ? true : undefined));
    // Nothing was kept on disk: the queue is made again, as a producer would.
    await seed();
    await poll("source up again", async () => ((await source())?.status === "up" ? true : undefined), 45_000);
    const page = await poll("job page again", async () => {
      const r = await admin.get(`${Q}/jobs?state=waiting`);
      return r.status === 200 ? r : undefined;
    });
    expect(page.json.total).toBe(3);
    expect((await admin.post(`${Q}/pause`)).status).toBe(200);
    expect(await fx.queue(NAME).isPaused()).toBe(true);
  }, 120_000);
});
