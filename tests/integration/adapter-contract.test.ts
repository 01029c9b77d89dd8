// The adapter contract (issue 7, item 5): one battery, written once and run for every broker kind
// on its real broker. Each kind's fixture (tests/support/contract/<kind>.ts) seeds data under
// names unique to the run, holds the table capability -> exercise, and cleans up.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { capabilitiesOf, type BrokerAdapter } from "@/server/brokers/adapter";
import { createAdapter } from "@/server/brokers/registry";
import { startServer, type RunningServer } from "../support/server";
import { poll } from "../support/wait";
import { ok, RecordingClient } from "../support/contract/api";
import { bullmqFixture } from "../support/contract/bullmq";
import { celeryFixture } from "../support/contract/celery";
import { kafkaFixture } from "../support/contract/kafka";
import { rabbitmqFixture } from "../support/contract/rabbitmq";
import {
  ACTION_CAPABILITIES,
  ALL_CAPABILITIES,
  DOWN_SECRET,
  VIEW_CAPABILITIES,
  VIEW_LISTS,
  type ContractContext,
  type Json,
  type KindFixture,
} from "../support/contract/types";

const ADMIN_TOKEN = `contract-admin-token-${Math.random().toString(36).slice(2)}`;
const VIEWER = { username: "vera-contract", password: "viewer-password-contract" };
/** How long a source at a dead port may take to say "down" (the probe budget is 5 s). */
const DOWN_BOUND_MS = 6000;
/** Series keys ("Decisions" 3): queue:, group:, topic:, vhost: an entity, "" the source itself. */
const SERIES_ENTITY = /^$|^(queue|group|topic|vhost):.+$/;

const fixtures: KindFixture[] = [rabbitmqFixture(), bullmqFixture(), kafkaFixture(), celeryFixture()];
let server: RunningServer;
let admin: RecordingClient;
let viewer: RecordingClient;

beforeAll(async () => {
  // In parallel: seeding is mostly waiting on four brokers.
  const seeded = await Promise.allSettled(fixtures.map((f) => f.setup()));
  const failed = seeded.flatMap((s, i) => (s.status === "rejected" ? [`${fixtures[i]!.kind}: ${String(s.reason)}`] : []));
  if (failed.length) throw new Error(`seeding failed:\n${failed.join("\n")}`);
  server = await startServer({
    config: { sources: fixtures.flatMap((f) => [f.source, f.downSource]) },
    env: { QUEUEDECK_ADMIN_TOKEN: ADMIN_TOKEN },
  });
  admin = new RecordingClient(server.url, ADMIN_TOKEN);
  expect((await admin.post("/api/v1/users", { ...VIEWER, role: "viewer" })).status).toBe(201);
  viewer = new RecordingClient(server.url);
  expect((await viewer.post("/api/v1/session", VIEWER)).status).toBe(200);
  for (const f of fixtures) await f.afterServerStart?.({ admin, base: `/api/v1/sources/${f.source.id}` });
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await Promise.allSettled(fixtures.map((f) => f.cleanup()));
});

async function withAdapter(config: KindFixture["source"], body: (a: BrokerAdapter) => Promise<void>): Promise<void> {
  const adapter = createAdapter(config);
  try {
    await body(adapter);
  } finally {
    await adapter.close();
  }
}

