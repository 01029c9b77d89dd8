// QueueDeck on PostgreSQL (QUEUEDECK_DATABASE_URL) with the real RabbitMQ: a real server
// (next start) signs in, audits an action, writes a queue's series, and after a restart the
// session, the audit and the history are still there, read back from the database.
import fs from "node:fs";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queueIdOf, rabbitName } from "@/lib/rabbitmq";
import { rabbitAmqpUrl, rabbitManagementUrl } from "../support/brokers";
import { poll, TestVhost } from "../support/rabbitmq";
import { ApiClient, startServer, type RunningServer } from "../support/server";
import { createTestDatabase } from "../support/stores";

const ADMIN_PASSWORD = "admin-password-for-postgres-store";
// Trust auth ignores it, but it is in the URL: no log line or response may carry it.
const DB_PASSWORD = "Pg-S3cret-never-logged";
const vh = new TestVhost("-pg");
const QID = queueIdOf(vh.name, "orders");
const seriesPath = `/api/v1/sources/rabbit/queues/${QID}/series?metric=depth&from=${Date.now() - 60_000}`;

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let url: string;
let server: RunningServer;
let dataDir: string;
let admin: ApiClient;
const outputs: string[] = [];

const config = { sources: [{ id: "rabbit", kind: "rabbitmq", name: "RabbitMQ", amqpUrl: rabbitAmqpUrl(), managementUrl: rabbitManagementUrl() }] };
const start = (dir?: string) =>
  startServer({ config, ...(dir ? { dataDir: dir } : {}), env: { QUEUEDECK_ADMIN_PASSWORD: ADMIN_PASSWORD, QUEUEDECK_DATABASE_URL: url } });

async function sql<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: database.url });
  await c.connect();
  try {
    return (await c.query<T>(text, values)).rows;
  } finally {
    await c.end();
  }
}

beforeAll(async () => {
  database = await createTestDatabase();
  const u = new URL(database.url);
  u.password = DB_PASSWORD;
  url = u.toString();
  await vh.create();
  const ch = await vh.confirmChannel();
  await ch.assertQueue("orders", { durable: true });
  for (const body of ["a", "b", "c"]) ch.sendToQueue("orders", Buffer.from(body), { persistent: true });
  await ch.waitForConfirms();
  await ch.close();
  server = await start();
  dataDir = server.dataDir;
  admin = new ApiClient(server.url);
  expect((await admin.post("/api/v1/session", { username: "admin", password: ADMIN_PASSWORD })).status).toBe(200);
});

afterAll(async () => {
  outputs.push(server?.output() ?? "");
  await server?.stop();
  await vh.delete();
  await database?.drop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  for (const out of outputs) expect(out).not.toContain(DB_PASSWORD);
});

describe("QueueDeck on PostgreSQL", () => {
  it("keeps everything in PostgreSQL, migrated at start: no SQLite file in the data folder", async () => {
    expect((await sql<{ version: number }>("SELECT max(version) AS version FROM schema_migrations"))[0]!.version).toBeGreaterThanOrEqual(1);
    expect(await sql("SELECT username, role FROM users")).toEqual([{ username: "admin", role: "admin" }]);
    expect(fs.existsSync(`${dataDir}/queuedeck.sqlite`)).toBe(false);
  });

  it("audits an action, and writes the queue's series that the chart route reads back", async () => {
    const depth = await poll("3 messages in the series", async () => {
      const r = await admin.get(seriesPath);
      return r.json.points?.some((p: { v: number }) => p.v === 3) ? r.json : undefined;
    }, 30_000);
    expect(depth.metric).toBe("depth");
    const r = await admin.post(`/api/v1/sources/rabbit/queues/${QID}/purge`);
    expect(r.json).toEqual({ purged: 3 });
    const audit = await admin.get("/api/v1/audit?source=rabbit&action=queue.purge");
    expect(audit.json.items[0]).toMatchObject({ outcome: "ok", counts: { purged: 3 }, target: rabbitName(vh.name, "orders"), actor: "admin" });
    // The row is in the database, not only in the answer.
    expect(await sql("SELECT action, outcome, counts FROM audit WHERE action = 'queue.purge'")).toEqual([{ action: "queue.purge", outcome: "ok", counts: '{"purged":3}' }]);
    await poll("the purge in the series", async () => ((await admin.get(seriesPath)).json.points?.at(-1)?.v === 0 ? true : undefined), 30_000);
  });

  it("after a restart, the session, the audit and the history are still there", async () => {
    const before = (await admin.get(seriesPath)).json.points as { t: number; v: number }[];
    expect(before.filter((p) => p.v === 3).length).toBeGreaterThan(0);
    outputs.push(server.output());
    await server.stop();
    // A fresh data folder: nothing of the state may come from the old one.
    fs.rmSync(dataDir, { recursive: true, force: true });
    server = await start();
    dataDir = server.dataDir;
    const again = new ApiClient(server.url);
    // The same session cookie, sent to the new process.
    for (const [name, value] of (admin as unknown as { cookies: Map<string, string> }).cookies) (again as unknown as { cookies: Map<string, string> }).cookies.set(name, value);
    const me = await again.get("/api/v1/session");
    expect(me.status).toBe(200);
    expect(me.json).toMatchObject({ username: "admin", role: "admin" });
    const audit = await again.get("/api/v1/audit?source=rabbit&action=queue.purge");
    expect(audit.json.items[0]).toMatchObject({ outcome: "ok", counts: { purged: 3 }, actor: "admin" });
    const after = (await again.get(seriesPath)).json.points as { t: number; v: number }[];
    // Every point from before the restart is read back with its value.
    for (const p of before) expect(after).toContainEqual(expect.objectContaining({ t: p.t, v: p.v }));
    // Only one admin: the restarted replica found it and created none.
    expect(await sql("SELECT count(*)::int AS n FROM users")).toEqual([{ n: 1 }]);
  });
});
