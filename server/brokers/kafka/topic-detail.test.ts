import { describe, expect, it } from "vitest";
import type { ConfigEntries } from "kafkajs";
import { topicConfigs, topicDetail } from "./topic-detail";

const entry = (configName: string, configValue: string, more: Partial<ConfigEntries> = {}) =>
  ({ configName, configValue, isDefault: false, configSource: 1, isSensitive: false, readOnly: false, configSynonyms: [], ...more }) as ConfigEntries;

describe("topicDetail", () => {
  it("sorts partitions, counts under-replicated ones and retained records", () => {
    const d = topicDetail(
      "t",
      [
        { partitionId: 1, leader: 2, replicas: [2, 3], isr: [2], partitionErrorCode: 0 },
        { partitionId: 0, leader: 1, replicas: [1, 2], isr: [1, 2], partitionErrorCode: 0 },
      ],
      [{ partition: 0, low: 5, high: 9 }, { partition: 1, low: 0, high: 3 }],
      [],
    );
    expect(d.partitions).toEqual([
      { partition: 0, leader: 1, replicas: [1, 2], isr: [1, 2], earliest: 5, latest: 9 },
      { partition: 1, leader: 2, replicas: [2, 3], isr: [2], earliest: 0, latest: 3 },
    ]);
    expect([d.replicationFactor, d.underReplicated, d.messages]).toEqual([2, 1, 7]);
  });
});

describe("topicConfigs", () => {
  it("keeps the configs that matter in page order and hides sensitive values", () => {
    const c = topicConfigs([entry("segment.ms", "1"), entry("retention.ms", "2", { isDefault: true }), entry("other", "x"), entry("cleanup.policy", "compact", { isSensitive: true })]);
    expect(c).toEqual([
      { name: "cleanup.policy", value: null, isDefault: false, readOnly: false },
      { name: "retention.ms", value: "2", isDefault: true, readOnly: false },
      { name: "segment.ms", value: "1", isDefault: false, readOnly: false },
    ]);
  });
});