describe.each(fixtures)("$kind adapter contract", (fx) => {
  const base = `/api/v1/sources/${fx.source.id}`;
  const ctx = (): ContractContext => ({ admin, base });
  const capabilities = async (): Promise<Record<string, boolean>> => (await ok(admin.get(base), "the source")).capabilities;
  const announced = async (names: readonly string[]) => {
    const caps = await capabilities();
    return names.filter((n) => caps[n] === true);
  };

  it("connects through the registry and is up with a version", async () => {
    await withAdapter(fx.source, async (adapter) => {
      await adapter.connect();
      const health = await adapter.health();
      expect(health.status, health.error).toBe("up");
      expect(health.version).toMatch(/\S/);
    });
  });

  it("is down fast at a dead port, and neither its error nor the API shows the password", async () => {
    await withAdapter(fx.downSource, async (adapter) => {
      let started = Date.now();
      const health = await adapter.health();
      const healthMs = Date.now() - started;
      expect(health.status).toBe("down");
      expect(health.error).toMatch(/\S/);
      expect(JSON.stringify(health)).not.toContain(DOWN_SECRET);
      expect(healthMs, "health() of a dead port").toBeLessThanOrEqual(DOWN_BOUND_MS);

      started = Date.now();
      const sample = await adapter.sample();
      expect(Date.now() - started, "sample() of a dead port").toBeLessThanOrEqual(DOWN_BOUND_MS);
      expect(sample.health.status).toBe("down");
      expect(JSON.stringify(sample)).not.toContain(DOWN_SECRET);
    });
    const summary = await poll("the down source's first tick", async () => {
      const res = await admin.get(`/api/v1/sources/${fx.downSource.id}`);
      return res.json?.status === "down" && res.json.error ? res.json : undefined;
    });
    expect(JSON.stringify(summary)).not.toContain(DOWN_SECRET);
  });

  it("samples up, with the lists its views announce: items with string ids, numeric stats, finite points", async () => {
    await withAdapter(fx.source, async (adapter) => {
      await adapter.connect();
      const sample = await adapter.sample();
      expect(sample.health.status, sample.health.error).toBe("up");
      const caps = capabilitiesOf(adapter) as Record<string, boolean>;
      const views = VIEW_CAPABILITIES.filter((v) => caps[v]);
      expect(views.length, "a source announces at least one view").toBeGreaterThan(0);
      for (const view of views) {
        for (const { sampleList } of VIEW_LISTS[view]) {
          if (sampleList) expect(Array.isArray(sample.lists[sampleList]), `view ${view} needs lists.${sampleList} (${sample.health.degraded ?? "not degraded"})`).toBe(true);
        }
      }
      // One verdict per list, naming a few offenders: shared brokers hold thousands of items.
      for (const [list, items] of Object.entries(sample.lists)) {
        const withoutId = (items as Json[]).filter((item) => typeof item?.id !== "string" || item.id === "");
        expect.soft(withoutId.slice(0, 2), `${withoutId.length} of ${items.length} items of lists.${list} lack a string id`).toEqual([]);
      }
      for (const [name, value] of Object.entries(sample.stats)) expect.soft(Number.isFinite(value), `stats.${name} = ${value}`).toBe(true);
      expect(sample.metrics.length).toBeGreaterThan(0);
      const badPoints = sample.metrics.filter(
        (p) => typeof p.metric !== "string" || p.metric === "" || typeof p.entity !== "string" || !SERIES_ENTITY.test(p.entity) || !Number.isFinite(p.value),
      );
      expect.soft(badPoints.slice(0, 3), `${badPoints.length} of ${sample.metrics.length} metric points malformed`).toEqual([]);
    });
  });

  it("serves snapshot list items whose ids the detail routes accept", async () => {
    const caps = await capabilities();
    for (const view of await announced(VIEW_CAPABILITIES)) {
      for (const { list, detail } of VIEW_LISTS[view as keyof typeof VIEW_LISTS]) {
        // Only this run's items: other runs' items on the shared brokers come and go meanwhile.
        const mine = await poll(`this run's items in GET ${list}`, async () => {
          const res = await admin.get(`${base}/${list}`);
          expect(res.status, `GET ${list}`).toBe(200);
          const items = (res.json.items as Json[]).filter((item) => fx.ours(list, item));
          return items.length ? items : undefined;
        });
        for (const item of mine) {
          const label = `${list} item ${JSON.stringify(item).slice(0, 120)}`;
          expect.soft(typeof item.id, `${label} has a string id`).toBe("string");
          const path = detail && typeof item.id === "string" ? detail(item.id, caps) : null;
          if (!path) continue;
          const res = await admin.get(`${base}/${path}`);
          expect.soft(res.status, `GET ${path} for ${label}`).toBe(200);
          expect.soft(res.json?.id, `detail of ${label}`).toBe(item.id);
        }
      }
    }
  });

  it("refuses a viewer every action capability with 403 and a denied audit row naming the target", async () => {
    const actions = await announced(ACTION_CAPABILITIES);
    // Announced actions without an attempt fail, and so do attempts for actions not announced.
    expect.soft(Object.keys(fx.viewerAttempts).sort(), "viewer attempts vs announced actions").toEqual([...actions].sort());
    const auditRows = async (): Promise<Json[]> => (await ok(admin.get(`/api/v1/audit?source=${fx.source.id}&limit=50`), "audit")).items;
    for (const [capability, attemptOf] of Object.entries(fx.viewerAttempts)) {
      const attempt = await attemptOf(ctx());
      const seen = Math.max(0, ...(await auditRows()).map((r) => r.id as number));
      const res = await viewer.request(attempt.method, `${base}/${attempt.path}`, attempt.body);
      const what = `${capability}: viewer ${attempt.method} ${attempt.path}`;
      expect.soft(res.status, `${what} -> ${JSON.stringify(res.json)}`).toBe(403);
      const rows = (await auditRows()).filter((r) => r.id > seen && r.actor === VIEWER.username);
      expect.soft(rows.map((r) => ({ outcome: r.outcome, target: r.target })), `${what}: audit rows`).toEqual([{ outcome: "denied", target: attempt.target }]);
    }
  });

  it("announces known capability names, and exactly those its exercise table covers", async () => {
    const caps = await capabilities();
    const names = Object.keys(caps);
    expect.soft(
      { unknown: names.filter((n) => !ALL_CAPABILITIES.includes(n)), missing: ALL_CAPABILITIES.filter((n) => !names.includes(n)) },
      "capability names (issue 7, Decisions 1)",
    ).toEqual({ unknown: [], missing: [] });
    // A flag can never be true without a working route: an announced capability with no
    // exercise fails here, and so does an exercise for a capability no longer announced.
    const flagged = Object.keys(caps).filter((c) => caps[c] === true);
    expect(flagged.sort(), "announced capabilities vs the exercise table").toEqual(Object.keys(fx.exercises).sort());
  });

  it.each(Object.keys(fx.exercises))("%s works end to end through its route", async (capability) => {
    await fx.exercises[capability]!(ctx());
  });
});

describe("secrets", () => {
  it("no API answer and no server log line shows a down source's password", () => {
    expect(RecordingClient.answers.length).toBeGreaterThan(0);
    for (const answer of RecordingClient.answers) expect(answer).not.toContain(DOWN_SECRET);
    expect(server.output()).not.toContain(DOWN_SECRET);
  });
});
