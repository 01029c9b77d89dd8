import "server-only";
import type { z } from "zod";
import { rabbitNameOfId } from "@/lib/rabbitmq";
import { queueParamsSchema } from "@/lib/schemas";
import { moveFinalCounts, prepareMove } from "@/server/actions/move-operation";
import type { PreparedMove, ReplayOps } from "@/server/brokers/ops/messages";
import { operationRoute } from "./action-route";
import type { Runtime } from "@/server/runtime";
import { opsOf } from "./source-route";
import { learningMove } from "@/server/dead-letters/rabbit-learn";

// Builders for RabbitMQ's message routes, so each route.ts file is one line of intent.

type QueueParams = z.infer<typeof queueParamsSchema>;

interface MoveRouteSpec<B> {
  /** Audit action name, e.g. "queue.replay". */
  action: string;
  /** What the operations list calls it. */
  kind: string;
  body: z.ZodType<B>;
  /** The request as the audit log shows it (counts instead of long key lists). */
  auditParams(body: B): Record<string, unknown>;
}

/** Replay, delayed retry, move: checked and counted, then run as an operation; audited by readable queue name. */
export function moveRoute<B>(spec: MoveRouteSpec<B>, prepare: (ops: ReplayOps, queueId: string, body: B) => Promise<PreparedMove>) {
  return operationRoute<QueueParams, B>(
    {
      action: spec.action,
      params: queueParamsSchema,
      body: spec.body,
      kind: () => spec.kind,
      audit: ({ params, body }) => ({ source: params.source, target: rabbitNameOfId(params.queue), params: spec.auditParams(body) }),
      finalCounts: moveFinalCounts,
    },
    ({ rt, params, body }) =>
      prepareMove(rabbitNameOfId(params.queue), async () =>
        // A replay reads the queue anyway: the dead-letter inbox learns the reasons it left there.
        learningMove(rt, params.source, params.queue, await prepare(opsOf(rt, params.source, "replay"), params.queue, body)),
      ),
  );
}

/**
 * How the audit names a queue: RabbitMQ's ids are opaque (vhost and name), other kinds' ids are
 * the queue's name itself (a Celery queue named like base64 must not be decoded).
 */
export function queueAuditName(rt: Runtime, sourceId: string, queueId: string): string {
  const kind = rt.collector.samplers.get(sourceId)?.adapter.kind;
  return kind === undefined || kind === "rabbitmq" ? rabbitNameOfId(queueId) : queueId;
}
