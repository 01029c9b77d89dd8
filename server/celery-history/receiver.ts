import "server-only";
import type { CeleryEvent } from "@/server/brokers/celery/transport";
import { errorText } from "@/server/redact";
import { celeryHistoryRetention } from "@/server/config";
import { isTaskEvent } from "./merge";
import type { CeleryHistoryStore, Retention } from "./store";

/** What the receiver listens to: the Celery adapter's events hub (one per source). */
export interface CeleryEventSource {
  subscribe(listener: (events: CeleryEvent[]) => void): () => void;
}

export interface ReceiverOptions {
  /** Default: QueueDeck's defaults (server/config.ts celeryHistoryRetention). */
  retention?: Retention;
  /** A burst is written at most this often... */
  flushMs?: number;
  /** ...or as soon as this many events wait. */
  maxBatch?: number;
  pruneEveryMs?: number;
}

export const FLUSH_MS = 250;
export const MAX_BATCH = 500;
export const PRUNE_EVERY_MS = 60_000;
/** Events held while the store refuses writes; beyond this the oldest are dropped (and said so). */
const MAX_BUFFERED = 50_000;

/**
 * Keeps one source's task history: buffers its events and writes them in batches (one
 * transaction per batch, not per event), and prunes to `retention` at start and every minute.
 * Returns stop(), which writes what is still buffered.
 */
export function startCeleryHistory(sourceId: string, events: CeleryEventSource, store: CeleryHistoryStore, opts: ReceiverOptions = {}): () => Promise<void> {
  const retention = opts.retention ?? celeryHistoryRetention({});
  const flushMs = opts.flushMs ?? FLUSH_MS;
  const maxBatch = opts.maxBatch ?? MAX_BATCH;
  let buffer: CeleryEvent[] = [];
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let pruning: Promise<void> | undefined;
  let writing: Promise<void> = Promise.resolve();

  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    if (buffer.length === 0) return;
    const batch = buffer;
    buffer = [];
    // One write at a time, in arrival order: a task's events merge onto what the last batch wrote.
    writing = writing.then(
      () => store.ingest(sourceId, batch).then(() => undefined),
    ).catch((err: unknown) => {
      // A busy or full disk must not kill the receiver: keep the batch for the next flush.
      console.error(`[celery-history] ${sourceId}: writing ${batch.length} events failed: ${errorText(err)}`);
      buffer = batch.concat(buffer);
      if (buffer.length > MAX_BUFFERED) {
        console.error(`[celery-history] ${sourceId}: dropping ${buffer.length - MAX_BUFFERED} events the store could not take`);
        buffer = buffer.slice(-MAX_BUFFERED);
      }
      if (!stopped) timer = setTimeout(flush, flushMs * 4);
    });
  };

  const unsubscribe = events.subscribe((batch) => {
    if (stopped) return;
    // Worker heartbeats (every 2 s per worker) are not history: they never wake the writer.
    for (const e of batch) if (isTaskEvent(e)) buffer.push(e);
    if (buffer.length === 0) return;
    if (buffer.length >= maxBatch) flush();
    else timer ??= setTimeout(flush, flushMs);
  });

  const prune = () => {
    pruning ??= store
      .prune(sourceId, retention)
      .catch((err: unknown) => console.error(`[celery-history] ${sourceId}: pruning failed: ${errorText(err)}`))
      .then(() => {
        pruning = undefined;
      });
  };
  prune();
  const pruneTimer = setInterval(prune, opts.pruneEveryMs ?? PRUNE_EVERY_MS);
  pruneTimer.unref?.();

  return async () => {
    if (stopped) return;
    stopped = true;
    unsubscribe();
    clearInterval(pruneTimer);
    flush();
    clearTimeout(timer);
    await writing;
    await pruning;
  };
}
