import "server-only";
import type { z } from "zod";
import type { Role } from "@/lib/dto";
import { queueParamsSchema } from "@/lib/schemas";
import { jobParamsSchema } from "@/lib/bullmq";
import type { Runtime } from "@/server/runtime";
import type { AdapterOps } from "@/server/brokers/adapter";
import type { ActionCounts, JobOps } from "@/server/brokers/ops/jobs";
import { parseBullQueueId } from "@/server/brokers/bullmq/map";
import { actionRoute } from "./action-route";
import { opsOf } from "./source-route";

// Builders for the job routes, so each route.ts file is one line of intent.

export function jobOpsOf(rt: Runtime, sourceId: string): JobOps {
  return opsOf(rt, sourceId, "jobs");
}

/** What the audit log names: the queue's readable name (the id is base64url of it), and the job. */
export function auditTarget(queueId: string, jobId?: string): string {
  const name = parseBullQueueId(queueId) ?? queueId;
  return jobId === undefined ? name : `${name}/${jobId}`;
}

/** The capabilities whose operations act on one BullMQ queue. */
type QueueOpName = "jobs" | "pause" | "queueRateLimit";

interface QueueActionSpec<K extends QueueOpName, B> {
  /** Audit action name, e.g. "queue.pause". */
  action: string;
  /** Least role allowed to act; operator by default. */
  role?: Role;
  /** Which operations the verb gets (and so which capability the source needs). */
  op: K;
  body?: z.ZodType<B>;
}

/** The request body as the audit log shows it: only when there is something in it. */
const bodyParams = (body: unknown) =>
  body && typeof body === "object" && Object.keys(body).length ? { params: body as Record<string, unknown> } : {};

/** `{ ok, ...what the verb said }`, with its numbers as the audit's counts. */
function answer(out: ActionCounts | object) {
  const counts = Object.fromEntries(Object.entries(out).filter(([, v]) => typeof v === "number")) as ActionCounts;
  return { result: { ok: true, ...out }, counts };
}

/** A queue-level action, `.../queues/{queue}/...`: answers `{ ok, counts }`. */
export function queueActionRoute<K extends QueueOpName, B = undefined>(
  spec: QueueActionSpec<K, B>,
  verb: (ops: AdapterOps[K], queueId: string, body: B) => Promise<ActionCounts>,
) {
  return actionRoute(
    {
      action: spec.action,
      ...(spec.role ? { role: spec.role } : {}),
      params: queueParamsSchema,
      ...(spec.body ? { body: spec.body } : {}),
      audit: ({ params, body }) => ({ source: params.source, target: auditTarget(params.queue), ...bodyParams(body) }),
    },
    async ({ rt, params, body }) => answer(await verb(opsOf(rt, params.source, spec.op), params.queue, body as B)),
  );
}

/** The same for one job: `.../queues/{queue}/jobs/{jobId}/...`. */
export function jobActionRoute<B = undefined>(
  spec: Omit<QueueActionSpec<"jobs", B>, "op">,
  verb: (ops: JobOps, queueId: string, jobId: string, body: B) => Promise<ActionCounts | object>,
) {
  return actionRoute(
    {
      action: spec.action,
      ...(spec.role ? { role: spec.role } : {}),
      params: jobParamsSchema,
      ...(spec.body ? { body: spec.body } : {}),
      audit: ({ params, body }) => ({ source: params.source, target: auditTarget(params.queue, params.jobId), ...bodyParams(body) }),
    },
    async ({ rt, params, body }) => answer(await verb(jobOpsOf(rt, params.source), params.queue, params.jobId, body as B)),
  );
}
