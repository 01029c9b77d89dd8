import "server-only";
import type Database from "better-sqlite3";
import { parseQueueId, queueIdOf, rabbitName } from "@/lib/rabbitmq";

/** RabbitMQ actions whose audit target was the queue's opaque id (and exchanges' for publish). */
const QUEUE_ACTIONS = ["queue.purge", "queue.replay", "queue.delayed-retry", "queue.move"].flatMap((a) => [a, `${a}.finished`]);
const EXCHANGE_ACTIONS = ["message.publish"];

/**
 * The readable name of an old target, or null to leave it: only ids that decode to
 * "<vhost>\0<name>" with a non-empty vhost and no further NUL (RabbitMQ allows neither), and
 * encode back to exactly themselves, so a readable target that merely looks like base64 stays.
 */
export function readableTarget(action: string, target: string): string | null {
  const what = QUEUE_ACTIONS.includes(action) ? "queue" : EXCHANGE_ACTIONS.includes(action) ? "exchange" : null;
  const ref = what ? parseQueueId(target) : null;
  if (!what || !ref || ref.vhost === "" || ref.name.includes("\0") || queueIdOf(ref.vhost, ref.name) !== target) return null;
  return rabbitName(ref.vhost, ref.name, what);
}

/** Migration: rewrites RabbitMQ audit targets from opaque ids to "<queue> (vhost <vhost>)". */
export function readableRabbitAuditTargets(db: Database.Database): void {
  const actions = [...QUEUE_ACTIONS, ...EXCHANGE_ACTIONS];
  const rows = db
    .prepare(`SELECT id, action, target FROM audit WHERE target IS NOT NULL AND action IN (${actions.map(() => "?").join(",")})`)
    .all(...actions) as { id: number; action: string; target: string }[];
  const update = db.prepare("UPDATE audit SET target = ? WHERE id = ?");
  for (const r of rows) {
    const readable = readableTarget(r.action, r.target);
    if (readable !== null) update.run(readable, r.id);
  }
}
