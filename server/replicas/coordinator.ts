import "server-only";
import type { Sql } from "@/server/store/sql";
import type { Snapshot } from "@/server/collector/sampler";
import { MAINTENANCE, type SamplingControl, type SamplingPlan } from "@/server/collector/plan";
import { errorText } from "@/server/redact";
import { acquire, forgetOldReplicas, heartbeat, holders, leave, liveCount, release, renew, unheld } from "./leases";
import { readSnapshots, snapshotTimes, writeSnapshot } from "./snapshots";

/**
 * How often a replica renews its leases and looks for free ones, and how long a lease lasts.
 * A dead replica's source is sampled again within ttl + one loop + one tick (about 0.7
 * intervals): with its last sample up to an interval before the death, its series never has a
 * gap of two intervals. A replica stalled for longer than ttl - loop loses its leases; it stops
 * sampling at its next loop, so two replicas sample one source for at most that long.
 */
export function leaseTimings(intervalMs: number): { loopMs: number; ttlMs: number } {
  const loopMs = Math.max(200, Math.round(intervalMs / 6));
  return { loopMs, ttlMs: 3 * loopMs };
}

type LoopHook = () => Promise<void>;

/**
 * Several replicas on one PostgreSQL database: each source (and the series maintenance) is
 * sampled by the one replica holding its lease, up to a fair share per live replica; the others
 * serve the snapshot it shares through the database.
 */
export class ReplicaCoordinator implements SamplingPlan {
  readonly loopMs: number;
  readonly ttlMs: number;
  private held = new Set<string>();
  private control: SamplingControl | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private running: Promise<void> | undefined;
  private renewedAt = 0;
  private failing = false;
  private loops = 0;
  private readonly hooks: LoopHook[] = [];
  private hooksRunning: Promise<void> | undefined;
  /** sampledAt of the snapshot adopted last, per source this replica does not sample. */
  private readonly adoptedAt = new Map<string, number>();
  private readonly outbox = new Map<string, { busy: boolean; next?: Snapshot }>();

  constructor(
    private readonly db: Sql,
    readonly replicaId: string,
    intervalMs: number,
  ) {
    ({ loopMs: this.loopMs, ttlMs: this.ttlMs } = leaseTimings(intervalMs));
  }

  /** Work every replica does on each loop (operations of dead replicas, cancels, rule changes). */
  every(hook: LoopHook): void {
    this.hooks.push(hook);
  }

  start(control: SamplingControl): void {
    this.control = control;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
    await this.hooksRunning;
    for (const name of this.held) this.control?.setHeld(name, false);
    this.held.clear();
    await leave(this.db, this.replicaId).catch(() => undefined);
  }

  holds(name: string): boolean {
    return this.held.has(name);
  }

  publish(sourceId: string, snapshot: Snapshot): void {
    let slot = this.outbox.get(sourceId);
    if (!slot) this.outbox.set(sourceId, (slot = { busy: false }));
    slot.next = snapshot;
    if (!slot.busy) void this.drain(sourceId, slot);
  }

  /** One write per source at a time, always of the newest snapshot. */
  private async drain(sourceId: string, slot: { busy: boolean; next?: Snapshot }): Promise<void> {
    slot.busy = true;
    while (slot.next) {
      const snap = slot.next;
      slot.next = undefined;
      try {
        await writeSnapshot(this.db, sourceId, this.replicaId, snap);
      } catch (err) {
        console.error(`[replicas] sharing ${sourceId}'s snapshot failed: ${errorText(err)}`);
      }
    }
    slot.busy = false;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.loop().finally(() => {
        this.running = undefined;
        this.schedule(this.loopMs);
      });
    }, delayMs);
    this.timer.unref?.();
  }

  private async loop(): Promise<void> {
    try {
      await this.step();
      if (this.failing) console.log(`[replicas] ${this.replicaId}: the database answers again`);
      this.failing = false;
    } catch (err) {
      if (!this.failing) console.error(`[replicas] ${this.replicaId}: lease loop failed: ${errorText(err)}`);
      this.failing = true;
      // Unrenewed leases expire and other replicas may take the sources: stop before they do.
      if (performance.now() - this.renewedAt > this.ttlMs - this.loopMs) this.drop([...this.held]);
    }
    // Beside the leases, never in their way: a slow hook must not delay a renewal.
    this.hooksRunning ??= this.runHooks().finally(() => {
      this.hooksRunning = undefined;
    });
  }

  private async runHooks(): Promise<void> {
    for (const hook of this.hooks) {
      if (this.stopped) return;
      await hook().catch((err: unknown) => console.error(`[replicas] ${this.replicaId}: ${errorText(err)}`));
    }
  }

  private async step(): Promise<void> {
    const control = this.control;
    if (!control) return;
    const sources = control.sourceIds();
    const names = [...sources, MAINTENANCE];
    await heartbeat(this.db, this.replicaId);
    const kept = await renew(this.db, this.replicaId, names, this.ttlMs);
    this.renewedAt = performance.now();
    this.drop([...this.held].filter((n) => !kept.has(n)));
    this.gain([...kept]);

    const share = Math.ceil(names.length / (await liveCount(this.db, this.ttlMs)));
    if (this.held.size > share) {
      const surplus = [...this.held].sort().slice(share);
      this.drop(surplus);
      await release(this.db, this.replicaId, surplus);
    } else if (this.held.size < share) {
      const free = shuffle(await unheld(this.db, names, this.ttlMs, false));
      this.gain([...(await acquire(this.db, this.replicaId, free.slice(0, share - this.held.size), this.ttlMs))]);
    }
    // Left by a dead replica and not taken by one under its share (replicas disagreeing on how many are alive).
    const orphans = await unheld(this.db, names, this.ttlMs, true);
    this.gain([...(await acquire(this.db, this.replicaId, orphans, this.ttlMs))]);

    const by = await holders(this.db);
    for (const id of sources) control.setSampledBy(id, by.get(id));
    await this.mirror(sources.filter((id) => !this.held.has(id)));
    if (++this.loops % 1000 === 0) await forgetOldReplicas(this.db);
  }

  private gain(names: string[]): void {
    for (const name of names) {
      if (this.held.has(name)) continue;
      this.held.add(name);
      this.adoptedAt.delete(name);
      if (name !== MAINTENANCE) {
        this.control?.setSampledBy(name, this.replicaId);
        this.control?.setHeld(name, true);
      }
    }
  }

  private drop(names: string[]): void {
    for (const name of names) {
      if (!this.held.delete(name)) continue;
      if (name !== MAINTENANCE) this.control?.setHeld(name, false);
    }
  }

  /** The snapshots other replicas shared since this one last looked. */
  private async mirror(sourceIds: string[]): Promise<void> {
    const times = await snapshotTimes(this.db, sourceIds);
    const newer = sourceIds.filter((id) => (times.get(id) ?? 0) > (this.adoptedAt.get(id) ?? 0));
    if (newer.length === 0) return;
    for (const [id, snap] of await readSnapshots(this.db, newer)) {
      if (this.held.has(id)) continue;
      this.adoptedAt.set(id, snap.sampledAt);
      this.control?.adopt(id, snap);
    }
  }
}

function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}
