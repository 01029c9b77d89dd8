import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CeleryEvent } from "@/server/brokers/celery/transport";
import { openTestStore, STORE_KINDS, STORE_TEST_TIMEOUT, type TestStore } from "@/tests/support/stores";
import { startCeleryHistory, type CeleryEventSource } from "./receiver";
import { CeleryHistoryStore } from "./store";
import { life } from "./test-events";

/** An events hub in this process: what the Celery adapter's `events` offers the receiver. */
class Hub implements CeleryEventSource {
  listeners = new Set<(e: CeleryEvent[]) => void>();
  subscribe(l: (e: CeleryEvent[]) => void) {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
  emit(events: CeleryEvent[]) {
    for (const l of this.listeners) l(events);
  }
}

/** The store, counting its write transactions. */
class CountingStore extends CeleryHistoryStore {
  batches: number[] = [];
  override ingest(sourceId: string, events: readonly CeleryEvent[]): Promise<number> {
    this.batches.push(events.length);
    return super.ingest(sourceId, events);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
describe.each(STORE_KINDS)("startCeleryHistory on %s", (kind) => {
  let t: TestStore;
  beforeEach(async () => {
    t = await openTestStore(kind);
  });
  afterEach(() => t.close());

  it("writes a burst of events in one batch, at once when the batch is full, and the rest on stop", async () => {
    const store = new CountingStore(t.db);
    const hub = new Hub();
    const stop = startCeleryHistory("celery", hub, store, { flushMs: 50, maxBatch: 12 });
    // Three tasks' lives (12 events) one event at a time, heartbeats between: full batch, written without waiting.
    for (const id of ["a", "b", "c"]) for (const e of life(id)) hub.emit([e, { type: "worker-heartbeat", hostname: "w1@vm" }]);
    // Writes go one after another, each on the next turn: well within flushMs.
    await sleep(5);
    expect(store.batches).toEqual([12]);
    // Heartbeats alone never write.
    hub.emit([{ type: "worker-heartbeat", hostname: "w1@vm" }]);
    await sleep(120);
    expect(store.batches).toEqual([12]);
    // Two events, then quiet: one write after flushMs.
    hub.emit(life("d").slice(0, 2));
    expect(store.batches).toEqual([12]);
    await sleep(120);
    expect(store.batches).toEqual([12, 2]);
    expect((await store.detail("celery", "d"))!.state).toBe("RECEIVED");
    // Whatever waits when it stops is written; nothing after.
    hub.emit(life("d").slice(2));
    await stop();
    expect(store.batches).toEqual([12, 2, 2]);
    expect(hub.listeners.size).toBe(0);
    expect((await store.detail("celery", "d"))!.state).toBe("SUCCESS");
    expect((await store.list("celery", { limit: 10 })).items.map((x) => x.id)).toEqual(["d", "c", "b", "a"]);
  });

  it("prunes to its retention when it starts", async () => {
    const store = new CeleryHistoryStore(t.db);
    for (const id of ["a", "b", "c"]) await store.ingest("celery", life(id, { at: id.charCodeAt(0) }));
    const stop = startCeleryHistory("celery", new Hub(), store, { retention: { maxTasks: 1, maxAgeMs: 1e13 } });
    await stop();
    expect((await store.list("celery", { limit: 10 })).items.map((x) => x.id)).toEqual(["c"]);
  });
}, STORE_TEST_TIMEOUT);
