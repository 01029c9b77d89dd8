import { AssignerProtocol } from "kafkajs";
import { describe, expect, it } from "vitest";
import type { KafkaGroupDto } from "@/lib/kafka";
import {
  assignedPartitions,
  groupLag,
  highWatermarksOf,
  isNewProtocolGroup,
  kafkaMetrics,
  kafkaStats,
  partitionOffsets,
  topicRow,
  withAssigned,
} from "./map";

const offsets = partitionOffsets([
  { partition: 0, low: "0", high: "10" },
  { partition: 1, low: "5", high: "12" },
  { partition: 2, low: "0", high: "0" },
]);
const highs = highWatermarksOf(new Map([["orders", offsets]]));

describe("topics", () => {
  it("counts retained offsets per topic", () => {
    expect(topicRow("orders", 3, offsets)).toEqual({ id: "orders", name: "orders", partitions: 3, messages: 17, replicationFactor: 0, underReplicated: 0 });
    const replicas = [{ replicas: [1, 2, 3], isr: [1, 2, 3] }, { replicas: [1, 2, 3], isr: [1] }, { replicas: [2, 3, 1], isr: [2, 3] }];
    expect(topicRow("orders", 3, offsets, replicas)).toMatchObject({ replicationFactor: 3, underReplicated: 2 });
  });
});

describe("consumer group lag", () => {
  it("sums end offset minus committed offset over committed partitions", () => {
    const committed = [{ topic: "orders", partitions: [{ partition: 0, offset: "4" }, { partition: 1, offset: "12" }] }];
    expect(groupLag(committed, highs)).toEqual({ lag: 6, topics: ["orders"], partitionsWithoutOffset: 0, lagByTopic: { orders: 6 } });
  });

  it("counts assigned partitions without a commit apart instead of guessing", () => {
    const assignment = AssignerProtocol.MemberAssignment.encode({ version: 0, assignment: { orders: [1, 2] }, userData: Buffer.alloc(0) });
    const assigned = assignedPartitions("consumer", [assignment]);
    expect(assigned.get("orders")).toEqual([1, 2]);
    const committed = withAssigned([{ topic: "orders", partitions: [{ partition: 1, offset: "10" }] }], assigned);
    expect(groupLag(committed, highs)).toEqual({ lag: 2, topics: ["orders"], partitionsWithoutOffset: 1, lagByTopic: { orders: 2 } });
  });

  it("ignores assignment blobs of other protocols and garbage", () => {
    expect(assignedPartitions("connect", [Buffer.from("xx")]).size).toBe(0);
    expect(assignedPartitions("consumer", [Buffer.from([1, 2, 3])]).size).toBe(0);
  });

  it("never reports negative lag, nor lag for a deleted topic", () => {
    const committed = [
      { topic: "orders", partitions: [{ partition: 0, offset: "99" }] },
      { topic: "gone", partitions: [{ partition: 0, offset: "3" }] },
    ];
    expect(groupLag(committed, highs).lag).toBe(0);
  });
});

describe("new-protocol (KIP-848) groups", () => {
  it("are recognised by the Dead answer classic DescribeGroups gives for a listed consumer group", () => {
    expect(isNewProtocolGroup("consumer", { state: "Dead", protocolType: "" })).toBe(true);
    expect(isNewProtocolGroup("consumer", { state: "Empty", protocolType: "consumer" })).toBe(false);
    expect(isNewProtocolGroup("", { state: "Dead", protocolType: "" })).toBe(false);
  });
});

describe("stats and metrics", () => {
  const topics = [topicRow("orders", 3, offsets)];
  const groups: KafkaGroupDto[] = [
    { id: "billing", groupId: "billing", state: "Stable", protocolType: "consumer", members: 1, lag: 6, topics: ["orders"], partitionsWithoutOffset: 0,
      lagByTopic: { orders: 6 }, lagSecondsByTopic: { orders: 42 }, lagSeconds: 42, consumeRate: null, timeToDrainSeconds: null },
  ];
  it("writes rates only once they are known, and lag in seconds only when read", () => {
    const t = [{ ...topics[0]!, produceRate: 2.5 }];
    const g = [{ ...groups[0]!, lagSeconds: null, consumeRate: 1.5 }];
    expect(kafkaMetrics(t, g).filter((p) => p.entity !== "")).toEqual([
      { entity: "topic:orders", metric: "messages", value: 17 },
      { entity: "topic:orders", metric: "produceRate", value: 2.5 },
      { entity: "group:billing", metric: "lag", value: 6 },
      { entity: "group:billing", metric: "consumeRate", value: 1.5 },
    ]);
  });
  it("adds up the headline numbers", () => {
    expect(kafkaStats(topics, groups)).toEqual({ topics: 1, partitions: 3, groups: 1, totalLag: 6 });
  });
  it("emits one point per topic and group plus source totals", () => {
    expect(kafkaMetrics(topics, groups)).toEqual([
      { entity: "topic:orders", metric: "messages", value: 17 },
      { entity: "group:billing", metric: "lag", value: 6 },
      { entity: "group:billing", metric: "lagSeconds", value: 42 },
      { entity: "", metric: "messages", value: 17 },
      { entity: "", metric: "lag", value: 6 },
    ]);
  });
});
