import "server-only";
import { errorText } from "@/server/redact";
import type { Runtime } from "@/server/runtime";
import type { InterruptedOperation } from "./operation-store";
import { auditInterrupted } from "./start-operation";

/**
 * A replica whose heartbeat is older than this is taken for stopped, and its running operations
 * for orphans. Longer than a source's lease: calling an operation that still runs interrupted is
 * worse than showing a dead replica's operation running for a few seconds more.
 */
export const REPLICA_TTL_MS = 15_000;

/**
 * Operations left "running" by a replica that is no longer alive (`live`: the fresh heartbeats,
 * server/replicas/liveness.ts), or by this replica's id before a restart, are marked interrupted,
 * audited and logged. Run at start, before any operation starts, and periodically: the rows are
 * marked one guarded UPDATE each, so replicas sweeping together audit each operation once.
 */
export async function interruptOrphans(rt: Pick<Runtime, "operations" | "audit">, live: ReadonlySet<string>, now = new Date()): Promise<InterruptedOperation[]> {
  const found = await rt.operations.markOrphans(live, now);
  for (const op of found) {
    // The row is marked already: one failed audit write must not cost the others theirs.
    try {
      await auditInterrupted(rt, op);
    } catch (err) {
      console.error(`[queuedeck] could not audit interrupted operation ${op.view.id}: ${errorText(err)}`);
    }
    const on = op.view.replica ? ` on replica ${op.view.replica}` : "";
    console.log(`[queuedeck] operation ${op.view.id} (${op.view.kind})${on} was interrupted: ${op.view.error}`);
  }
  return found;
}
