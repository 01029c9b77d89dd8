import "server-only";
import type { BrokerKind } from "@/lib/dto";
import type { InboxActionPlanDto, InboxItemDto, InboxVerb } from "@/lib/dead-letters";
import type { ReasonGroup } from "@/lib/error-signature";
import type { Runtime } from "@/server/runtime";
import type { OperationView } from "@/server/actions/operations";
import type { PreparedOperation } from "@/server/actions/start-operation";

/** One reason group of one inbox row, checked to exist: what an inbox action acts on. */
export interface InboxGroupRef {
  sourceId: string;
  kind: BrokerKind;
  /** The row as the inbox lists it now. */
  item: InboxItemDto;
  /** The row's id without the source: the queue id, topic, or task name the source's routes take. */
  whereId: string;
  reason: ReasonGroup;
}

/** What a dry run answers beyond the row and the signature. */
export type InboxPlan = Omit<InboxActionPlanDto, "dryRun" | "source" | "kind" | "where" | "signature" | "verb">;

/** How one kind acts on a reason group: its own operation, audited under its own action name. */
export interface InboxActionHandler {
  verb: InboxVerb;
  /** The audit action, e.g. "queue.replay" (the source page's own where it has one). */
  action: string;
  /** What the operations list calls it. */
  operationKind: string;
  /** The audit row's target: the readable name the source's own routes audit. */
  auditTarget(ref: InboxGroupRef): string;
  plan(rt: Runtime, ref: InboxGroupRef): Promise<InboxPlan>;
  prepare(rt: Runtime, ref: InboxGroupRef): Promise<PreparedOperation>;
  finalCounts(view: OperationView): Record<string, number>;
}
