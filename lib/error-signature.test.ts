import { describe, expect, it } from "vitest";
import { errorSignature, groupReasons } from "./error-signature";

describe("error signatures", () => {
  it("masks what changes between occurrences of one failure", () => {
    expect(errorSignature("order 8812 not found")).toBe("order <n> not found");
    expect(errorSignature("Job 3f1c2a9e-8b7d-4c6e-9f00-1a2b3c4d5e6f timed out after 30.5 s")).toBe("Job <id> timed out after <n> s");
    expect(errorSignature("card declined for cust_8fa7 (mail bob@example.com) via https://pay.example/v1?x=1")).toBe(
      "card declined for <id> (mail <email>) via <url>",
    );
    expect(errorSignature("connect ECONNREFUSED 10.0.0.12:5432")).toBe("connect ECONNREFUSED <ip>");
    expect(errorSignature("RuntimeError('flaky failure on attempt 1')")).toBe("RuntimeError('flaky failure on attempt <n>')");
    // Words are kept: only ids (letters and digits together) and numbers go.
    expect(errorSignature("TypeError: unsupported operand type(s) for +: 'int' and 'str'")).toBe("TypeError: unsupported operand type(s) for +: 'int' and 'str'");
  });

  it("reads the first line of a traceback, and says when there is no text", () => {
    expect(errorSignature("\n  ValueError: bad input 42\n  File \"x.py\", line 3")).toBe("ValueError: bad input <n>");
    expect(errorSignature("")).toBe("(no error text)");
    expect(errorSignature(null)).toBe("(no error text)");
    expect(errorSignature("x".repeat(500))).toHaveLength(200);
  });

  it("groups messages by signature, keeps the most frequent real message as the example", () => {
    const groups = groupReasons([
      { message: "order 1 not found", count: 2 },
      { message: "order 22 not found", count: 5 },
      { message: "card declined", count: 3 },
      { message: null, count: 1 },
    ]);
    expect(groups).toEqual([
      { signature: "order <n> not found", example: "order 22 not found", count: 7 },
      { signature: "card declined", example: "card declined", count: 3 },
      { signature: "(no error text)", example: "(no error text)", count: 1 },
    ]);
    expect(groupReasons([{ message: "a", count: 1 }, { message: "b", count: 1 }], 1)).toHaveLength(1);
  });
});
