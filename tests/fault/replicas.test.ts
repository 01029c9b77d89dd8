// Three QueueDeck replicas (`next start`) on one PostgreSQL database and the real RabbitMQ. Each
// source is sampled by one of them; the one sampling RabbitMQ is killed with SIGKILL in the
// middle of a replay it runs. The others take the source over with no gap of two intervals in its
// series, show the replay interrupted, resume it loss-free, keep every audit row, and a session
// made on one replica works on the others. Then the new sampler is stopped cleanly (SIGTERM) and
// hands its leases over as it exits.
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { queueIdOf } from "@/lib/rabbitmq";
import { IN_FLIGHT_WINDOW } from "@/server/brokers/rabbitmq/messages";
import { rabbitAmqpUrl, rabbitManagementUrl, redisUrl } from "../support/brokers";
import { poll, TestVhost } from "../support/rabbitmq";
import { ApiClient, startServer, type RunningServer } from "../support/server";
import { createTestDatabase } from "../support/stores";
import { waitOperation } from "./kill-support";

const ADMIN_PASSWORD = "replicas-admin-pw";
const INTERVAL_MS = 2000;
const COUNT = 20_000;
const REPLICAS = ["replica-a", "replica-b", "replica-c"];
const vh = new TestVhost("-replicas");
const config = {
  sources: [
    { id: "rabbit", kind: "rabbitmq", name: "RabbitMQ", amqpUrl: rabbitAmqpUrl(), managementUrl: rabbitManagementUrl() },
    { id: "jobs", kind: "bullmq", name: "BullMQ", redisUrl: redisUrl(), prefix: `qd-replicas-${process.pid}` },
  ],
};

let database: Awaited<ReturnType<typeof createTestDatabase>>;
const servers = new Map<string, RunningServer>();

const start = async (id: string) => {
  const server = await startServer({
    config,
    env: { QUEUEDECK_ADMIN_PASSWORD: ADMIN_PASSWORD, QUEUEDECK_DATABASE_URL: database.url, QUEUEDECK_REPLICA_ID: id, QUEUEDECK_COLLECTOR_INTERVAL_MS: String(INTERVAL_MS) },
  });
  servers.set(id, server);
  return server;
};

beforeAll(async () => {
  database = await createTestDatabase();
  await vh.create();
  const ch = await vh.confirmChannel();
  await ch.assertQueue("work.dlq", { durable: true });
  await ch.assertQueue("work", { durable: true, arguments: { "x-dead-letter-exchange": "", "x-dead-letter-routing-key": "work.dlq" } });
  await ch.assertQueue("notes", { durable: true });
  await ch.close();
  await vh.deadLetter(
    "work",
    Array.from({ length: COUNT }, (_, i) => JSON.stringify({ n: i })),
    { messageIds: true },
  );
  await poll("the dead letters", async () => ((await vh.depth("work.dlq")) === COUNT ? true : undefined), 60_000);
  // One after the other: the first migrates, the others find the schema there.
  for (const id of REPLICAS) await start(id);
}, 240_000);

afterAll(async () => {
  for (const s of servers.values()) await s.stop("SIGKILL").catch(() => undefined);
  await vh.delete();
  await database?.drop();
});

