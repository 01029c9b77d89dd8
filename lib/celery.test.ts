import { describe, expect, it } from "vitest";
import { formatZodIssues } from "./zod-format";
import { TASK_STATS_MAX_WINDOW_MS, celeryTaskListQuerySchema, celeryTaskStatsQuerySchema } from "./celery";

/** The 400 message a route would answer, or the parsed query. */
function parse(schema: typeof celeryTaskListQuerySchema | typeof celeryTaskStatsQuerySchema, q: Record<string, string>) {
  const r = schema.safeParse(q);
  return r.success ? r.data : formatZodIssues(r.error);
}

describe("celeryTaskListQuerySchema", () => {
  it("parses filters: states (one or a list), times as ms or ISO, a cursor, a default limit", () => {
    expect(parse(celeryTaskListQuerySchema, { state: "FAILURE,RETRY", name: "demo.add", from: "1000", to: "1970-01-01T00:00:02Z", cursor: "1796206936729-42" })).toEqual({
      state: ["FAILURE", "RETRY"],
      name: "demo.add",
      from: 1000,
      to: 2000,
      cursor: "1796206936729-42",
      limit: 50,
    });
    expect(parse(celeryTaskListQuerySchema, { state: "RETRY,RETRY, FAILURE" })).toMatchObject({ state: ["RETRY", "FAILURE"] });
    // A blank form field is no filter.
    expect(parse(celeryTaskListQuerySchema, { state: "", q: "", worker: "" })).toEqual({ limit: 50 });
  });

  it("names what is wrong: a state Celery does not have, a cursor it did not give, from after to, a short search", () => {
    expect(parse(celeryTaskListQuerySchema, { state: "FAILED" })).toMatch(/^state\.0: a Celery state: PENDING, RECEIVED, STARTED, RETRY, SUCCESS, FAILURE, REVOKED/);
    expect(parse(celeryTaskListQuerySchema, { cursor: "abc" })).toBe("cursor: a nextCursor from a previous page");
    expect(parse(celeryTaskListQuerySchema, { from: "2000", to: "1000" })).toBe("from: from must not be after to");
    expect(parse(celeryTaskListQuerySchema, { q: "ab" })).toBe("q: search text needs at least 3 characters");
    expect(parse(celeryTaskListQuerySchema, { limit: "501" })).toMatch(/^limit: /);
    expect(parse(celeryTaskListQuerySchema, { from: "yesterday" })).toMatch(/^from: /);
  });

  it("keeps ?active=1 (the running tasks) apart from the history's filters", () => {
    expect(parse(celeryTaskListQuerySchema, { active: "1" })).toEqual({ active: "1", limit: 50 });
    expect(parse(celeryTaskListQuerySchema, { active: "1", state: "FAILURE" })).toBe("active: active=1 lists the running tasks and takes no filter");
    expect(parse(celeryTaskListQuerySchema, { active: "yes" })).toBe('active: active takes "1"');
  });
});

describe("celeryTaskStatsQuerySchema", () => {
  it("defaults to the last hour and refuses more than a day or an empty window", () => {
    const q = celeryTaskStatsQuerySchema.parse({ to: "7200000" });
    expect(q).toEqual({ from: 3_600_000, to: 7_200_000 });
    expect(celeryTaskStatsQuerySchema.parse({ name: "demo.add", from: "0", to: String(TASK_STATS_MAX_WINDOW_MS) })).toEqual({ name: "demo.add", from: 0, to: TASK_STATS_MAX_WINDOW_MS });
    expect(parse(celeryTaskStatsQuerySchema, { from: "0", to: String(TASK_STATS_MAX_WINDOW_MS + 1) })).toBe("from: the window is at most 24 hours");
    expect(parse(celeryTaskStatsQuerySchema, { from: "5", to: "5" })).toBe("from: from must be before to");
  });
});
