import { describe, expect, it } from "vitest";
import { decodeApiVersionsResponse, encodeApiVersionsRequest, type ApiVersionTable } from "./api-versions";
import { inferRelease, versionText } from "./version";

// Max versions of the marker APIs, captured from real brokers' ApiVersions answers
// (KRaft, default config) on the build machine: see version.ts.
const CAPTURED: Record<string, Record<number, number>> = {
  "3.3.2": { 0: 9, 1: 13, 2: 7, 3: 12, 8: 8, 10: 4, 18: 3, 24: 3, 35: 4, 42: 2 },
  "3.4.1": { 0: 9, 1: 13, 2: 7, 3: 12, 8: 8, 10: 4, 18: 3, 24: 3, 35: 4, 42: 2 },
  "3.5.2": { 0: 9, 1: 15, 2: 8, 3: 12, 8: 8, 10: 4, 18: 3, 24: 3, 35: 4, 42: 2 },
  "3.6.2": { 0: 9, 1: 15, 2: 8, 3: 12, 8: 8, 10: 4, 18: 3, 24: 4, 35: 4, 42: 2 },
  "3.7.2": { 0: 10, 1: 16, 2: 8, 3: 12, 8: 9, 10: 4, 18: 3, 24: 4, 35: 4, 42: 2 },
  "3.8.1": { 0: 11, 1: 16, 2: 8, 3: 12, 8: 9, 10: 5, 18: 3, 24: 5, 35: 4, 42: 2 },
  "3.9.1": { 0: 11, 1: 17, 2: 9, 3: 12, 8: 9, 10: 6, 18: 4, 24: 5, 35: 4, 42: 2 },
  "4.0.0": { 0: 12, 1: 17, 2: 10, 3: 13, 8: 9, 10: 6, 18: 4, 24: 5, 35: 4, 42: 2 },
  "4.1.0": { 0: 13, 1: 18, 2: 10, 3: 13, 8: 9, 10: 6, 18: 4, 24: 5, 35: 4, 42: 2 },
  "4.2.0": { 0: 13, 1: 18, 2: 11, 3: 13, 8: 10, 10: 6, 18: 4, 24: 5, 35: 4, 42: 2 },
  "4.3.0": { 0: 13, 1: 18, 2: 11, 3: 13, 8: 10, 10: 6, 18: 4, 24: 5, 35: 5, 42: 2 },
  "4.4.0": { 0: 13, 1: 18, 2: 11, 3: 13, 8: 10, 10: 6, 18: 5, 24: 5, 35: 5, 42: 3 },
};

const table = (maxes: Record<number, number>): ApiVersionTable =>
  new Map(Object.entries(maxes).map(([k, max]) => [Number(k), { min: 0, max }]));

/** A v0 ApiVersions response frame as a broker sends it. */
function frame(correlation: number, errorCode: number, apis: Array<[number, number, number]>): Buffer {
  const body = Buffer.alloc(4 + 2 + 4 + apis.length * 6);
  body.writeInt32BE(correlation, 0);
  body.writeInt16BE(errorCode, 4);
  body.writeInt32BE(apis.length, 6);
  apis.forEach(([key, min, max], i) => {
    body.writeInt16BE(key, 10 + i * 6);
    body.writeInt16BE(min, 12 + i * 6);
    body.writeInt16BE(max, 14 + i * 6);
  });
  const size = Buffer.alloc(4);
  size.writeInt32BE(body.length, 0);
  return Buffer.concat([size, body]);
}

describe("Kafka release inference", () => {
  it("names the release line of every broker we captured", () => {
    for (const [release, maxes] of Object.entries(CAPTURED)) {
      const expected = release.startsWith("3.3") || release.startsWith("3.4") ? null : release.slice(0, 3);
      expect(inferRelease(table(maxes)), release).toBe(expected);
    }
  });

  it("says it is an inference and a lower bound", () => {
    expect(versionText(table(CAPTURED["4.1.0"]!))).toBe("Kafka >= 4.1 (inferred from ApiVersions)");
    expect(versionText(table(CAPTURED["3.3.2"]!))).toBe("Kafka < 3.5 (inferred from ApiVersions)");
    // A release newer than any we know still reports the newest marker it meets.
    expect(versionText(table({ ...CAPTURED["4.4.0"], 0: 14, 18: 6 }))).toBe("Kafka >= 4.4 (inferred from ApiVersions)");
  });
});

describe("ApiVersions wire format", () => {
  it("encodes a v0 request with our client id", () => {
    const req = encodeApiVersionsRequest("qd");
    expect(req.readInt32BE(0)).toBe(req.length - 4);
    expect(req.readInt16BE(4)).toBe(18);
    expect(req.readInt16BE(6)).toBe(0);
    expect(req.subarray(req.length - 2).toString()).toBe("qd");
  });

  it("decodes the ranges, also from an UNSUPPORTED_VERSION answer", () => {
    const correlation = encodeApiVersionsRequest("x").readInt32BE(8);
    const apis: Array<[number, number, number]> = [[0, 0, 13], [1, 4, 18], [18, 0, 4]];
    for (const code of [0, 35]) {
      const t = decodeApiVersionsResponse(frame(correlation, code, apis));
      expect(t.get(1)).toEqual({ min: 4, max: 18 });
      expect(t.size).toBe(3);
    }
  });

  it("rejects what is not an ApiVersions answer", () => {
    const correlation = encodeApiVersionsRequest("x").readInt32BE(8);
    expect(() => decodeApiVersionsResponse(Buffer.from("-ERR unknown command\r\n"))).toThrow(/not a Kafka/);
    expect(() => decodeApiVersionsResponse(frame(correlation + 1, 0, []))).toThrow(/correlation/);
    expect(() => decodeApiVersionsResponse(frame(correlation, 31, []))).toThrow(/error code 31/);
  });
});
