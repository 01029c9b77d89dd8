import { describe, expect, it } from "vitest";
import type { KafkaRecord } from "./fetch-records";
import { matchesFilter, mergePage, messageDto, parseHeaderFilter } from "./record-view";

const r = (partition: number, offset: number, timestamp: number, extra: Partial<KafkaRecord> = {}): KafkaRecord => ({
  partition,
  offset,
  timestamp,
  key: Buffer.from(`k${offset}`),
  value: Buffer.from(`{"n":${offset}}`),
  headers: [["tenant", Buffer.from("acme")]],
  bytes: 10,
  ...extra,
});

describe("filters", () => {
  it("parses header filters", () => {
    expect(parseHeaderFilter("tenant")).toEqual({ name: "tenant" });
    expect(parseHeaderFilter("tenant=ac=me")).toEqual({ name: "tenant", value: "ac=me" });
  });

  it("matches key, value and header substrings, all given ones together", () => {
    const rec = r(0, 12, 1);
    expect(matchesFilter(rec, undefined)).toBe(true);
    expect(matchesFilter(rec, { key: "k1" })).toBe(true);
    expect(matchesFilter(rec, { value: '"n":12' })).toBe(true);
    expect(matchesFilter(rec, { header: "tenant=cm" })).toBe(true);
    expect(matchesFilter(rec, { header: "tenant=globex" })).toBe(false);
    expect(matchesFilter(rec, { header: "other" })).toBe(false);
    expect(matchesFilter(rec, { key: "k1", value: "nope" })).toBe(false);
    expect(matchesFilter({ ...rec, key: null }, { key: "k" })).toBe(false);
  });
});

describe("messageDto", () => {
  it("decodes like RabbitMQ payloads and keeps null keys and tombstones", () => {
    const dto = messageDto(r(1, 2, 3, { key: null, value: null, headers: [["bin", Buffer.from([0xff, 0])]] }));
    expect(dto).toMatchObject({ partition: 1, offset: 2, timestamp: 3, key: null, value: null });
    expect(dto.headers[0]).toMatchObject({ name: "bin", value: { encoding: "binary", text: "ff00" } });
    expect(messageDto(r(0, 1, 1)).value).toMatchObject({ encoding: "json", text: '{\n  "n": 1\n}' });
  });
});

describe("mergePage", () => {
  const ranges = [
    { partition: 0, from: 0, to: 3, end: 10 },
    { partition: 1, from: 0, to: 3, end: 10 },
  ];
  const matched = [r(0, 0, 10), r(0, 1, 30), r(0, 2, 50), r(1, 0, 20), r(1, 1, 40), r(1, 2, 60)];

  it("keeps the oldest and narrows `to` to the first record left out", () => {
    const page = mergePage(matched, ranges, 3, false);
    expect(page.kept.map((x) => `${x.partition}/${x.offset}`)).toEqual(["0/0", "1/0", "0/1"]);
    expect(page.partitions.map((p) => [p.from, p.to])).toEqual([[0, 2], [0, 1]]);
  });

  it("leaves out a record stamped out of order above its partition's cut, so the next page shows it once", () => {
    // Partition 0's offset 2 is stamped before offset 1: the page of 2 keeps 0/0 and 0/2 by time,
    // but 0/1 is cut, so the next page starts partition 0 at 1 and 0/2 must wait for it.
    const skewed = [r(0, 0, 10), r(0, 1, 40), r(0, 2, 20), r(1, 0, 30)];
    const page = mergePage(skewed, ranges, 2, false);
    expect(page.kept.map((x) => `${x.partition}/${x.offset}`)).toEqual(["0/0"]);
    expect(page.partitions.map((p) => [p.from, p.to])).toEqual([[0, 1], [0, 0]]);
  });

  it("keeps the newest and narrows `from` to the first record kept", () => {
    const page = mergePage(matched, ranges, 2, true);
    expect(page.kept.map((x) => `${x.partition}/${x.offset}`)).toEqual(["0/2", "1/2"]);
    expect(page.partitions.map((p) => [p.from, p.to])).toEqual([[2, 3], [2, 3]]);
  });
});