it("survives the death of the replica that samples a source", { timeout: 240_000 }, async () => {
  const url = (id: string) => servers.get(id)!.url;
  // Signed in on the first replica; the same cookies are sent to the others, as behind a load balancer.
  const first = new ApiClient(url(REPLICAS[0]!));
  expect((await first.post("/api/v1/session", { username: "admin", password: ADMIN_PASSWORD })).status).toBe(200);
  const on = (id: string) => first.at(url(id));
  for (const id of REPLICAS) expect((await on(id).get("/api/v1/session")).json).toMatchObject({ username: "admin", role: "admin" });

  // Every replica names the same sampler for each source, and each source has one.
  const samplerOf = async (source: string, via: string[]) => {
    const named = await Promise.all(via.map(async (id) => (await on(id).get(`/api/v1/sources/${source}`)).json.sampledBy as string | undefined));
    return named.every((n) => n && n === named[0]) ? named[0] : undefined;
  };
  const victim = await poll("one sampler of rabbit, named alike everywhere", () => samplerOf("rabbit", REPLICAS), 30_000);
  expect(REPLICAS).toContain(victim);
  expect(await poll("one sampler of jobs", () => samplerOf("jobs", REPLICAS), 30_000)).toMatch(/^replica-/);
  const survivors = REPLICAS.filter((id) => id !== victim);
  // Lists come from the sampler's snapshot on every replica, the others included.
  const queuesVia = async (id: string) => ((await on(id).get("/api/v1/sources/rabbit/queues")).json.items as { vhost: string; name: string; depth: number }[]).filter((q) => q.vhost === vh.name);
  for (const id of survivors) {
    const dlq = await poll(`${id} lists the DLQ from the shared snapshot`, async () => (await queuesVia(id)).find((q) => q.name === "work.dlq" && q.depth === COUNT), 30_000);
    expect(dlq.depth).toBe(COUNT);
  }

  // Audited actions through every replica, the victim's last one just before it dies.
  const notes = `/api/v1/sources/rabbit/exchanges/${queueIdOf(vh.name, "")}/publish`;
  for (const id of [...survivors, victim!]) expect((await on(id).post(notes, { routingKey: "notes", payload: `from ${id}` })).status).toBe(200);
  const replayPath = `/api/v1/sources/rabbit/queues/${queueIdOf(vh.name, "work.dlq")}/replay`;
  const replay = await on(victim!).post(replayPath, { mode: "origin-queue", ratePerSecond: 2000 });
  expect(replay.status).toBe(200);
  const opId = replay.json.operationId as string;
  await waitOperation(on(victim!), opId, "a few thousand moved", (op) => op.done >= 3000);

  const killedAt = Date.now();
  await servers.get(victim!)!.stop("SIGKILL");
  servers.delete(victim!);

  // Another replica samples RabbitMQ now, named alike by both survivors.
  const next = await poll("a survivor samples rabbit", async () => {
    const by = await samplerOf("rabbit", survivors);
    return by && by !== victim ? by : undefined;
  }, 20_000);
  expect(survivors).toContain(next);
  const tookOverMs = Date.now() - killedAt;

  // No gap of two intervals in the source's series across the kill.
  await new Promise((r) => setTimeout(r, 5 * INTERVAL_MS));
  const from = killedAt - 10 * INTERVAL_MS;
  const series = (await on(survivors[0]!).get(`/api/v1/sources/rabbit/series?entity=source&metric=depth&from=${from}&to=${Date.now()}`)).json.points as { t: number }[];
  const times = series.map((p) => p.t).sort((a, b) => a - b);
  expect(times[0]).toBeLessThan(killedAt - 2 * INTERVAL_MS);
  expect(times.at(-1)).toBeGreaterThan(killedAt + 3 * INTERVAL_MS);
  const gaps = times.slice(1).map((t, i) => t - times[i]!);
  const widest = Math.max(...gaps);
  expect(widest).toBeLessThanOrEqual(2 * INTERVAL_MS);

  // The replay the dead replica ran is found interrupted by the survivors, and its audit row written once.
  const op = await waitOperation(on(survivors[0]!), opId, "the replay shown interrupted", (o) => o.status === "interrupted", 30_000);
  expect(op.error).toContain("QueueDeck stopped while this ran");
  const finished = await poll("its end audited", async () => {
    const rows = (await on(survivors[1]!).get("/api/v1/audit?action=queue.replay.finished&limit=10")).json.items as { params: { operationId: string; status: string } }[];
    const mine = rows.filter((r) => r.params.operationId === opId);
    return mine.length > 0 ? mine : undefined;
  }, 20_000);
  expect(finished).toHaveLength(1);
  expect(finished[0]!.params.status).toBe("interrupted");

  // No audit row lost: the publishes through all three replicas, the victim's included.
  const published = (await on(survivors[1]!).get("/api/v1/audit?action=message.publish&limit=50")).json.items as { outcome: string }[];
  expect(published.filter((r) => r.outcome === "ok")).toHaveLength(3);

  // Resumed from a survivor: the rerun moves what the DLQ still holds; nothing is lost.
  const { dlq, back } = await poll("counts settled after the kill", async () => {
    const [d, b] = [await vh.depth("work.dlq"), await vh.depth("work")];
    await new Promise((r) => setTimeout(r, 500));
    return d + b >= COUNT && d === (await vh.depth("work.dlq")) ? { dlq: d, back: b } : undefined;
  });
  const rerun = await on(next!).post(replayPath, { mode: "origin-queue" });
  expect(rerun.status).toBe(200);
  expect(rerun.json.total).toBe(dlq);
  expect(await waitOperation(on(next!), rerun.json.operationId, "rerun done", (o) => o.status !== "running")).toMatchObject({ status: "done", done: dlq });
  const all = await vh.drain("work", back + dlq);
  expect(await vh.depth("work.dlq")).toBe(0);
  const unique = new Set(all.map((m) => m.messageId!));
  expect(unique.size).toBe(COUNT);
  expect(all.length - unique.size).toBeLessThanOrEqual(IN_FLIGHT_WINDOW);

  // A clean stop: SIGTERM hands the leases over as the replica exits. Only that release deletes
  // its heartbeat row, so the row being gone the moment it has exited shows it ran.
  const last = survivors.find((id) => id !== next)!;
  const stoppedAt = Date.now();
  await servers.get(next!)!.stop("SIGTERM");
  servers.delete(next!);
  const db = new pg.Client({ connectionString: database.url });
  await db.connect();
  try {
    expect((await db.query("SELECT id FROM replicas WHERE id = $1", [next])).rows).toEqual([]);
    const held = await db.query("SELECT name FROM leases WHERE holder = $1 AND expires_at > now() - interval '1 hour'", [next]);
    expect(held.rows).toEqual([]);
  } finally {
    await db.end();
  }
  const handedOver = await poll("the last replica samples rabbit", async () => {
    const by = (await on(last).get("/api/v1/sources/rabbit")).json.sampledBy as string | undefined;
    return by === last ? by : undefined;
  }, 20_000);
  expect(handedOver).toBe(last);
  const handOverMs = Date.now() - stoppedAt;
  console.log(
    `replicas: ${victim} killed mid-replay; ${next} sampled rabbit ${tookOverMs} ms later; widest series gap ${widest} ms (interval ${INTERVAL_MS}); ` +
      `${back} moved before the kill, ${dlq} by the rerun on ${next}, ${all.length - unique.size} duplicates, 0 lost; 3 of 3 publishes audited; ` +
      `${next} stopped with SIGTERM released its leases, ${last} sampled rabbit ${handOverMs} ms after the signal`,
  );
});
