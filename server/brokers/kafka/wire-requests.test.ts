import { describe, expect, it } from "vitest";
import { WireReader, WireWriter } from "./wire-codec";
import { describeGroups, EARLIEST, findCoordinators, listOffsets, offsetFetchGroups } from "./wire-requests";

describe("wire codec", () => {
  it("round-trips the flexible types, varints past one byte and int64 offsets past 2^32", () => {
    const w = new WireWriter()
      .int8(-1).int16(300).int32(-7).int64(5_000_000_000).int64(-1).bool(true).uvarint(300)
      .compactString("grüße").compactString(null).compactArray([1, 2], (w, n) => w.int32(n)).compactArray(null, () => undefined).tags();
    const r = new WireReader(w.toBuffer());
    expect([r.int8(), r.int16(), r.int32(), r.int64(), r.int64(), r.bool(), r.uvarint()]).toEqual([-1, 300, -7, 5_000_000_000, -1, true, 300]);
    expect([r.compactString(), r.compactNullableString()]).toEqual(["grüße", null]);
    expect(r.compactArray((r) => r.int32())).toEqual([1, 2]);
    expect(r.compactArray((r) => r.int32())).toEqual([]);
    r.tags();
    expect(r.remaining).toBe(0);
  });

  it("skips tagged fields it does not know and refuses a truncated string", () => {
    const w = new WireWriter().uvarint(2).uvarint(0).uvarint(3).int16(1).int8(2).uvarint(5).uvarint(1).int8(9).int32(42);
    const r = new WireReader(w.toBuffer());
    r.tags();
    expect(r.int32()).toBe(42);
    expect(() => new WireReader(new WireWriter().uvarint(10).int8(65).toBuffer()).compactString()).toThrow(RangeError);
  });
});

describe("batched requests", () => {
  it("FindCoordinator v4 asks for group keys after the request header's empty tags", () => {
    const req = findCoordinators(["g"]);
    expect([req.apiKey, req.apiVersion]).toEqual([10, 4]);
    expect([...req.body]).toEqual([0, 0, 2, 2, "g".charCodeAt(0), 0]);
    const answer = new WireWriter().tags().int32(0)
      .compactArray([["g", 1, 0], ["h", -1, 15]] as const, (w, [key, node, code]) =>
        w.compactString(key).int32(node).compactString("localhost").int32(9092).int16(code).compactString(null).tags())
      .tags();
    expect(req.decode(answer.toBuffer())).toEqual([
      { key: "g", nodeId: 1, errorCode: 0 },
      { key: "h", nodeId: -1, errorCode: 15 },
    ]);
  });

  it("OffsetFetch v8 asks for all topics of each group (null topics) and decodes per-group offsets", () => {
    const req = offsetFetchGroups(["a", "b"]);
    expect([req.apiKey, req.apiVersion]).toEqual([9, 8]);
    // header tags, 2 groups, "a" with null topics and tags, "b" likewise, require_stable, tags
    expect([...req.body]).toEqual([0, 3, 2, 97, 0, 0, 2, 98, 0, 0, 0, 0]);
    const answer = new WireWriter().tags().int32(0)
      .compactArray(["a", "b"], (w, g) => {
        w.compactString(g).compactArray(g === "a" ? [0, 1] : [], (w) =>
          w.compactString("t").compactArray([[0, 7], [1, -1]] as const, (w, [p, o]) =>
            w.int32(p).int64(o).int32(-1).compactString("").int16(0).tags()).tags());
        w.int16(g === "b" ? 16 : 0).tags();
      })
      .tags();
    const decoded = req.decode(answer.toBuffer());
    expect(decoded[1]).toEqual({ groupId: "b", errorCode: 16, topics: [] });
    expect(decoded[0]!.topics[0]).toEqual({ topic: "t", partitions: [{ partition: 0, offset: 7, errorCode: 0 }, { partition: 1, offset: -1, errorCode: 0 }] });
  });

  it("DescribeGroups v5 decodes state, protocol and members with their assignment bytes", () => {
    const req = describeGroups(["g"]);
    expect([req.apiKey, req.apiVersion, [...req.body]]).toEqual([15, 5, [0, 2, 2, 103, 0, 0]]);
    const assignment = Buffer.from([0, 1, 2]);
    const answer = new WireWriter().tags().int32(0)
      .compactArray([0], (w) => {
        w.int16(0).compactString("g").compactString("Stable").compactString("consumer").compactString("range");
        w.compactArray([0], (w) => {
          w.compactString("m-1").compactString(null).compactString("client").compactString("/127.0.0.1");
          w.uvarint(1); // empty metadata
          w.uvarint(assignment.length + 1);
          for (const b of assignment) w.int8(b);
          w.tags();
        });
        w.int32(-2147483648).tags();
      })
      .tags();
    expect(req.decode(answer.toBuffer())).toEqual([{
      groupId: "g", errorCode: 0, state: "Stable", protocolType: "consumer", protocol: "range",
      members: [{ memberId: "m-1", clientId: "client", clientHost: "/127.0.0.1", memberAssignment: assignment }],
    }]);
  });

  it("ListOffsets v6 asks every partition of every topic at one timestamp", () => {
    const req = listOffsets([{ topic: "t", partitions: [3] }], EARLIEST);
    expect([req.apiKey, req.apiVersion]).toEqual([2, 6]);
    const r = new WireReader(req.body);
    r.tags();
    expect([r.int32(), r.int8()]).toEqual([-1, 1]);
    const topics = r.compactArray((r) => {
      const name = r.compactString();
      const parts = r.compactArray((r) => {
        const p = [r.int32(), r.int32(), r.int64()];
        r.tags();
        return p;
      });
      r.tags();
      return { name, parts };
    });
    expect(topics).toEqual([{ name: "t", parts: [[3, -1, -2]] }]);
    const answer = new WireWriter().tags().int32(0)
      .compactArray(["t"], (w, t) => w.compactString(t).compactArray([3], (w, p) => w.int32(p).int16(0).int64(-1).int64(42).int32(0).tags()).tags())
      .tags();
    expect(req.decode(answer.toBuffer())).toEqual([{ topic: "t", partition: 3, errorCode: 0, offset: 42 }]);
  });
});
