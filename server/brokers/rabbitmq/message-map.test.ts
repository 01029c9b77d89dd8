import { describe, expect, it } from "vitest";
import { jsonSafe, messageKey, parseDeaths } from "./message-map";

describe("jsonSafe", () => {
  it("turns AMQP field values into JSON", () => {
    const v = jsonSafe({
      big: BigInt("9007199254740993"),
      bytes: Buffer.from([0, 1, 255]),
      at: { "!": "timestamp", value: 1_700_000_000 },
      dec: { "!": "decimal", value: { places: 2, digits: 1234 } },
      list: [1, "a", null, true],
      nan: Number.NaN,
    });
    expect(v).toEqual({
      big: "9007199254740993",
      bytes: { bytes: "AAH/" },
      at: "2023-11-14T22:13:20.000Z",
      dec: "12.34",
      list: [1, "a", null, true],
      nan: "NaN",
    });
    expect(() => JSON.stringify(v)).not.toThrow();
  });
});

describe("parseDeaths", () => {
  it("reads x-death entries as amqplib decodes them", () => {
    const deaths = parseDeaths({
      "x-death": [
        { count: 3, reason: "rejected", queue: "orders", time: { "!": "timestamp", value: 1_700_000_000 }, exchange: "", "routing-keys": ["orders"] },
        { count: 1, reason: "expired", queue: "orders.retry", exchange: "ex", "routing-keys": ["a", "b"] },
        "garbage",
      ],
    });
    expect(deaths).toEqual([
      { reason: "rejected", queue: "orders", exchange: "", routingKeys: ["orders"], count: 3, time: "2023-11-14T22:13:20.000Z" },
      { reason: "expired", queue: "orders.retry", exchange: "ex", routingKeys: ["a", "b"], count: 1, time: null },
    ]);
    expect(parseDeaths(undefined)).toEqual([]);
    expect(parseDeaths({ "x-death": "nope" })).toEqual([]);
  });
});

describe("messageKey", () => {
  const msg = (content: string, props: Record<string, unknown> = {}) => ({ content: Buffer.from(content), properties: props as never });
  it("prefers the message id", () => {
    expect(messageKey(msg("x", { messageId: "m-1" }))).toBe("id:m-1");
  });
  it("hashes body and properties, ignoring x-death (the broker changes it)", () => {
    const a = messageKey(msg("x", { headers: { h: 1, "x-death": [{ count: 1 }] } }));
    expect(a).toMatch(/^sha1:[0-9a-f]{40}$/);
    expect(messageKey(msg("x", { headers: { h: 1, "x-death": [{ count: 2 }] } }))).toBe(a);
    expect(messageKey(msg("y", { headers: { h: 1 } }))).not.toBe(a);
    expect(messageKey(msg("x", { headers: { h: 2 } }))).not.toBe(a);
  });
});
