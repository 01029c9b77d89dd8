import "server-only";
import type { BrowseQuery, BrowseResultDto, ProduceBody, ProduceResultDto, PurgeBody, PurgeResultDto, TopicDetailDto } from "@/lib/kafka";
import type { KafkaReplayBody } from "@/lib/kafka-dead-letters";
import type { ProgressSink } from "./progress";

// Topic-level operations of log brokers (Kafka today), one interface per capability. Topics are
// the ids the topic list carries (the topic's name). Errors are DomainErrors (not_found for an
// unknown topic, conflict for a compacted topic's purge, invalid for a partition it lacks).

/** The `topics` view's live reads: the topic page and the message browser (no consumer group). */
export interface TopicReads {
  topicDetail(topicId: string): Promise<TopicDetailDto>;
  browse(topicId: string, query: BrowseQuery): Promise<BrowseResultDto>;
}

export interface ProduceOps {
  /** One message with acks=all; where it landed. */
  produce(topicId: string, body: ProduceBody): Promise<ProduceResultDto>;
}

export interface TopicPurgeOps {
  /** DeleteRecords up to an offset per partition, or the whole topic; counts read back. */
  purgeTopic(topicId: string, body: PurgeBody): Promise<PurgeResultDto>;
}

/** Final counts of a dead-letter topic replay. */
export interface TopicReplayReport {
  replayed: number;
  skipped: number;
  filtered: number;
  failed: number;
  targets: Record<string, number>;
}

/** A replay checked and counted; the API runs `run` as a background operation. */
export interface PreparedTopicReplay {
  total: number;
  /** What may be duplicated (the in-flight window) and how a rerun resumes. */
  note: string;
  /** Where the copies go: the chosen topic, or "origin". */
  target: string;
  run(progress: ProgressSink): Promise<TopicReplayReport>;
}

export interface TopicReplayOps {
  /** Records produced and not yet checkpointed at most: what a crash may duplicate. */
  readonly inFlightWindow: number;
  replay(topicId: string, body: KafkaReplayBody): Promise<PreparedTopicReplay>;
}
