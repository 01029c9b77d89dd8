import { describe, expect, it } from "vitest";
import { apiQueryOf, hasFilter, isoOfLocalInput, localInputOf, looksLikeTaskId, NO_FILTER, parseStates } from "./task-filter";

describe("task list filters", () => {
  it("read states from the URL, in Celery's order, dropping unknown words", () => {
    expect(parseStates("retry,FAILURE,bogus")).toEqual(["RETRY", "FAILURE"]);
    expect(parseStates("")).toEqual([]);
  });

  it("make the API query: a relative range moves with now, a custom one is fixed, empty fields are left out", () => {
    const now = Date.UTC(2026, 11, 2, 12);
    expect(apiQueryOf(NO_FILTER, now)).toEqual({ state: undefined, name: undefined, worker: undefined, q: undefined, from: undefined, to: undefined });
    expect(apiQueryOf({ ...NO_FILTER, states: ["FAILURE"], name: " demo.add ", since: "1h" }, now)).toMatchObject({
      state: ["FAILURE"],
      name: "demo.add",
      from: now - 3600_000,
      to: undefined,
    });
    const custom = { ...NO_FILTER, since: "custom" as const, from: "2026-12-02T10:00:00.000Z", to: "" };
    expect(apiQueryOf(custom, now)).toMatchObject({ from: Date.UTC(2026, 11, 2, 10), to: undefined });
  });

  it("know when anything is filtered", () => {
    expect(hasFilter(NO_FILTER)).toBe(false);
    expect(hasFilter({ ...NO_FILTER, since: "custom" })).toBe(false);
    expect(hasFilter({ ...NO_FILTER, since: "15m" })).toBe(true);
    expect(hasFilter({ ...NO_FILTER, q: "boom" })).toBe(true);
  });

  it("round-trip a datetime-local value through ISO", () => {
    const iso = isoOfLocalInput("2026-12-02T10:15");
    expect(localInputOf(iso)).toBe("2026-12-02T10:15");
    expect(isoOfLocalInput("")).toBe("");
    expect(localInputOf("not a time")).toBe("");
  });

  it("tell a pasted task id from a sentence", () => {
    expect(looksLikeTaskId(" 5f0c7e1a-2b3c-4d5e-8f90-123456789abc\n")).toBe(true);
    expect(looksLikeTaskId("order 42 failed")).toBe(false);
    expect(looksLikeTaskId("")).toBe(false);
  });
});
