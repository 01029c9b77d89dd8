import "server-only";
import type { Sql } from "@/server/store/sql";
import type { Snapshot } from "@/server/collector/sampler";

/** A snapshot as the other replicas read it: the chart points are in the series already. */
export function encodeSnapshot(snap: Snapshot): string {
  return JSON.stringify({ ...snap, sample: { ...snap.sample, metrics: [] } });
}

export function decodeSnapshot(body: string): Snapshot {
  return JSON.parse(body) as Snapshot;
}

export async function writeSnapshot(db: Sql, sourceId: string, by: string, snap: Snapshot): Promise<void> {
  await db.run(
    `INSERT INTO source_snapshots (source_id, sampled_by, sampled_at, body) VALUES (?, ?, ?, ?)
     ON CONFLICT (source_id) DO UPDATE SET sampled_by = excluded.sampled_by, sampled_at = excluded.sampled_at, body = excluded.body`,
    [sourceId, by, snap.sampledAt, encodeSnapshot(snap)],
  );
}

/** When each source's shared snapshot was taken (cheap: no bodies). */
export async function snapshotTimes(db: Sql, sourceIds: readonly string[]): Promise<Map<string, number>> {
  if (sourceIds.length === 0) return new Map();
  const rows = await db.all<{ source_id: string; sampled_at: number }>("SELECT source_id, sampled_at FROM source_snapshots WHERE source_id = ANY(?::text[])", [sourceIds]);
  return new Map(rows.map((r) => [r.source_id, Number(r.sampled_at)]));
}

export async function readSnapshots(db: Sql, sourceIds: readonly string[]): Promise<Map<string, Snapshot>> {
  if (sourceIds.length === 0) return new Map();
  const rows = await db.all<{ source_id: string; body: string }>("SELECT source_id, body FROM source_snapshots WHERE source_id = ANY(?::text[])", [sourceIds]);
  return new Map(rows.map((r) => [r.source_id, decodeSnapshot(r.body)]));
}
