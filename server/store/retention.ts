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
export function pruneOnce(t: PruneTargets, auditRetentionMs: number, now = Date.now()): { audit: number; failures: number; sessions: number } {
  return {
    audit: t.audit.prune(new Date(now - auditRetentionMs).toISOString()),
    failures: t.throttle.prune(now),
    sessions: t.sessions.prune(now),
  };
}

/** At start, then hourly; the timer never keeps the process alive. */
export function startPruning(t: PruneTargets, auditRetentionMs: number): () => void {
  const run = () => {
    try {
      const n = pruneOnce(t, auditRetentionMs);
      if (n.audit > 0) console.log(`[queuedeck] pruned ${n.audit} audit rows past retention`);
    } catch (err) {
      console.error(`[queuedeck] pruning failed: ${(err as Error).message}`);
    }
  };
  run();
  const timer = setInterval(run, EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
