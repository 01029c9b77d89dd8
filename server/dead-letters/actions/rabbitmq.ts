import "server-only";
import { INBOX_VERB } from "@/lib/dead-letters";
import { REPLAY_IN_FLIGHT_WINDOW, rabbitNameOfId, replayBodySchema } from "@/lib/rabbitmq";
import { moveFinalCounts, prepareMove } from "@/server/actions/move-operation";
import { opsOf } from "@/server/http/source-route";
import { learningMove } from "../rabbit-learn";
import type { InboxActionHandler, InboxGroupRef } from "./types";

const NOTE =
  `Loss-free: each message is acknowledged only after the broker confirmed its copy, so a crash of QueueDeck may duplicate at most ` +
  `${REPLAY_IN_FLIGHT_WINDOW} in-flight messages, never lose one. Messages of other reasons are read and put back in the queue (marked redelivered).`;

const bodyOf = (ref: InboxGroupRef) => replayBodySchema.parse({ signature: ref.reason.signature });

/** RabbitMQ: replay the DLQ's messages whose reason (exception header, else x-death) has the signature, where they died. */
export const rabbitmqInboxAction: InboxActionHandler = {
  verb: INBOX_VERB.rabbitmq,
  action: "queue.replay",
  operationKind: "replay",
  auditTarget: (ref) => rabbitNameOfId(ref.whereId),
  async plan(_rt, ref) {
    const { item, reason } = ref;
    // From the queue's last peek or replay: counting exactly would mean reading (and requeueing) every message.
    return {
      target: "the original exchanges and routing keys (x-death)",
      matching: reason.count,
      exact: item.reasonsFrom >= item.count,
      examined: item.reasonsFrom,
      total: item.count,
      note: NOTE,
    };
  },
  prepare: (rt, ref) =>
    prepareMove(rabbitNameOfId(ref.whereId), async () =>
      // The replay reads the queue: the inbox then shows what it left there.
      learningMove(rt, ref.sourceId, ref.whereId, await opsOf(rt, ref.sourceId, "replay").replay(ref.whereId, bodyOf(ref))),
    ),
  finalCounts: moveFinalCounts,
};
