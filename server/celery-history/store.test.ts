import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { celeryTaskListQuerySchema, type CeleryTaskFilter, type CeleryTaskNodeDto } from "@/lib/celery";
import type { Sql } from "@/server/store/sql";
import { openTestStore, STORE_KINDS, STORE_TEST_TIMEOUT, type TestStore } from "@/tests/support/stores";
import { CeleryHistoryStore, PRUNE_BATCH } from "./store";
import { T0, WORKER, ev, life } from "./test-events";

// Against a real SQLite file in a temporary folder and a fresh PostgreSQL database, migrated as
// QueueDeck migrates its store.

const S = "celery";
let t: TestStore;
let db: Sql;
let store: CeleryHistoryStore;

/** A list filter as the route parses it from a query string. */
const filter = (q: Record<string, string> = {}): CeleryTaskFilter => celeryTaskListQuerySchema.parse(q);
const ids = async (q: Record<string, string> = {}) => (await store.list(S, filter(q))).items.map((t) => t.id);
/** Tree as nested ids: "a(b(c))". */
const shape = (n: CeleryTaskNodeDto | null): string => (n ? `${n.group ? "group:" : ""}${n.id}${n.children.length ? `(${n.children.map(shape).join(",")})` : ""}` : "none");
/** SQLite's FTS index matches its table (PostgreSQL's trigram index is a plain index: nothing to check). */
const ftsIntact = async () => {
  if (db.dialect === "sqlite") await db.run("INSERT INTO celery_tasks_text (celery_tasks_text) VALUES ('integrity-check')");
};

