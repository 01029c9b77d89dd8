import "server-only";
import type { z } from "zod";
import type { Role } from "@/lib/dto";
import { queueParamsSchema } from "@/lib/schemas";
import { jobParamsSchema } from "@/lib/bullmq";
import type { Runtime } from "@/server/runtime";
import type { Principal } from "@/server/auth/principal";
import { route } from "@/server/http/route";
import { opsOf } from "@/server/http/source-route";
import { runAction } from "@/server/actions/run-action";
import type { AdapterOps } from "@/server/brokers/adapter";
import type { ActionCounts, JobOps } from "@/server/brokers/ops/jobs";
import { parseBullQueueId } from "@/server/brokers/bullmq/map";

// Builders for the job routes, so each route.ts file is one line of intent.

export function jobOpsOf(rt: Runtime, sourceId: string): JobOps {
  return opsOf(rt, sourceId, "jobs");
}

/** The capabilities whose operations act on one BullMQ queue. */
type QueueOpName = "jobs" | "pause" | "queueRateLimit";

/** What the audit log names: the queue's readable name (the id is base64url of it). */
export function auditTarget(queueId: string, jobId?: string): string {
  const name = parseBullQueueId(queueId) ?? queueId;
  return jobId === undefined ? name : `${name}/${jobId}`;
}

interface ActionSpec<K extends QueueOpName, B> {
  /** Audit action name, e.g. "queue.pause". */
  action: string;
  /** Least role allowed to act (runAction checks it and audits a denial). */
  role?: Role;
  /** Which operations the verb gets (and so which capability the source needs). */
  op: K;
  body?: z.ZodType<B>;
}

/**
 * A queue-level action: the route lets any signed-in user through so that runAction is the one
 * place deciding (and auditing) who may act; the answer is `{ ok, counts }`.
 */
export function queueActionRoute<K extends QueueOpName, B = undefined>(
  spec: ActionSpec<K, B>,
  verb: (ops: AdapterOps[K], queueId: string, body: B) => Promise<ActionCounts>,
) {
  return route({ role: "viewer", params: queueParamsSchema, ...(spec.body ? { body: spec.body } : {}) }, async ({ rt, principal, params, body }) =>
    act(rt, principal, spec, params.source, params.queue, undefined, body as B, verb),
  );
}

/** The same for one job: `.../queues/{queue}/jobs/{jobId}/...`. */
export function jobActionRoute<B = undefined>(
  spec: Omit<ActionSpec<"jobs", B>, "op">,
  verb: (ops: JobOps, queueId: string, jobId: string, body: B) => Promise<ActionCounts | object>,
) {
  return route({ role: "viewer", params: jobParamsSchema, ...(spec.body ? { body: spec.body } : {}) }, async ({ rt, principal, params, body }) =>
    act(rt, principal, { ...spec, op: "jobs" }, params.source, params.queue, params.jobId, body as B, (ops, q, b) => verb(ops, q, params.jobId, b)),
  );
}

async function act<K extends QueueOpName, B>(
  rt: Runtime,
  principal: Principal,
  spec: ActionSpec<K, B>,
  source: string,
  queueId: string,
  jobId: string | undefined,
  body: B,
  verb: (ops: AdapterOps[K], queueId: string, body: B) => Promise<ActionCounts | object>,
) {
  const ops = opsOf(rt, source, spec.op);
  return runAction(
    rt,
    principal,
    {
      action: spec.action,
      source,
      target: auditTarget(queueId, jobId),
      ...(body && typeof body === "object" && Object.keys(body).length ? { params: body as Record<string, unknown> } : {}),
      ...(spec.role ? { role: spec.role } : {}),
    },
    async () => {
      const out = await verb(ops, queueId, body);
      const counts = Object.fromEntries(Object.entries(out).filter(([, v]) => typeof v === "number")) as ActionCounts;
      return { result: { ok: true, ...out }, counts };
    },
  );
}
