import "server-only";
import type { CeleryTaskTypeDto } from "@/lib/celery";
import type { ControlCall, Replies } from "./transport";

// Task types and their rate limits, from `inspect registered`. Celery keeps a rate limit per
// worker (the rate_limit command sets it on each worker that gets it, and a worker started later
// has the code's default), so a task type's limit is a list: one entry per worker.

/** `registered` asking for the rate limit only (Celery's default adds exchange and routing key). */
export const REGISTERED_CALL: ControlCall = { method: "registered", arguments: { taskinfoitems: ["rate_limit"] } };

/** No limit: Celery prints None as nothing, and a limit of 0 (or "") turns limiting off. */
export function normalizeRate(rate: string | undefined): string | null {
  if (rate === undefined || rate === "" || rate === "None" || /^0+(\.0+)?(\/[smh])?$/.test(rate)) return null;
  return rate;
}

/** "demo.add [rate_limit=10/m]" -> {name: "demo.add", rateLimit: "10/m"}; "demo.add" -> no limit. */
export function parseRegisteredEntry(entry: unknown): { name: string; rateLimit: string | null } | null {
  if (typeof entry !== "string") return null;
  const m = /^(\S+)(?: \[(.*)\])?$/.exec(entry.trim());
  if (!m) return null;
  const rate = m[2] === undefined ? undefined : /(?:^| )rate_limit=(\S*)/.exec(m[2])?.[1];
  return { name: m[1]!, rateLimit: normalizeRate(rate) };
}

/** One worker's `registered` reply (a list of entries), sorted by name. */
export function registeredOf(reply: unknown): { name: string; rateLimit: string | null }[] {
  if (!Array.isArray(reply)) return [];
  return reply
    .map(parseRegisteredEntry)
    .filter((e) => e !== null)
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Every worker's reply merged: per task type, which workers have it and each one's limit. */
export function mergeTaskTypes(replies: Replies): CeleryTaskTypeDto[] {
  const byName = new Map<string, CeleryTaskTypeDto>();
  for (const worker of Object.keys(replies).sort()) {
    for (const { name, rateLimit } of registeredOf(replies[worker])) {
      let row = byName.get(name);
      if (!row) byName.set(name, (row = { id: name, name, workers: [] }));
      row.workers.push({ worker, rateLimit });
    }
  }
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}
