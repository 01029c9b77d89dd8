import "server-only";
import type { Sql } from "@/server/store/sql";

/**
 * The replicas seen alive within `withinMs` (their heartbeat rows, written by the replica
 * coordinator on PostgreSQL). On SQLite there is one process and no heartbeat: the set is empty,
 * so whatever another run left "running" is taken as cut short.
 */
export async function liveReplicaIds(db: Sql, withinMs: number): Promise<Set<string>> {
  if (db.dialect !== "postgres") return new Set();
  const rows = await db.all<{ id: string }>("SELECT id FROM replicas WHERE seen_at > now() - make_interval(secs => ?)", [withinMs / 1000]);
  return new Set(rows.map((r) => r.id));
}
