import "server-only";
import type { CeleryRetryResultDto, CeleryTaskDetailDto } from "@/lib/celery";
import { taskParamsSchema } from "@/lib/celery";
import type { Runtime } from "@/server/runtime";
import { retryInputOf } from "@/server/brokers/celery/retry";
import { notFound } from "@/server/errors";
import { actionRoute } from "./action-route";
import { opsOf } from "./source-route";

// POST .../tasks/{taskId}/retry: the stored task (from the task history) sent again with the same
// name, args, kwargs, queue and routing under a new id. The lookup and the link back are
// parameters so the route does not depend on how the history is kept.

/** The stored task, or undefined when the history does not know it. */
export type StoredTaskLookup = (rt: Runtime, sourceId: string, taskId: string) => CeleryTaskDetailDto | undefined | Promise<CeleryTaskDetailDto | undefined>;
/** Notes that `newId` was sent as a retry of `oldId` (the history's retriedFrom / retriedAs). */
export type RetryRecorder = (rt: Runtime, sourceId: string, oldId: string, newId: string) => void | Promise<void>;

export function taskRetryRoute(deps: { findStoredTask: StoredTaskLookup; recordRetry?: RetryRecorder }) {
  return actionRoute(
    {
      action: "task.retry",
      params: taskParamsSchema,
      audit: ({ params }) => ({ source: params.source, target: params.taskId }),
    },
    async ({ rt, params }) => {
      const ops = opsOf(rt, params.source, "taskRetry");
      const stored = await deps.findStoredTask(rt, params.source, params.taskId);
      if (!stored) throw notFound(`task ${params.taskId} in the task history`);
      const sent = await ops.retry(retryInputOf(stored));
      await deps.recordRetry?.(rt, params.source, params.taskId, sent.taskId);
      const result: CeleryRetryResultDto = { taskId: sent.taskId, retriedFrom: params.taskId, queue: sent.queue };
      return { result, params: { newTaskId: sent.taskId, queue: sent.queue } };
    },
  );
}
