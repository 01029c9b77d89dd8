import "server-only";
import { DomainError, invalid, unavailable } from "@/server/errors";
import type { AdapterOps } from "../adapter";
import { outcomes } from "./remote-control";
import { REGISTERED_CALL, mergeTaskTypes } from "./task-types";
import type { CeleryTransport, ControlCall } from "./transport";
import { checkHostname, checkQueueName, consumerCall, poolCall } from "./worker-control";
import { WORKER_DETAIL_CALLS, workerDetailOf } from "./worker-inspect";
import { retryTask } from "./retry";

// Celery's worker-level operations over any transport (Redis or RabbitMQ): task types with
// their per-worker rate limits, one worker's detail, pool size, queue consumers, queue purge and
// task retry. The adapter spreads these into its `ops`.

/** What these operations need of the transport. */
export type WorkerOpsTransport = Pick<CeleryTransport, "broadcast" | "purgeQueue" | "sendTask" | "describe">;

/**
 * Reply window of these operations. Longer than a collector tick's: a worker that is forking
 * pool processes or busy may take more than a second to answer, and a broadcast returns as soon
 * as every addressed worker answered, so the window only costs time when one does not.
 */
export const WORKER_OPS_WINDOW_MS = 3000;

export interface WorkerOpsOptions {
  windowMs?: number;
}

export type CeleryWorkerOps = Pick<AdapterOps, "taskTypes" | "workerDetail" | "workerPool" | "workerConsumers" | "purge" | "taskRetry">;

export function celeryWorkerOps(transport: WorkerOpsTransport, opts: WorkerOpsOptions = {}): CeleryWorkerOps {
  const windowMs = opts.windowMs ?? WORKER_OPS_WINDOW_MS;
  /** A broker failure is `unavailable` with the broker's own text (no credentials). */
  async function guarded<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (err) {
      if (err instanceof DomainError) throw err;
      throw unavailable(transport.describe(err));
    }
  }
  const broadcast = (calls: ControlCall[], destination?: string[]) =>
    guarded(() => transport.broadcast(calls, { timeoutMs: windowMs, ...(destination ? { destination } : {}) }));
  const command = async (call: ControlCall, destination: string[]) => outcomes((await broadcast([call], destination))[0] ?? {});

  return {
    taskTypes: {
      async taskTypes() {
        const [replies = {}] = await broadcast([REGISTERED_CALL]);
        return { items: mergeTaskTypes(replies), answered: Object.keys(replies).sort() };
      },
    },

    workerDetail: {
      async workerDetail(hostname) {
        checkHostname(hostname);
        const detail = workerDetailOf(hostname, await broadcast(WORKER_DETAIL_CALLS, [hostname]));
        if (!detail) throw new DomainError("not_found", `worker "${hostname}" did not answer within ${windowMs} ms (stopped, or not on this broker)`);
        return detail;
      },
    },

    workerPool: {
      async resizePool(hostname, change) {
        return command(poolCall(change), [checkHostname(hostname)]);
      },
    },

    workerConsumers: {
      async setConsumer(workers, queue, action) {
        if (workers.length === 0) throw invalid("choose at least one worker");
        return command(consumerCall(queue, action), workers.map(checkHostname));
      },
    },

    purge: {
      async purge(queue) {
        const purged = await guarded(() => transport.purgeQueue(checkQueueName(queue)));
        return { purged };
      },
    },

    taskRetry: {
      async retry(input) {
        const task = retryTask(input);
        await guarded(() => transport.sendTask(task));
        return { taskId: task.id, queue: task.queue };
      },
    },
  };
}
