import "server-only";
import type { Sql } from "@/server/store/sql";

// Leases in PostgreSQL, timed by the database's clock so replicas on machines whose clocks
// disagree still agree on who holds what. A lease is "free" once expired, and "orphaned" once
// expired for a whole ttl more (its holder is gone and no replica under its fair share took it).

const secs = (ms: number) => ms / 1000;

export async function heartbeat(db: Sql, me: string): Promise<void> {
  await db.run("INSERT INTO replicas (id, seen_at) VALUES (?, now()) ON CONFLICT (id) DO UPDATE SET seen_at = now()", [me]);
}

export async function liveCount(db: Sql, ttlMs: number): Promise<number> {
  const row = await db.get<{ n: number }>("SELECT COUNT(*) AS n FROM replicas WHERE seen_at > now() - make_interval(secs => ?)", [secs(ttlMs)]);
  return Math.max(1, Number(row?.n ?? 1));
}

/** Extends the leases `me` still holds among `names`; returns them. */
export async function renew(db: Sql, me: string, names: readonly string[], ttlMs: number): Promise<Set<string>> {
  const rows = await db.all<{ name: string }>(
    "UPDATE leases SET expires_at = now() + make_interval(secs => ?) WHERE holder = ? AND name = ANY(?::text[]) RETURNING name",
    [secs(ttlMs), me, names],
  );
  return new Set(rows.map((r) => r.name));
}

/** Names nobody holds: no row, or expired (`orphanedOnly`: expired for over a ttl more, or no row). */
export async function unheld(db: Sql, names: readonly string[], ttlMs: number, orphanedOnly: boolean): Promise<string[]> {
  const rows = await db.all<{ name: string }>(
    `SELECT n AS name FROM unnest(?::text[]) AS n LEFT JOIN leases l ON l.name = n
     WHERE l.name IS NULL OR l.expires_at < now() - make_interval(secs => ?)`,
    [names, orphanedOnly ? secs(ttlMs) : 0],
  );
  return rows.map((r) => r.name);
}

/** Takes those of `names` that are still unheld when the row is written (one winner per name). */
export async function acquire(db: Sql, me: string, names: readonly string[], ttlMs: number): Promise<Set<string>> {
  if (names.length === 0) return new Set();
  const rows = await db.all<{ name: string }>(
    `INSERT INTO leases (name, holder, acquired_at, expires_at)
     SELECT n, ?, now(), now() + make_interval(secs => ?) FROM unnest(?::text[]) AS n
     ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, acquired_at = excluded.acquired_at, expires_at = excluded.expires_at
     WHERE leases.expires_at < now()
     RETURNING name`,
    [me, secs(ttlMs), names],
  );
  return new Set(rows.map((r) => r.name));
}

/** Gives leases up at once (expired now, so replicas under their share take them first). */
export async function release(db: Sql, me: string, names: readonly string[], orphan = false): Promise<void> {
  if (names.length === 0) return;
  await db.run(`UPDATE leases SET expires_at = now() - make_interval(secs => ?) WHERE holder = ? AND name = ANY(?::text[])`, [orphan ? 86_400 : 0.001, me, names]);
}

/** Who holds each unexpired lease. */
export async function holders(db: Sql): Promise<Map<string, string>> {
  const rows = await db.all<{ name: string; holder: string }>("SELECT name, holder FROM leases WHERE expires_at > now()");
  return new Map(rows.map((r) => [r.name, r.holder]));
}

/** On a clean stop: this replica's leases go at once to whoever looks next, and it is no longer counted. */
export async function leave(db: Sql, me: string): Promise<void> {
  await db.run("UPDATE leases SET expires_at = now() - make_interval(secs => 86400) WHERE holder = ?", [me]);
  await db.run("DELETE FROM replicas WHERE id = ?", [me]);
}

/** Heartbeats of replicas gone for a day are no use to anyone. */
export async function forgetOldReplicas(db: Sql): Promise<void> {
  await db.run("DELETE FROM replicas WHERE seen_at < now() - make_interval(secs => 86400)");
}