describe.each(STORE_KINDS)("CeleryHistoryStore on %s", (kind) => {
  beforeEach(async () => {
    t = await openTestStore(kind);
    db = t.db;
    store = new CeleryHistoryStore(db);
  });
  afterEach(() => t.close());

  it("serves a task page from its events: fields, timeline, no family for a lone task", async () => {
    expect((await store.ingest(S, [...life("t1", { args: "(2, 3)", queue: "celery" }), { type: "worker-heartbeat", hostname: WORKER }]))).toBe(1);
    const d = (await store.detail(S, "t1"))!;
    expect(d).toMatchObject({
      id: "t1",
      name: "demo.add",
      state: "SUCCESS",
      args: "(2, 3)",
      kwargs: "{}",
      argsPreview: "(2, 3)",
      result: "5",
      runtime: 0.05,
      worker: WORKER,
      queue: "celery",
      routingKey: "celery",
      exception: null,
      traceback: null,
      retries: 0,
      rootId: "t1",
      parentId: null,
      family: null,
      familyTruncated: false,
      retriedFrom: null,
      retriedAs: [],
      retryable: false,
      sentAt: new Date((T0 + 0) * 1000).toISOString(),
      seenAt: new Date(T0 * 1000).toISOString(),
    });
    expect(d.timeline.map((s) => s.event)).toEqual(["sent", "received", "started", "succeeded"]);
    expect(d.timeline[3]).toEqual({ event: "succeeded", at: new Date(Math.round((T0 + 0.07) * 1000)).toISOString(), worker: WORKER, detail: null });
    expect((await store.detail(S, "nope"))).toBeUndefined();
    expect((await store.detail("other-source", "t1"))).toBeUndefined();
  });

  it("keeps a finished task finished when its events come in separate, out-of-order batches", async () => {
    const [sent, received, started, succeeded] = life("t1");
    await store.ingest(S, [succeeded!]);
    await store.ingest(S, [started!, sent!]);
    await store.ingest(S, [received!]);
    const d = (await store.detail(S, "t1"))!;
    expect(d.state).toBe("SUCCESS");
    expect(d.timeline.map((s) => s.event)).toEqual(["sent", "received", "started", "succeeded"]);
    expect(d.startedAt).not.toBeNull();
    await ftsIntact();
  });

  it("shows a failure's exception (first line in the list) and traceback", async () => {
    await store.ingest(S, life("f1", { args: "(2, 'x')", fail: "TypeError(\"unsupported operand type(s) for +: 'int' and 'str'\")" }));
    const d = (await store.detail(S, "f1"))!;
    expect(d.state).toBe("FAILURE");
    expect(d.exception).toBe("TypeError(\"unsupported operand type(s) for +: 'int' and 'str'\")");
    expect(d.traceback).toContain("Traceback (most recent call last)");
    expect(d.runtime).toBeCloseTo(0.05, 5);
    expect(d.timeline.at(-1)).toEqual({ event: "failed", at: new Date(Math.round((T0 + 0.07) * 1000)).toISOString(), worker: WORKER, detail: d.exception });
    expect((await store.list(S, filter())).items[0]).toMatchObject({ id: "f1", state: "FAILURE", exception: d.exception });
  });

  describe("list", () => {
    beforeEach(async () => {
      // Ten tasks a second apart: t0 oldest ... t9 newest; t3 ran on another worker.
      for (let i = 0; i < 10; i++) {
        const events = life(`t${i}`, {
          at: i,
          name: i % 2 ? "demo.add" : "demo.resize_image",
          kwargs: i === 4 ? "{'order_id': 'A-1234', 'email': 'Ann@Example.com'}" : "{}",
          fail: i === 7 ? "ValueError('bad amount for order A-77')" : undefined,
        });
        await store.ingest(S, i === 3 ? events.map((e) => (e.hostname === WORKER ? { ...e, hostname: "w2@vm" } : e)) : events);
      }
    });

    it("lists newest first and filters by state, name, worker and time range", async () => {
      expect(await ids()).toEqual(["t9", "t8", "t7", "t6", "t5", "t4", "t3", "t2", "t1", "t0"]);
      expect(await ids({ state: "FAILURE" })).toEqual(["t7"]);
      expect(await ids({ state: "FAILURE,SUCCESS", name: "demo.add" })).toEqual(["t9", "t7", "t5", "t3", "t1"]);
      expect(await ids({ worker: "w2@vm" })).toEqual(["t3"]);
      expect(await ids({ from: String((T0 + 2) * 1000), to: String((T0 + 4) * 1000) })).toEqual(["t4", "t3", "t2"]);
      expect(await ids({ from: new Date((T0 + 8) * 1000).toISOString() })).toEqual(["t9", "t8"]);
    });

    it("searches text in args, kwargs and the exception (any case, '_' literal) and the start of a task id", async () => {
      expect(await ids({ q: "order_id" })).toEqual(["t4"]);
      expect(await ids({ q: "ann@example" })).toEqual(["t4"]);
      expect(await ids({ q: "order A-77" })).toEqual(["t7"]);
      expect(await ids({ q: "A-1" })).toEqual(["t4"]);
      // LIKE would read "_" as any character: "order_A" must not match "order A-77".
      expect(await ids({ q: "order_A" })).toEqual([]);
      await store.ingest(S, life("abc-5f0e", { at: 20 }));
      expect(await ids({ q: "abc-5" })).toEqual(["abc-5f0e"]);
      expect(await ids({ q: "amount", state: "SUCCESS" })).toEqual([]);
    });

    it("searches common text by walking the list newest first, with the same answers", async () => {
      const common = new CeleryHistoryStore(db, { textProbe: 3 });
      const search = async (q: Record<string, string>) => (await common.list(S, filter(q))).items.map((t) => t.id);
      // "(2, 3)" is in every task's args: more candidates than the probe takes.
      expect(await search({ q: "(2, 3)", limit: "4" })).toEqual(["t9", "t8", "t7", "t6"]);
      const next = (await common.list(S, filter({ q: "(2, 3)", limit: "4" }))).nextCursor!;
      expect(await search({ q: "(2, 3)", limit: "4", cursor: next })).toEqual(["t5", "t4", "t3", "t2"]);
      expect(await search({ q: "(2, 3)", name: "demo.add" })).toEqual(["t9", "t7", "t5", "t3", "t1"]);
      expect(await search({ q: "order_id" })).toEqual(["t4"]);
      expect(await search({ q: "order_A" })).toEqual([]);
      await store.ingest(S, life("abc-5f0e", { at: 20 }));
      expect(await search({ q: "abc-5" })).toEqual(["abc-5f0e"]);
    });

    it("pages with a cursor: every row exactly once, newest first, even with tied times", async () => {
      // Two more tasks first seen in the same millisecond as t5.
      await store.ingest(S, [ev("received", "u1", 5), ev("received", "u2", 5)]);
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await store.list(S, filter({ limit: "3", ...(cursor ? { cursor } : {}) }));
        seen.push(...page.items.map((t) => t.id));
        cursor = page.nextCursor ?? undefined;
        pages++;
      } while (cursor);
      expect(pages).toBe(4);
      expect(seen).toHaveLength(12);
      expect(new Set(seen).size).toBe(12);
      expect(seen.slice(0, 4)).toEqual(["t9", "t8", "t7", "t6"]);
      // Filters hold across pages.
      const first = await store.list(S, filter({ limit: "2", name: "demo.add" }));
      expect(first.items.map((t) => t.id)).toEqual(["t9", "t7"]);
      expect((await store.list(S, filter({ limit: "2", name: "demo.add", cursor: first.nextCursor! }))).items.map((t) => t.id)).toEqual(["t5", "t3"]);
    });
  });

  describe("family", () => {
    it("draws a chain from its root, whichever member is asked", async () => {
      await store.ingest(S, [...life("a", { root: "a" }), ...life("b", { root: "a", parent: "a", at: 1 }), ...life("c", { root: "a", parent: "b", at: 2 })]);
      for (const id of ["a", "b", "c"]) expect(shape((await store.detail(S, id))!.family)).toBe("a(b(c))");
      expect((await store.detail(S, "c"))).toMatchObject({ rootId: "a", parentId: "b" });
    });

    it("hangs a chord's body under the header task that sent it, and relatives of unknown parent under the root", async () => {
      // A task that started a group (h1, h2) whose body (body) the last header task sent; "orphan" lost its parent.
      await store.ingest(S, [
        ...life("root"),
        ...life("h1", { root: "root", parent: "root", at: 1 }),
        ...life("h2", { root: "root", parent: "root", at: 1.1 }),
        ...life("body", { root: "root", parent: "h2", at: 2 }),
        ev("started", "orphan", 3, { root_id: "root" }),
      ]);
      expect(shape((await store.detail(S, "body"))!.family)).toBe("root(h1,h2(body),orphan)");
    });

    it("gathers a client's group under one node when events carry the group id", async () => {
      await store.ingest(S, [
        ...life("g1").map((e) => ({ ...e, group: "G" })),
        ...life("g2", { at: 0.1 }).map((e) => ({ ...e, group: "G" })),
        ...life("g3", { at: 0.2, fail: "E()" }).map((e) => ({ ...e, group: "G" })),
      ]);
      const fam = (await store.detail(S, "g2"))!.family!;
      expect(shape(fam)).toBe("group:G(g1,g2,g3)");
      expect(fam.state).toBe("FAILURE");
    });

    it("draws a placeholder for a root it never saw", async () => {
      await store.ingest(S, [...life("x", { root: "gone", parent: "gone" }), ...life("y", { root: "gone", parent: "x", at: 1 })]);
      const fam = (await store.detail(S, "y"))!.family!;
      expect(shape(fam)).toBe("gone(x(y))");
      expect(fam).toMatchObject({ name: null, state: "PENDING" });
    });
  });

  it("links a QueueDeck retry to its original, before or after the retry's events", async () => {
    await store.ingest(S, life("orig", { fail: "E()" }));
    await store.markRetriedFrom(S, "again", "orig");
    await store.ingest(S, life("again", { at: 5 }));
    expect((await store.detail(S, "again"))).toMatchObject({ state: "SUCCESS", retriedFrom: "orig" });
    expect((await store.detail(S, "orig"))!.retriedAs).toEqual(["again"]);
    await store.ingest(S, life("later", { at: 6 }));
    await store.markRetriedFrom(S, "later", "orig");
    expect((await store.detail(S, "orig"))!.retriedAs).toEqual(["again", "later"]);
    expect((await store.detail(S, "later"))!.state).toBe("SUCCESS");
  });

  it("counts a failure as a dead letter until QueueDeck sends it again", async () => {
    await store.ingest(S, [...life("f1", { fail: "KeyError('order 1')" }), ...life("f2", { fail: "KeyError('order 2')", at: 1 })]);
    // Two texts, one reason: ids and numbers masked.
    expect(await store.failures(S)).toMatchObject([{ name: "demo.add", count: 2, topReasons: [{ signature: "KeyError('order <n>')", count: 2 }] }]);
    expect((await store.failedNotRetried(S, "demo.add", 10)).map((t) => t.taskId)).toEqual(["f2", "f1"]);
    await store.markRetriedFrom(S, "again", "f1");
    expect(await store.failures(S)).toMatchObject([{ name: "demo.add", count: 1, topExceptions: [{ message: "KeyError('order 2')", count: 1 }] }]);
    expect(await store.failedNotRetried(S, "demo.add", 10)).toEqual([{ taskId: "f2", exception: "KeyError('order 2')" }]);
    expect((await store.failureDetail(S, 0)).messages).toEqual([{ name: "demo.add", message: "KeyError('order 2')", count: 1 }]);
  });

  it("survives closing and reopening the store (a restart)", async () => {
    await store.ingest(S, life("t1"));
    await db.close();
    db = await t.reopen();
    store = new CeleryHistoryStore(db);
    expect((await store.detail(S, "t1"))!.state).toBe("SUCCESS");
    expect((await store.list(S, filter({ q: "(2, 3)" }))).items.map((t) => t.id)).toEqual(["t1"]);
  });

  it("prunes to the count limit and the age limit, oldest first, in batches, per source", async () => {
    const n = PRUNE_BATCH * 2 + 100;
    const events = Array.from({ length: n }, (_, i) => ev("received", `t${i}`, i, { args: `(${i},)` }));
    await store.ingest(S, events);
    await store.ingest("other", life("o1"));
    expect(await store.prune(S, { maxTasks: 50, maxAgeMs: 1e12 }, (T0 + n) * 1000)).toBe(n - 50);
    expect((await store.count(S))).toBe(50);
    expect(await ids({ limit: "1" })).toEqual([`t${n - 1}`]);
    expect((await store.detail(S, `t${n - 51}`))).toBeUndefined();
    expect((await store.detail(S, `t${n - 50}`))).toBeDefined();
    // Age: tasks first seen more than 10 s before "now" go.
    expect(await store.prune(S, { maxTasks: 1000, maxAgeMs: 10_000 }, (T0 + n) * 1000)).toBe(40);
    expect((await store.count(S))).toBe(10);
    expect((await store.count("other"))).toBe(1);
    // The search index forgot the deleted rows too.
    expect(await ids({ q: `(${n - 51},)` })).toEqual([]);
    await ftsIntact();
  });

  it("charts per minute: succeeded, failed, runtime percentiles and the median wait", async () => {
    const minute = Math.floor((T0 * 1000) / 60_000) * 60_000;
    const at = (sec: number) => (minute + sec * 1000) / 1000 - T0;
    // Minute 0: 100 successes with runtimes 0.01..1.00 s, each waiting 0.5 s; minute 1: one failure; another task name.
    const events = Array.from({ length: 100 }, (_, i) => [
      ev("received", `s${i}`, at(0.1), { name: "demo.add" }),
      ev("started", `s${i}`, at(0.6)),
      ev("succeeded", `s${i}`, at(1 + i * 0.1), { runtime: (i + 1) / 100 }),
    ]).flat();
    events.push(ev("received", "f", at(60), { name: "demo.add" }), ev("started", "f", at(60), {}), ev("failed", "f", at(61), { exception: "E()" }));
    events.push(ev("received", "o", at(1), { name: "demo.other" }), ev("succeeded", "o", at(2), { runtime: 9 }));
    await store.ingest(S, events);
    const all = await store.stats(S, { from: minute, to: minute + 3 * 60_000 });
    expect(all.points.map((p) => p.t)).toEqual([minute, minute + 60_000, minute + 120_000]);
    expect(all.points.map((p) => [p.succeeded, p.failed])).toEqual([[101, 0], [0, 1], [0, 0]]);
    const add = (await store.stats(S, { name: "demo.add", from: minute, to: minute + 3 * 60_000 })).points;
    expect(add[0]).toMatchObject({ succeeded: 100, runtimeP50: 0.5, runtimeP95: 0.95, runtimeP99: 0.99, waitP50: 0.5 });
    expect(add[1]).toMatchObject({ failed: 1, runtimeP50: 1 });
    expect(add[2]).toMatchObject({ succeeded: 0, failed: 0, runtimeP50: null, waitP50: null });
  });
  it("counts tasks finished since a time and every failed task kept: the source's throughput and dead letters", async () => {
    await store.ingest(S, [
      ev("succeeded", "old", 0, { name: "demo.add" }),
      ev("failed", "old-failure", 1, { name: "demo.add", exception: "E()" }),
      ev("succeeded", "new", 100, { name: "demo.add" }),
      ev("failed", "new-failure", 101, { name: "demo.add", exception: "E()" }),
      ev("started", "running", 102, { name: "demo.add" }),
    ]);
    expect(await store.finishedAndFailed(S, (T0 + 50) * 1000)).toEqual({ finished: 2, failed: 2 });
    expect(await store.finishedAndFailed(S, 0)).toEqual({ finished: 4, failed: 2 });
    expect(await store.finishedAndFailed("other", 0)).toEqual({ finished: 0, failed: 0 });
  });
}, STORE_TEST_TIMEOUT);
