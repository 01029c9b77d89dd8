import "server-only";
import crypto from "node:crypto";
import type IORedis from "ioredis";
import type { CancelResultDto } from "@/lib/bullmq";
import { cancelChannel, type CancelReply, type CancelRequest } from "@/lib/worker/attach-cancellation";

/** How long the dashboard waits for workers to answer a cancel request. */
export const CANCEL_WAIT_MS = 1500;

const HOW_TO = "Add attachCancellation(worker) from lib/worker/attach-cancellation.ts to your workers.";

/**
 * Publishes a cancel request on the queue's channel and waits for the workers running
 * attachCancellation to answer: done as soon as one took the job, or all listeners said no,
 * or after `waitMs`. A short-lived subscriber connection carries the replies.
 */
export async function requestCancel(
  redis: IORedis,
  prefix: string,
  queueName: string,
  jobId: string,
  reason: string | undefined,
  waitMs = CANCEL_WAIT_MS,
): Promise<CancelResultDto> {
  const channel = cancelChannel(prefix, queueName);
  const requestId = crypto.randomUUID();
  const replyTo = `${channel}:reply:${requestId}`;
  const sub = redis.duplicate({ lazyConnect: true, enableOfflineQueue: true, connectionName: "queuedeck:cancel-reply" });
  sub.on("error", () => undefined);
  try {
    await sub.connect();
    const replies: CancelReply[] = [];
    let listeners = 0;
    let wake: () => void = () => undefined;
    const settled = new Promise<void>((resolve) => (wake = resolve));
    sub.on("message", (ch: string, text: string) => {
      if (ch !== replyTo) return;
      try {
        const r = JSON.parse(text) as CancelReply;
        if (r.requestId !== requestId) return;
        replies.push(r);
        // listeners is 0 until PUBLISH has answered: only then can "all said no" be known.
        if (r.cancelled || (listeners > 0 && replies.length >= listeners)) wake();
      } catch {
        /* ignore foreign messages */
      }
    });
    await sub.subscribe(replyTo);
    const request: CancelRequest = { v: 1, requestId, jobId, replyTo, ...(reason ? { reason } : {}) };
    listeners = await redis.publish(channel, JSON.stringify(request));
    if (listeners === 0) {
      return {
        cancelled: false,
        listeners: 0,
        message: `No worker running the cancellation helper listens on queue "${queueName}", so nothing was cancelled. ${HOW_TO}`,
      };
    }
    if (replies.some((r) => r.cancelled) || replies.length >= listeners) wake();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([settled, new Promise<void>((r) => (timer = setTimeout(r, waitMs)))]);
    clearTimeout(timer);
    const took = replies.find((r) => r.cancelled);
    if (took) {
      return { cancelled: true, worker: took.worker, listeners, message: `Cancel signal delivered: ${took.worker} aborted job ${jobId}.` };
    }
    const answered = replies.length;
    return {
      cancelled: false,
      listeners,
      message:
        answered === 0
          ? `${listeners} listener(s) got the request but none answered within ${waitMs} ms; nothing is known to be cancelled.`
          : `${answered} of ${listeners} worker(s) with the helper answered; none is running job ${jobId} with an abort signal ` +
            `(the job may run on a worker without the helper, or its processor does not take the signal argument).`,
    };
  } finally {
    await sub.quit().catch(() => sub.disconnect());
  }
}
