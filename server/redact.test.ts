import { describe, expect, it } from "vitest";
import { displayUrl, errorText, redact, secretsOfUrl } from "./redact";

describe("redact", () => {
  it("removes passwords from every URL in a text", () => {
    expect(redact("connect amqp://guest:guest@h:5672 and redis://:pw@r:6379/0 failed")).toBe(
      "connect amqp://guest:***@h:5672 and redis://***@r:6379/0 failed",
    );
  });
  it("removes known secrets verbatim", () => {
    expect(redact("auth failed for p%40ss and p@ss", ["p@ss", "p%40ss"])).toBe("auth failed for *** and ***");
  });
  it("finds the password of a URL, encoded and decoded", () => {
    expect(secretsOfUrl("amqp://u:p%40ss@h")).toEqual(["p%40ss", "p@ss"]);
    expect(secretsOfUrl("not a url")).toEqual([]);
  });
  it("shows URLs without credentials", () => {
    expect(displayUrl("http://guest:guest@127.0.0.1:15672/")).toBe("http://127.0.0.1:15672/");
  });
  it("appends the error code and bounds the length", () => {
    const err = Object.assign(new Error("connect failed"), { code: "ECONNREFUSED" });
    expect(errorText(err)).toBe("connect failed (ECONNREFUSED)");
    expect(errorText(new Error("x".repeat(2000))).length).toBe(500);
  });
});
