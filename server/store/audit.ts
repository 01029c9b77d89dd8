import "server-only";
import type { Db } from "./db";
import type { AuditEntry } from "@/lib/dto";

/** A new row: `actor`, `actorKind` and `actorId` come together from an Actor (server/auth/actor.ts). */
export type NewAuditEntry = Omit<AuditEntry, "id" | "at" | "actorId"> & { actorId: string; at?: string };

/** Rows are deleted this many at a time, so pruning never holds the database for long. */
const PRUNE_BATCH = 5000;

interface Row {
  id: number;
  at: string;
  actor: string;
  actor_kind: AuditEntry["actorKind"];
  actor_id: string | null;
  action: string;
  source: string | null;
  target: string | null;
  params: string | null;
  outcome: AuditEntry["outcome"];
  counts: string | null;
  error: string | null;
}

export class AuditLog {
  constructor(private readonly db: Db) {}

  async append(e: NewAuditEntry): Promise<number> {
    const r = await this.db.get<{ id: number }>(
      "INSERT INTO audit (at, actor, actor_kind, actor_id, action, source, target, params, outcome, counts, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      [
        e.at ?? new Date().toISOString(),
        e.actor,
        e.actorKind,
        e.actorId,
        e.action,
        e.source ?? null,
        e.target ?? null,
        e.params ? JSON.stringify(e.params) : null,
        e.outcome,
        e.counts ? JSON.stringify(e.counts) : null,
        e.error ?? null,
      ],
    );
    return Number(r!.id);
  }

  /** Deletes rows older than `before` (ISO time), in batches; returns how many. */
  async prune(before: string): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.db.run("DELETE FROM audit WHERE id IN (SELECT id FROM audit WHERE at < ? ORDER BY id LIMIT ?)", [before, PRUNE_BATCH]);
      total += n;
      if (n < PRUNE_BATCH) return total;
    }
  }

  /** Newest first; `before` is the id cursor of the previous page. */
  /** `sources`: only rows about these sources (a caller whose grants name sources; rows about no source are then left out too). */
  async list(opts: { limit: number; before?: number; source?: string; sources?: string[]; action?: string; from?: number; to?: number }): Promise<{ items: AuditEntry[]; nextCursor?: number }> {
    const where: string[] = [];
    const args: (string | number)[] = [];
    const add = (clause: string, arg: string | number) => {
      where.push(clause);
      args.push(arg);
    };
    if (opts.before !== undefined) add("id < ?", opts.before);
    if (opts.source) add("source = ?", opts.source);
    if (opts.action) add("action = ?", opts.action);
    if (opts.sources) {
      where.push(opts.sources.length ? `source IN (${opts.sources.map(() => "?").join(", ")})` : "1 = 0");
      args.push(...opts.sources);
    }
    // `at` is ISO 8601 UTC with milliseconds: its text order is its time order.
    if (opts.from !== undefined) add("at >= ?", new Date(opts.from).toISOString());
    if (opts.to !== undefined) add("at <= ?", new Date(opts.to).toISOString());
    const rows = await this.db.all<Row>(`SELECT * FROM audit ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY id DESC LIMIT ?`, [...args, opts.limit + 1]);
    const items = rows.slice(0, opts.limit).map(toEntry);
    return { items, nextCursor: rows.length > opts.limit ? items[items.length - 1]?.id : undefined };
  }
}

function toEntry(r: Row): AuditEntry {
  return {
    id: r.id,
    at: r.at,
    actor: r.actor,
    actorKind: r.actor_kind,
    ...(r.actor_id ? { actorId: r.actor_id } : {}),
    action: r.action,
    ...(r.source ? { source: r.source } : {}),
    ...(r.target ? { target: r.target } : {}),
    ...(r.params ? { params: JSON.parse(r.params) as Record<string, unknown> } : {}),
    outcome: r.outcome,
    ...(r.counts ? { counts: JSON.parse(r.counts) as Record<string, number> } : {}),
    ...(r.error ? { error: r.error } : {}),
  };
}
