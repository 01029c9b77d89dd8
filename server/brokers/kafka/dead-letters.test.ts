import { describe, expect, it } from "vitest";
import {
  DEFAULT_DLT_NAME_PATTERNS,
  deadLetterRules,
  EXCEPTION_TEXT_LIMIT,
  globToRegExp,
  matchedDltPattern,
  originFromName,
  originOf,
  summarizeSample,
} from "./dead-letters";

const h = (pairs: Record<string, string>) => Object.entries(pairs).map(([k, v]) => [k, Buffer.from(v)] as const);
const rules = deadLetterRules();

describe("detection by name", () => {
  it("knows the default conventions, case-insensitively", () => {
    for (const t of ["orders.DLT", "orders-dlt", "orders.dlq", "orders-DLQ", "dlq.orders", "orders.deadletter"]) {
      expect(matchedDltPattern(t, DEFAULT_DLT_NAME_PATTERNS)).not.toBeNull();
    }
    for (const t of ["orders", "dlt-orders", "orders.dlqx", "orders_dlq"]) expect(matchedDltPattern(t, DEFAULT_DLT_NAME_PATTERNS)).toBeNull();
  });

  it("maps a DLT name to its origin", () => {
    expect(originFromName("shop.orders.DLT", DEFAULT_DLT_NAME_PATTERNS)).toBe("shop.orders");
    expect(originFromName("dlq.payments", DEFAULT_DLT_NAME_PATTERNS)).toBe("payments");
    expect(originFromName("orders", DEFAULT_DLT_NAME_PATTERNS)).toBeNull();
    expect(originFromName(".DLT", DEFAULT_DLT_NAME_PATTERNS)).toBeNull();
  });

  it("uses configured patterns only, escaping regex characters", () => {
    const custom = deadLetterRules({ namePatterns: ["errors+*"] });
    expect(globToRegExp("errors+*").test("errors+orders")).toBe(true);
    expect(globToRegExp("errors+*").test("errorsss")).toBe(false);
    expect(matchedDltPattern("orders.DLT", custom.namePatterns)).toBeNull();
    expect(originFromName("errors+orders", custom.namePatterns)).toBe("orders");
  });
});

describe("origin and exceptions from headers", () => {
  it("prefers the origin header over the name mapping, in the configured order", () => {
    expect(originOf("a.DLT", h({ "x-original-topic": "b", "kafka_dlt-original-topic": "c" }), rules)).toBe("c");
    expect(originOf("a.DLT", h({ "x-original-topic": "b" }), rules)).toBe("b");
    expect(originOf("a.DLT", [], rules)).toBe("a");
    expect(originOf("a.DLT", h({ origin: "z" }), deadLetterRules({ originHeaders: ["origin"] }))).toBe("z");
  });

  it("summarizes a sample: most frequent origin and exceptions, fqcn when the message is missing", () => {
    const sample = [
      { headers: h({ "kafka_dlt-original-topic": "orders", "kafka_dlt-exception-message": "boom" }) },
      { headers: h({ "kafka_dlt-original-topic": "orders", "kafka_dlt-exception-message": "boom" }) },
      { headers: h({ "kafka_dlt-original-topic": "other", "kafka_dlt-exception-fqcn": "java.lang.NullPointerException" }) },
      { headers: h({ "kafka_dlt-exception-message": "x".repeat(1000) }) },
    ];
    const s = summarizeSample("t.DLT", sample, rules, 2);
    expect(s.origin).toBe("orders");
    expect(s.topExceptions).toEqual([{ message: "boom", count: 2 }, { message: "java.lang.NullPointerException", count: 1 }]);
    expect(summarizeSample("t.DLT", sample.slice(3), rules).topExceptions[0]!.message).toHaveLength(EXCEPTION_TEXT_LIMIT);
    expect(summarizeSample("t.DLT", [{ headers: [] }], rules)).toEqual({ origin: "t", topExceptions: [], topReasons: [], hasDeadLetterHeaders: false });
  });

  it("groups every exception of the sample by signature before taking the top reasons", () => {
    const declined = (order: number) => ({ headers: h({ "kafka_dlt-exception-message": `Card declined for order ord_${order}f7a6 (${order * 7} cents)` }) });
    const timeout = { headers: h({ "kafka_dlt-exception-message": "Payment provider did not answer within 5000 ms" }) };
    const s = summarizeSample("orders.DLT", [declined(1), declined(2), declined(3), timeout, timeout], rules, 2);
    // Texts alone: the timeout leads and one of three declined cards is all that shows.
    expect(s.topExceptions).toEqual([{ message: "Payment provider did not answer within 5000 ms", count: 2 }, { message: "Card declined for order ord_1f7a6 (7 cents)", count: 1 }]);
    expect(s.topReasons).toEqual([
      { signature: "Card declined for order <id> (<n> cents)", example: "Card declined for order ord_1f7a6 (7 cents)", count: 3 },
      { signature: "Payment provider did not answer within <n> ms", example: "Payment provider did not answer within 5000 ms", count: 2 },
    ]);
  });
});
