import "server-only";
import type { CeleryEvent, CeleryTransport, EventSubscription } from "./transport";
import type { WorkerLiveness } from "./worker-liveness";

// One always-on event subscription per Celery source. Workers send task events only when
// asked (Flower does the same): enable_events goes out when the subscription starts, to every
// worker that appears or comes back online (twice: its first event can precede its control
// consumer), and to everyone every 30 s, as a worker may restart between two of our looks.
// Listeners (the task history) get each batch.

const REENABLE_MS = 30_000;
const ARRIVAL_RETRIES_MS = [1000, 4000];

export type CeleryEventListener = (events: CeleryEvent[]) => void;

export interface CeleryEventHub {
  /** Adds a listener; returns its removal. */
  subscribe(listener: CeleryEventListener): () => void;
}

export class EventsHub implements CeleryEventHub {
  private readonly listeners = new Set<CeleryEventListener>();
  private subscription: EventSubscription | null = null;
  private starting: Promise<void> | null = null;
  private closed = false;
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Last subscription failure, shown as `degraded` until it works. */
  error: string | null = null;

  constructor(
    private readonly transport: CeleryTransport,
    private readonly liveness: WorkerLiveness,
  ) {}

  subscribe(listener: CeleryEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Starts the subscription unless it runs; called at connect and every tick until it works. */
  ensureStarted(): Promise<void> {
    if (this.subscription || this.closed) return Promise.resolve();
    this.starting ??= this.start().finally(() => {
      this.starting = null;
    });
    return this.starting;
  }

  /** Asks workers to send task events (all of them when `destination` is omitted); never throws. */
  enableEvents(destination?: string[]): void {
    this.transport.broadcast([{ method: "enable_events" }], { timeoutMs: 1000, destination }).catch(() => undefined);
  }

  /** enable_events for workers that just appeared, once their control consumer is up. */
  enableSoon(destination: string[]): void {
    for (const ms of ARRIVAL_RETRIES_MS) this.later(ms, () => this.enableEvents(destination));
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.listeners.clear();
    await this.subscription?.close();
    this.subscription = null;
  }

  private async start(): Promise<void> {
    try {
      const sub = await this.transport.subscribeEvents((events) => this.dispatch(events));
      if (this.closed) return void (await sub.close());
      this.subscription = sub;
      this.error = null;
      this.enableEvents();
      this.every(REENABLE_MS, () => this.enableEvents());
    } catch (err) {
      this.error = this.transport.describe(err);
    }
  }

  private later(ms: number, fn: () => void): void {
    if (this.closed) return;
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    t.unref();
    this.timers.add(t);
  }

  private every(ms: number, fn: () => void): void {
    this.later(ms, () => {
      fn();
      this.every(ms, fn);
    });
  }

  private dispatch(events: CeleryEvent[]): void {
    const now = Date.now();
    const arrived = events.flatMap((e) => (this.liveness.noteEvent(e, now) && e.hostname ? [e.hostname] : []));
    if (arrived.length > 0) this.enableSoon([...new Set(arrived)]);
    for (const listener of this.listeners) {
      try {
        listener(events);
      } catch {
        // one listener's bug must not starve the others or kill the subscription
      }
    }
  }
}
