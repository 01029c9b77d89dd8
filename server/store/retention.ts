import "server-only";
import type { AuditLog } from "./audit";
import type { SignInThrottle } from "@/server/auth/throttle";
import type { SessionStore } from "@/server/auth/sessions";

const EVERY_MS = 60 * 60_000;

export interface PruneTargets {
  audit: AuditLog;
  throttle: SignInThrottle;
  sessions: SessionStore;
}

/**
 * Deletes audit rows past QUEUEDECK_AUDIT_RETENTION_DAYS, failed sign-in counters past their
 * window, and expired or idle sessions. Returns what went, for the log.
 */
export async function pruneOnce(t: PruneTargets, auditRetentionMs: number, now = Date.now()): Promise<{ audit: number; failures: number; sessions: number }> {
  return {
    audit: await t.audit.prune(new Date(now - auditRetentionMs).toISOString()),
    failures: await t.throttle.prune(now),
    sessions: await t.sessions.prune(now),
  };
}

/** At start, then hourly; the timer never keeps the process alive. */
export function startPruning(t: PruneTargets, auditRetentionMs: number): () => void {
  const run = async () => {
    try {
      const n = await pruneOnce(t, auditRetentionMs);
      if (n.audit > 0) console.log(`[queuedeck] pruned ${n.audit} audit rows past retention`);
    } catch (err) {
      console.error(`[queuedeck] pruning failed: ${(err as Error).message}`);
    }
  };
  void run();
  const timer = setInterval(() => void run(), EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
