import { describe, expect, it } from "vitest";
import { mergeTaskTypes, normalizeRate, parseRegisteredEntry } from "./task-types";

describe("task types from `inspect registered`", () => {
  it("reads Celery's entries with and without a rate limit", () => {
    expect(parseRegisteredEntry("demo.add [rate_limit=10/m]")).toEqual({ name: "demo.add", rateLimit: "10/m" });
    expect(parseRegisteredEntry("demo.add")).toEqual({ name: "demo.add", rateLimit: null });
    // The default taskinfoitems put exchange and routing key around it.
    expect(parseRegisteredEntry("demo.add [exchange=x rate_limit=5/s routing_key=k]")).toEqual({ name: "demo.add", rateLimit: "5/s" });
    // A limit removed with "" is printed empty; "0" is no limit either.
    expect(parseRegisteredEntry("demo.add [rate_limit=]")).toEqual({ name: "demo.add", rateLimit: null });
    expect(parseRegisteredEntry("demo.add [rate_limit=0]")?.rateLimit).toBeNull();
    expect(parseRegisteredEntry(42)).toBeNull();
    expect(normalizeRate("100")).toBe("100");
    expect(normalizeRate("0/m")).toBeNull();
  });

  it("merges workers: each task type lists every worker that has it, with that worker's own limit", () => {
    const merged = mergeTaskTypes({
      "w2@h": ["demo.add [rate_limit=10/m]", "demo.long_report"],
      "w1@h": ["demo.add", "demo.only_w1 [rate_limit=1/s]"],
      "w3@h": { error: "no" },
    });
    expect(merged).toEqual([
      { id: "demo.add", name: "demo.add", workers: [{ worker: "w1@h", rateLimit: null }, { worker: "w2@h", rateLimit: "10/m" }] },
      { id: "demo.long_report", name: "demo.long_report", workers: [{ worker: "w2@h", rateLimit: null }] },
      { id: "demo.only_w1", name: "demo.only_w1", workers: [{ worker: "w1@h", rateLimit: "1/s" }] },
    ]);
  });
});
