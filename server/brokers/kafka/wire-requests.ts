import { WireReader, WireWriter } from "./wire-codec";

// Batched requests kafkajs 2.2.4 does not speak, encoded by hand: one request answers for many
// groups (KIP-699 FindCoordinator v4, KIP-709 OffsetFetch v8) or many topics (ListOffsets), where
// kafkajs's admin sends one per group or per topic. Field layouts follow Apache Kafka's message
// specs (clients/src/main/resources/common/message/*.json); all are flexible versions, so a
// request body starts with the request header's tagged fields and a response with the response
// header's. Sent by RawCluster.send (internal-cluster.ts); checked against Kafka 4.1 in
// tests/integration/kafka-adapter.test.ts.

export interface WireRequest<T> {
  apiKey: number;
  apiVersion: number;
  apiName: string;
  /** Everything after the request header's client id. */
  body: Buffer;
  /** Everything after the response's correlation id. */
  decode(payload: Buffer): T;
}

export const API = { ListOffsets: 2, OffsetFetch: 9, FindCoordinator: 10, DescribeGroups: 15 } as const;

/** The versions these encoders write; a broker that lacks one is read the old way (read.ts). */
export const WIRE_VERSIONS = { ListOffsets: 6, OffsetFetch: 8, FindCoordinator: 4, DescribeGroups: 5 } as const;

/** Error codes the callers act on (org.apache.kafka.common.protocol.Errors). */
export const ERR = {
  NONE: 0,
  UNKNOWN_TOPIC_OR_PARTITION: 3,
  LEADER_NOT_AVAILABLE: 5,
  NOT_LEADER_OR_FOLLOWER: 6,
  COORDINATOR_LOAD_IN_PROGRESS: 14,
  COORDINATOR_NOT_AVAILABLE: 15,
  NOT_COORDINATOR: 16,
  GROUP_AUTHORIZATION_FAILED: 30,
  GROUP_ID_NOT_FOUND: 69,
} as const;

const ERROR_NAMES: Record<number, string> = Object.fromEntries(Object.entries(ERR).map(([name, code]) => [code, name]));

export function errorName(code: number): string {
  return ERROR_NAMES[code] ?? `Kafka error code ${code}`;
}

/** The coordinator moved or is not ready: find it again (and retry on a later tick). */
export function isCoordinatorMoved(code: number): boolean {
  return code === ERR.NOT_COORDINATOR || code === ERR.COORDINATOR_NOT_AVAILABLE || code === ERR.COORDINATOR_LOAD_IN_PROGRESS;
}

function request<T>(name: keyof typeof API, write: (w: WireWriter) => void, read: (r: WireReader) => T): WireRequest<T> {
  const w = new WireWriter().tags(); // request header v2's tagged fields
  write(w);
  w.tags();
  return {
    apiKey: API[name],
    apiVersion: WIRE_VERSIONS[name],
    apiName: name,
    body: w.toBuffer(),
    decode(payload) {
      const r = new WireReader(payload);
      r.tags(); // response header v1's tagged fields
      return read(r);
    },
  };
}

export interface FoundCoordinator {
  key: string;
  nodeId: number;
  errorCode: number;
}

/** FindCoordinator v4: the group coordinators of many groups at once. */
export function findCoordinators(groupIds: readonly string[]): WireRequest<FoundCoordinator[]> {
  return request(
    "FindCoordinator",
    (w) => w.int8(0 /* group */).compactArray(groupIds, (w, id) => w.compactString(id)),
    (r) => {
      r.int32(); // throttle
      const out = r.compactArray((r) => {
        const key = r.compactString();
        const nodeId = r.int32();
        r.compactString(); // host
        r.int32(); // port
        const errorCode = r.int16();
        r.compactNullableString(); // message
        r.tags();
        return { key, nodeId, errorCode };
      });
      r.tags();
      return out;
    },
  );
}

