import type { CeleryWorkerDto } from "@/lib/celery";
import type { CeleryEvent } from "./transport";

// Which workers are alive, from heartbeats and replies, and the last row each one had, so a
// worker that went away stays in the list as offline with when it was last seen.

/** Celery's default heartbeat interval (seconds) when an event does not say. */
const DEFAULT_FREQ_S = 2;
/** Offline after two missed heartbeats, plus slack for a busy broker. */
const MISSED_BEATS = 2;
const GRACE_MS = 1000;
/** Offline workers are forgotten after a day, and the map never grows past this. */
const FORGET_AFTER_MS = 24 * 3600_000;
const MAX_WORKERS = 1000;

interface Seen {
  lastSeenMs: number;
  freqS: number;
  loadavg: number[] | null;
  /** A worker-offline event: it said goodbye, do not wait for missed beats. */
  left: boolean;
  pid: number | null;
  processed: number | null;
  row: CeleryWorkerDto | null;
}

export class WorkerLiveness {
  private readonly seen = new Map<string, Seen>();
  /** Who answered the previous tick: answering every tick is alive, whatever the tick interval. */
  private answeredBefore = new Set<string>();

  /**
   * Notes a worker-* event. Returns true when the hostname is new or came (back) online: the
   * caller then asks it to send task events.
   */
  noteEvent(e: CeleryEvent, nowMs: number): boolean {
    if (!e.type.startsWith("worker-") || typeof e.hostname !== "string") return false;
    const prev = this.seen.get(e.hostname);
    const entry: Seen = prev ?? { lastSeenMs: nowMs, freqS: DEFAULT_FREQ_S, loadavg: null, left: false, pid: null, processed: null, row: null };
    const wasOnline = prev !== undefined && this.isOnline(prev, nowMs);
    if (typeof e.freq === "number" && e.freq > 0) entry.freqS = e.freq;
    if (Array.isArray(e.loadavg) && e.loadavg.every((n) => typeof n === "number")) entry.loadavg = e.loadavg as number[];
    if (typeof e.pid === "number") entry.pid = e.pid;
    if (typeof e.processed === "number") entry.processed = e.processed;
    entry.left = e.type === "worker-offline";
    // Our clock, not the worker's: liveness must not depend on clock skew between hosts.
    entry.lastSeenMs = nowMs;
    this.seen.set(e.hostname, entry);
    this.trim(nowMs);
    return !entry.left && (!wasOnline || e.type === "worker-online");
  }

  /**
   * Rows of the workers that answered this tick, then the known ones that did not (offline or
   * silent); `arrived` names those that answered but were unknown or offline until now.
   */
  merge(answered: CeleryWorkerDto[], nowMs: number): { rows: CeleryWorkerDto[]; arrived: string[] } {
    const rows: CeleryWorkerDto[] = [];
    const arrived: string[] = [];
    const names = new Set<string>();
    for (const row of answered) {
      const prev = this.seen.get(row.hostname);
      if (!prev || (!this.answeredBefore.has(row.hostname) && !this.isOnline(prev, nowMs))) arrived.push(row.hostname);
      const entry = prev ?? { freqS: DEFAULT_FREQ_S, loadavg: null, pid: null, processed: null };
      const next: Seen = { ...entry, lastSeenMs: nowMs, left: false, row };
      this.seen.set(row.hostname, next);
      names.add(row.hostname);
      rows.push({ ...row, status: "online", lastSeenAt: new Date(nowMs).toISOString(), loadavg: next.loadavg });
    }
    for (const [hostname, s] of this.seen) {
      if (names.has(hostname)) continue;
      const status = this.isOnline(s, nowMs) ? "online" : "offline";
      const base = s.row ?? blankRow(hostname);
      rows.push({
        ...base,
        active: status === "online" ? base.active : 0,
        processed: s.processed ?? base.processed,
        pid: s.pid ?? base.pid,
        status,
        lastSeenAt: new Date(s.lastSeenMs).toISOString(),
        loadavg: s.loadavg,
      });
    }
    this.answeredBefore = names;
    this.trim(nowMs);
    return { rows: rows.sort((a, b) => a.hostname.localeCompare(b.hostname)), arrived };
  }

  private isOnline(s: Seen, nowMs: number): boolean {
    return !s.left && nowMs - s.lastSeenMs <= MISSED_BEATS * s.freqS * 1000 + GRACE_MS;
  }

  private trim(nowMs: number): void {
    for (const [hostname, s] of this.seen) if (nowMs - s.lastSeenMs > FORGET_AFTER_MS) this.seen.delete(hostname);
    if (this.seen.size <= MAX_WORKERS) return;
    const oldest = [...this.seen].sort((a, b) => a[1].lastSeenMs - b[1].lastSeenMs);
    for (const [hostname] of oldest.slice(0, this.seen.size - MAX_WORKERS)) this.seen.delete(hostname);
  }
}

function blankRow(hostname: string): CeleryWorkerDto {
  return {
    id: hostname,
    hostname,
    active: 0,
    processed: 0,
    pool: "unknown",
    concurrency: null,
    version: null,
    pid: null,
    uptime: null,
    queues: [],
    status: "offline",
    lastSeenAt: null,
    loadavg: null,
  };
}
