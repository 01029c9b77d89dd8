import "server-only";
import type { Snapshot } from "./sampler";

/** The lease name of the series' roll-ups and pruning, which one replica runs (never a source id: those have no colon). */
export const MAINTENANCE = ":maintenance";

/** What a sampling plan drives in the collector. */
export interface SamplingControl {
  sourceIds(): string[];
  /** This replica starts (true) or stops (false) sampling the source. */
  setHeld(sourceId: string, held: boolean): void;
  /** Another replica's latest snapshot of a source this one does not sample. */
  adopt(sourceId: string, snapshot: Snapshot): void;
  setSampledBy(sourceId: string, replicaId: string | undefined): void;
}

/**
 * Who samples which source. Alone (SQLite, or one process) this replica samples everything;
 * with replicas on PostgreSQL a lease per source decides (server/replicas/coordinator.ts).
 */
export interface SamplingPlan {
  readonly replicaId: string;
  start(control: SamplingControl): void;
  stop(): Promise<void>;
  /** Whether this replica holds `name` (a source id or MAINTENANCE) now. */
  holds(name: string): boolean;
  /** Shares a tick's snapshot with the replicas that do not sample the source. */
  publish(sourceId: string, snapshot: Snapshot): void;
}

export class SoloPlan implements SamplingPlan {
  constructor(readonly replicaId: string) {}
  start(control: SamplingControl): void {
    for (const id of control.sourceIds()) {
      control.setSampledBy(id, this.replicaId);
      control.setHeld(id, true);
    }
  }
  stop(): Promise<void> {
    return Promise.resolve();
  }
  holds(): boolean {
    return true;
  }
  publish(): void {}
}
