import type { ReplicaCoordinator } from "./coordinator";

/** Longest a signalled exit waits for the leases to be handed over. */
const HAND_OVER_WAIT_MS = 5000;

/**
 * On SIGTERM or SIGINT this replica's leases go to the others at once rather than when they
 * expire. Next.js exits on these signals by itself once its server has closed, usually before
 * the database has answered the release; so, once a signal came, process.exit waits (at most
 * HAND_OVER_WAIT_MS) for the hand-over. Without Next.js's handler, this one exits.
 */
export function handOverOnExit(coordinator: ReplicaCoordinator): void {
  let handingOver: Promise<void> | undefined;
  const exit = process.exit.bind(process);
  const thenExit = (code?: number | string | null) => {
    const deadline = new Promise<void>((resolve) => setTimeout(resolve, HAND_OVER_WAIT_MS));
    void Promise.race([handingOver, deadline]).finally(() => exit(code));
  };
  process.exit = ((code?: number | string | null) => {
    if (!handingOver) return exit(code);
    thenExit(code);
    return undefined as never;
  }) as typeof process.exit;
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      handingOver ??= coordinator.stop().catch(() => undefined);
      if (process.listenerCount(signal) === 0) thenExit(128 + (signal === "SIGTERM" ? 15 : 2));
    });
  }
}
