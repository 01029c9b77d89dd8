// Worker-side half of QueueDeck's "cancel a running job". Plain Node: no Next.js, no server-only,
// so a worker process can import it as is.
//
// BullMQ can only cancel a job inside the worker process that runs it (Worker.cancelJob aborts
// the AbortSignal handed to the processor). QueueDeck's cancel button therefore PUBLISHes a
// request on a per-queue Redis channel; this helper, added to each worker, listens there,
// calls worker.cancelJob when this worker runs the job, and answers on the reply channel
// named in the request, so the dashboard can say which worker took it.
//
// Usage:
//
//   import { attachCancellation } from "./lib/worker/attach-cancellation";
//   const worker = new Worker("emails", async (job, token, signal) => {
//     // The processor must take the third argument (BullMQ only creates the signal when the
//     // processor declares it) and stop when it fires, e.g.:
//     signal?.throwIfAborted();
//     await doWork({ signal });
//   }, { connection });
//   const cancellation = await attachCancellation(worker);      // or (worker, connection)
//   // ... on shutdown (also done automatically when the worker closes):
//   await cancellation.close();
//
// What happens to the job after the abort is the processor's choice: throwing makes it fail
// (and be retried if attempts remain; throw BullMQ's UnrecoverableError to stop retries).
//
// Wire format (JSON, version 1):
//   request on `<prefix>:<queue>:qd-cancel`: { v: 1, requestId, jobId, reason?, replyTo }
//   reply on `replyTo`:                      { v: 1, requestId, jobId, cancelled, worker }
import os from "node:os";
import IORedis, { type RedisOptions } from "ioredis";
import type { Worker } from "bullmq";

export const CANCEL_CHANNEL_SUFFIX = "qd-cancel";

export function cancelChannel(prefix: string, queueName: string): string {
  return `${prefix}:${queueName}:${CANCEL_CHANNEL_SUFFIX}`;
}

export interface CancelRequest {
  v: 1;
  requestId: string;
  jobId: string;
  reason?: string;
  replyTo: string;
}

export interface CancelReply {
  v: 1;
  requestId: string;
  jobId: string;
  cancelled: boolean;
  worker: string;
}

export interface CancellationHandle {
  /** The channel this worker listens on. */
  readonly channel: string;
  close(): Promise<void>;
}

export function parseCancelRequest(text: string): CancelRequest | null {
  try {
    const m = JSON.parse(text) as Partial<CancelRequest>;
    if (m.v === 1 && typeof m.requestId === "string" && typeof m.jobId === "string" && typeof m.replyTo === "string") {
      return { v: 1, requestId: m.requestId, jobId: m.jobId, replyTo: m.replyTo, ...(typeof m.reason === "string" ? { reason: m.reason } : {}) };
    }
  } catch {
    /* not ours */
  }
  return null;
}

type Connectable = IORedis | RedisOptions;

function isClient(c: unknown): c is IORedis {
  return typeof (c as IORedis | undefined)?.duplicate === "function";
}

/** Two new connections (a subscriber cannot publish): duplicates of a client, or made from options. */
function connectionsFrom(worker: Worker, connection?: Connectable): [IORedis, IORedis] {
  const base: unknown = connection ?? worker.opts.connection;
  const make = () =>
    isClient(base)
      ? base.duplicate({ maxRetriesPerRequest: null })
      : new IORedis({ ...((base ?? {}) as RedisOptions), maxRetriesPerRequest: null, lazyConnect: false });
  return [make(), make()];
}

/**
 * Listens for QueueDeck cancel requests for `worker`'s queue. Resolves once subscribed.
 * `connection` (optional) is a client or options to copy; by default the worker's own.
 */
export async function attachCancellation(worker: Worker, connection?: Connectable): Promise<CancellationHandle> {
  const prefix = (worker.opts as { prefix?: string }).prefix ?? "bull";
  const channel = cancelChannel(prefix, worker.name);
  const identity = `${worker.opts.name ?? worker.id} on ${os.hostname()} (pid ${process.pid})`;
  const [sub, pub] = connectionsFrom(worker, connection);
  // Errors are retried by ioredis; without listeners they would be thrown as unhandled events.
  sub.on("error", () => undefined);
  pub.on("error", () => undefined);

  sub.on("message", (ch: string, text: string) => {
    if (ch !== channel) return;
    const req = parseCancelRequest(text);
    if (!req) return;
    const cancelled = worker.cancelJob(req.jobId, req.reason ?? "cancelled from QueueDeck");
    const reply: CancelReply = { v: 1, requestId: req.requestId, jobId: req.jobId, cancelled, worker: identity };
    pub.publish(req.replyTo, JSON.stringify(reply)).catch(() => undefined);
  });
  await sub.subscribe(channel);

  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await Promise.allSettled([sub.quit(), pub.quit()]);
  };
  worker.on("closed", () => void close());
  return { channel, close };
}
