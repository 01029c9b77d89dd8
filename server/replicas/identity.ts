import "server-only";
import os from "node:os";

/**
 * This process's name among the replicas that share one database: QUEUEDECK_REPLICA_ID, else
 * host and process id. Shown as a source's `sampledBy` and kept on the operations it runs.
 */
export function replicaIdOf(env: Readonly<Record<string, string | undefined>>): string {
  const given = env.QUEUEDECK_REPLICA_ID?.trim();
  return given ? given : `${os.hostname()}:${process.pid}`;
}
