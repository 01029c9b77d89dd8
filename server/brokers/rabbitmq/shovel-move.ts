import "server-only";
import crypto from "node:crypto";
import type { ProgressSink } from "../ops/progress";
import type { MoveReport } from "../ops/messages";
import type { ManagementClient } from "./management";

const POLL_MS = 300;
const STATE_EVERY = 5;

/**
 * The broker-side move of a whole queue, as the management UI's "Move messages" does it: a
 * temporary dynamic shovel (ack-mode on-confirm: loss-free; src-delete-after queue-length: it
 * moves what the queue held when it started, then deletes itself). We poll until it is gone.
 * `readyCount` reads the source's ready count over AMQP (exact, no stats delay).
 */
export async function runShovelMove(opts: {
  api: ManagementClient;
  vhost: string;
  source: string;
  target: string;
  total: number;
  readyCount: () => Promise<number>;
  progress: ProgressSink;
}): Promise<MoveReport> {
  const { api, vhost, progress } = opts;
  const name = `qd-move-${crypto.randomUUID().slice(0, 8)}`;
  await api.putShovel({ vhost, name, srcQueue: opts.source, destQueue: opts.target });
  const left = async () => opts.readyCount().catch(() => undefined);
  try {
    for (let i = 1; ; i++) {
      await new Promise((r) => setTimeout(r, POLL_MS));
      const remaining = await left();
      if (remaining !== undefined) progress.update({ done: Math.max(0, opts.total - remaining) });
      if (progress.signal.aborted) {
        await api.deleteShovel(vhost, name);
        const after = await left();
        const moved = after === undefined ? 0 : Math.max(0, opts.total - after);
        progress.update({ done: moved });
        return { moved, failed: 0, skipped: 0 };
      }
      if (!(await api.shovelExists(vhost, name))) break;
      if (i % STATE_EVERY === 0) {
        const s = await api.shovelState(vhost, name);
        if (s?.state === "terminated") throw new Error(`the shovel stopped: ${s.reason ?? "no reason given"}`);
      }
    }
  } catch (err) {
    await api.deleteShovel(vhost, name).catch(() => undefined);
    throw err;
  }
  // src-delete-after queue-length: it moved exactly what the queue held when it started.
  progress.update({ done: opts.total });
  return { moved: opts.total, failed: 0, skipped: 0 };
}
