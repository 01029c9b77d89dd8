import "server-only";
import { INBOX_VERB } from "@/lib/dead-letters";
import { KAFKA_REPLAY_IN_FLIGHT_WINDOW, kafkaReplayBodySchema } from "@/lib/kafka-dead-letters";
import { prepareTopicReplay, replayFinalCounts } from "@/server/http/topic-routes";
import type { InboxActionHandler, InboxGroupRef } from "./types";

const NOTE =
  `At least once: copies are produced with acks=all and progress is saved only after Kafka acknowledged them, so a stop loses nothing and ` +
  `the same replay resumes where it stopped; a crash may send up to ${KAFKA_REPLAY_IN_FLIGHT_WINDOW} records twice. ` +
  `The dead-letter topic keeps its records (Kafka does not delete single records).`;

const bodyOf = (ref: InboxGroupRef) => kafkaReplayBodySchema.parse({ signature: ref.reason.signature });

/** Kafka: replay the dead-letter topic's records whose exception header has the signature, to their origin. */
export const kafkaInboxAction: InboxActionHandler = {
  verb: INBOX_VERB.kafka,
  action: "topic.replay",
  operationKind: "replay",
  auditTarget: (ref) => ref.whereId,
  async plan(_rt, ref) {
    const { item, reason } = ref;
    // From the collector's bounded scan: reading the whole topic to count would be the replay itself.
    return { target: item.origin ?? "each record's origin", matching: reason.count, exact: item.reasonsFrom >= item.count, examined: item.reasonsFrom, total: item.count, note: NOTE };
  },
  prepare: (rt, ref) => prepareTopicReplay(rt, ref.sourceId, ref.whereId, bodyOf(ref)),
  finalCounts: replayFinalCounts,
};