export interface FetchedOffsets {
  groupId: string;
  errorCode: number;
  topics: { topic: string; partitions: { partition: number; offset: number; errorCode: number }[] }[];
}

/** OffsetFetch v8: every committed offset of many groups (same coordinator) at once. */
export function offsetFetchGroups(groupIds: readonly string[]): WireRequest<FetchedOffsets[]> {
  return request(
    "OffsetFetch",
    (w) => {
      // Topics null: all topics the group committed to.
      w.compactArray(groupIds, (w, id) => w.compactString(id).compactArray(null, () => undefined).tags());
      w.bool(false); // require stable
    },
    (r) => {
      r.int32(); // throttle
      const groups = r.compactArray((r) => {
        const groupId = r.compactString();
        const topics = r.compactArray((r) => {
          const topic = r.compactString();
          const partitions = r.compactArray((r) => {
            const partition = r.int32();
            const offset = r.int64();
            r.int32(); // leader epoch
            r.compactNullableString(); // metadata
            const errorCode = r.int16();
            r.tags();
            return { partition, offset, errorCode };
          });
          r.tags();
          return { topic, partitions };
        });
        const errorCode = r.int16();
        r.tags();
        return { groupId, errorCode, topics };
      });
      r.tags();
      return groups;
    },
  );
}

export interface DescribedGroup {
  groupId: string;
  errorCode: number;
  state: string;
  protocolType: string;
  protocol: string;
  members: { memberId: string; clientId: string; clientHost: string; memberAssignment: Buffer }[];
}

/** DescribeGroups v5: state, protocol and members of many groups (same coordinator). */
export function describeGroups(groupIds: readonly string[]): WireRequest<DescribedGroup[]> {
  return request(
    "DescribeGroups",
    (w) => w.compactArray(groupIds, (w, id) => w.compactString(id)).bool(false /* authorized operations */),
    (r) => {
      r.int32(); // throttle
      const groups = r.compactArray((r) => {
        const errorCode = r.int16();
        const groupId = r.compactString();
        const state = r.compactString();
        const protocolType = r.compactString();
        const protocol = r.compactString();
        const members = r.compactArray((r) => {
          const memberId = r.compactString();
          r.compactNullableString(); // group instance id
          const clientId = r.compactString();
          const clientHost = r.compactString();
          r.compactBytes(); // member metadata
          const memberAssignment = r.compactBytes();
          r.tags();
          return { memberId, clientId, clientHost, memberAssignment };
        });
        r.int32(); // authorized operations
        r.tags();
        return { groupId, errorCode, state, protocolType, protocol, members };
      });
      r.tags();
      return groups;
    },
  );
}

export const EARLIEST = -2;
export const LATEST = -1;

export interface ListedOffset {
  topic: string;
  partition: number;
  errorCode: number;
  offset: number;
}

/** ListOffsets v6: the earliest or latest offset of many partitions (same leader) at once. */
export function listOffsets(
  topics: readonly { topic: string; partitions: readonly number[] }[],
  timestamp: typeof EARLIEST | typeof LATEST,
): WireRequest<ListedOffset[]> {
  return request(
    "ListOffsets",
    (w) => {
      w.int32(-1); // replica id: a client
      w.int8(1); // read committed: the last stable offset, as kafkajs's admin reads it (same lag as before)
      w.compactArray(topics, (w, t) =>
        w.compactString(t.topic).compactArray(t.partitions, (w, p) => w.int32(p).int32(-1).int64(timestamp).tags()).tags(),
      );
    },
    (r) => {
      r.int32(); // throttle
      const out: ListedOffset[] = [];
      r.compactArray((r) => {
        const topic = r.compactString();
        r.compactArray((r) => {
          const partition = r.int32();
          const errorCode = r.int16();
          r.int64(); // timestamp
          const offset = r.int64();
          r.int32(); // leader epoch
          r.tags();
          out.push({ topic, partition, errorCode, offset });
        });
        r.tags();
      });
      r.tags();
      return out;
    },
  );
}
