import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { queueIdOf } from "@/lib/rabbitmq";
import { MIGRATIONS, migrate } from "./migrations";
import { AuditLog } from "./audit";
import { SqliteSql } from "./sqlite/sql";

describe("migration 3: readable RabbitMQ audit targets", () => {
  it("rewrites opaque queue and exchange ids, and leaves every other target alone", async () => {
    const db = new Database(":memory:");
    // A database as issue 7 found it: migrations 1 and 2 applied, rows written with ids.
    db.exec(MIGRATIONS[0] as string);
    db.exec(MIGRATIONS[1] as string);
    db.pragma("user_version = 2");
    const log = new AuditLog(new SqliteSql(db));
    const old = [
      { action: "queue.purge", target: "LwBkZW1vLm9yZGVycw" },
      { action: "queue.replay.finished", target: queueIdOf("/ops team", "Bestellungen für Jürgen ✓.dlq") },
      { action: "queue.move", target: queueIdOf("v1", "a") },
      { action: "message.publish", target: queueIdOf("/", "") },
      { action: "message.publish", target: queueIdOf("/", "dlx") },
      // Not RabbitMQ ids, or not RabbitMQ actions: untouched.
      { action: "queue.pause", target: queueIdOf("/", "looks like one") },
      { action: "queue.purge", target: "orders (vhost /)" },
      { action: "queue.purge", target: "AAAA" },
      { action: "user.create", target: "olga" },
    ];
    // Written as that schema had them (no actor kind yet).
    const insert = db.prepare("INSERT INTO audit (at, actor, action, source, target, outcome) VALUES ('2026-01-01T00:00:00Z', 'admin', ?, 'rabbit', ?, 'ok')");
    for (const o of old) insert.run(o.action, o.target);

    migrate(db);

    expect(db.pragma("user_version", { simple: true })).toBe(MIGRATIONS.length);
    const targets = (await log.list({ limit: 50 })).items.reverse().map((e) => e.target);
    expect(targets).toEqual([
      "demo.orders (vhost /)",
      "Bestellungen für Jürgen ✓.dlq (vhost /ops team)",
      "a (vhost v1)",
      "(AMQP default) (vhost /)",
      "dlx (vhost /)",
      queueIdOf("/", "looks like one"),
      "orders (vhost /)",
      "AAAA",
      "olga",
    ]);
  });
});
