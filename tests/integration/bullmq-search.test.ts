// Search over 100,000 jobs: bounded slices, progress, exact matches, Redis never blocked.
import type { Queue } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JobOps } from "@/server/brokers/ops/jobs";
import { createBullmqAdapter, type BullmqAdapter } from "@/server/brokers/bullmq/adapter";
import { bullQueueId } from "@/server/brokers/bullmq/map";
import { DEFAULT_SEARCH_STATES, MAX_SEARCH_MATCHES, type JobStateName, type JobSummaryDto } from "@/lib/bullmq";
import { BullFixture, poll } from "../support/bullmq";

const N = 100_000;
const fx = new BullFixture();
const NAME = "search 100k";
const QID = bullQueueId(NAME);
let queue: Queue;
let adapter: BullmqAdapter;
let ops: JobOps;

beforeAll(async () => {
  queue = fx.queue(NAME);
  await queue.addBulk(Array.from({ length: 5 }, (_, i) => ({ name: "charge", data: { card: `c${i}` } })));
  const w = fx.worker(NAME, async () => {
    throw new Error("gateway said: smtp 554 rejected");
  });
  await poll("5 failed jobs", async () => ((await queue.getFailedCount()) === 5 ? true : undefined));
  await w.close();
  for (let i = 0; i < N; i += 5000) {
    await queue.addBulk(
      Array.from({ length: 5000 }, (_, k) => {
        const n = i + k;
        return { name: n % 2 ? "report" : "send", data: { user: { id: n }, email: `user${n}@example.com`, tags: ["a", n % 7 === 0 ? "seven" : "x"] } };
      }),
    );
  }
  adapter = createBullmqAdapter({ id: `t-${fx.prefix}`, kind: "bullmq", name: "test", redisUrl: fx.url, prefix: fx.prefix });
  ops = adapter.ops.jobs;
}, 180_000);

afterAll(async () => {
  await adapter?.close();
  await fx.cleanup();
}, 120_000);

/** Runs a search to the end like the UI does, slice after slice. */
async function searchAll(q: string, states: JobStateName[] = DEFAULT_SEARCH_STATES) {
  const items: JobSummaryDto[] = [];
  const slices: { scanned: number; ms: number }[] = [];
  let cursor: string | undefined;
  let last;
  do {
    const t0 = Date.now();
    last = await ops.searchJobs(QID, { q, states, ...(cursor ? { cursor } : {}) });
    slices.push({ scanned: last.scanned, ms: Date.now() - t0 });
    items.push(...last.items);
    cursor = last.nextCursor;
  } while (!last.done);
  return { items, slices, last };
}

describe("search over 100,000 jobs", () => {
  it("finds one job by a JSON path, in bounded slices with progress", async () => {
    const { items, slices, last } = await searchAll("$.user.id=42424");
    expect(items).toHaveLength(1);
    const job = (await queue.getJob(items[0]!.id))!;
    expect(job.data.user.id).toBe(42424);
    expect(items[0]).toMatchObject({ state: "waiting", name: "send" });
    expect(last).toMatchObject({ done: true, scanned: N + 5, total: N + 5 });
    // Bounded: several slices, each at most 10,000 jobs and well under a second.
    expect(slices.length).toBeGreaterThanOrEqual(10);
    let prev = 0;
    for (const s of slices) {
      expect(s.scanned - prev).toBeLessThanOrEqual(10_000);
      expect(s.ms).toBeLessThan(2000);
      prev = s.scanned;
    }
  }, 120_000);

  it("matches substrings of data and failedReason, case-insensitively", async () => {
    const byEmail = await searchAll("USER77777@example");
    expect(byEmail.items.map((j) => j.id)).toEqual([(await queue.getJobs(["waiting"], 0, -1)).find((j) => j.data.email === "user77777@example.com")!.id]);
    const byReason = await searchAll("smtp 554", ["failed"]);
    expect(byReason.items).toHaveLength(5);
    expect(byReason.items.every((j) => j.state === "failed" && j.failedReason === "gateway said: smtp 554 rejected")).toBe(true);
  }, 120_000);

  it("stops at the match cap and says so", async () => {
    const { items, last } = await searchAll("name:report");
    expect(items).toHaveLength(MAX_SEARCH_MATCHES);
    expect(last.capped).toBe(true);
    expect(items.every((j) => j.name === "report")).toBe(true);
  }, 120_000);

  it("finds a job by id at once, and a text that is an id", async () => {
    const [failed] = await queue.getFailed(0, 0);
    const r = await ops.searchJobs(QID, { q: `id:${failed!.id}`, states: DEFAULT_SEARCH_STATES });
    expect(r).toMatchObject({ done: true, items: [{ id: failed!.id, state: "failed", name: "charge" }] });
    const none = await ops.searchJobs(QID, { q: "id:does-not-exist", states: DEFAULT_SEARCH_STATES });
    expect(none).toMatchObject({ done: true, items: [] });
  });

  it("never blocks Redis: other clients are answered quickly while it runs", async () => {
    let running = true;
    const pings: number[] = [];
    const pinger = (async () => {
      while (running) {
        const t0 = performance.now();
        await fx.connection.ping();
        pings.push(performance.now() - t0);
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    const { items } = await searchAll("$.email~user99999@");
    expect(items).toHaveLength(1);
    running = false;
    await pinger;
    pings.sort((a, b) => a - b);
    expect(pings.length).toBeGreaterThan(20);
    expect(pings[Math.floor(pings.length * 0.99)]!).toBeLessThan(100);
  }, 120_000);

  it("rejects a malformed JSON path with a 400 naming q", async () => {
    await expect(ops.searchJobs(QID, { q: "$.user..id=1", states: ["waiting"] })).rejects.toMatchObject({ code: "invalid", message: expect.stringMatching(/^q: /) });
  });
});
