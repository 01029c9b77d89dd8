import "server-only";
import type { BrokerKind } from "@/lib/dto";
import type { InboxActionBody, InboxActionPlanDto, InboxActionStartedDto } from "@/lib/dead-letters";
import type { Runtime } from "@/server/runtime";
import type { Principal } from "@/server/auth/principal";
import { startOperation } from "@/server/actions/start-operation";
import { invalid, notFound } from "@/server/errors";
import { getSampler } from "@/server/sources";
import { readInbox } from "../inbox";
import { bullmqInboxAction } from "./bullmq";
import { celeryInboxAction } from "./celery";
import { kafkaInboxAction } from "./kafka";
import { rabbitmqInboxAction } from "./rabbitmq";
import type { InboxActionHandler, InboxGroupRef } from "./types";

// POST /dead-letters/actions: one reason group of one inbox row, moved by its source's own
// loss-free path. Each kind maps to its operation (handlers below); the start goes through
// startOperation, so the role check, the audit rows and the progress are the source page's.

const HANDLERS: Record<BrokerKind, InboxActionHandler> = {
  rabbitmq: rabbitmqInboxAction,
  kafka: kafkaInboxAction,
  bullmq: bullmqInboxAction,
  celery: celeryInboxAction,
};

/** The row and reason group as the inbox lists them now; 404 naming what is missing. */
async function resolveGroup(rt: Runtime, body: InboxActionBody): Promise<InboxGroupRef> {
  const sampler = getSampler(rt, body.source);
  const prefix = `${body.source}/`;
  if (!body.id.startsWith(prefix)) throw invalid(`id: "${body.id}" is not a row of source "${body.source}" (ids start with "${prefix}")`);
  const { items } = await readInbox(rt, { source: body.source });
  const item = items.find((i) => i.id === body.id);
  if (!item) throw notFound(`dead letters "${body.id}" (no such inbox row, or it is empty now)`);
  const reason = item.reasons.find((r) => r.signature === body.signature);
  if (!reason) {
    const known = item.reasons.map((r) => `"${r.signature}"`).join(", ");
    throw notFound(`reason "${body.signature}" in ${item.where} (its reasons: ${known || `none known: ${item.reasonsNote ?? "none read yet"}`})`);
  }
  return { sourceId: body.source, kind: sampler.source.kind, item, whereId: body.id.slice(prefix.length), reason };
}

/** A dry run: how many letters would move, where to, and what can be duplicated. */
export async function planInboxAction(rt: Runtime, body: InboxActionBody): Promise<InboxActionPlanDto> {
  const ref = await resolveGroup(rt, body);
  const handler = HANDLERS[ref.kind];
  const plan = await handler.plan(rt, ref);
  return { dryRun: true, source: ref.sourceId, kind: ref.kind, where: ref.item.where, signature: ref.reason.signature, verb: handler.verb, ...plan };
}

/** Starts the group's operation: authorized (operator) and audited by startOperation like the source's own. */
export async function startInboxAction(rt: Runtime, who: Principal, body: InboxActionBody): Promise<InboxActionStartedDto> {
  const ref = await resolveGroup(rt, body);
  const handler = HANDLERS[ref.kind];
  return startOperation(
    rt,
    who,
    {
      action: handler.action,
      kind: `${handler.operationKind} "${ref.reason.signature}"`,
      source: ref.sourceId,
      target: handler.auditTarget(ref),
      params: { signature: ref.reason.signature, via: "dead-letter inbox" },
    },
    () => handler.prepare(rt, ref),
    handler.finalCounts,
  );
}
