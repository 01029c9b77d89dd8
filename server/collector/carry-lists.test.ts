import { describe, expect, it } from "vitest";
import type { Sample } from "@/server/brokers/adapter";
import { carryLists, MAX_CARRIED_LISTS_MS } from "./carry-lists";

const good: Sample = { health: { status: "up" }, lists: { queues: [{ id: "a" }] }, stats: { queues: 1 }, metrics: [{ entity: "", metric: "depth", value: 3 }] };
const failed: Sample = { health: { status: "up", degraded: "listing queues failed: timed out" }, lists: {}, stats: {}, metrics: [] };

describe("carryLists", () => {
  it("keeps the last good lists and stats, with their age, when an up source's listing fails", () => {
    const out = carryLists({ sample: good, listsSampledAt: 1_000 }, failed, 6_000);
    expect(out.listsSampledAt).toBe(1_000);
    expect(out.sample.lists).toEqual(good.lists);
    expect(out.sample.stats).toEqual(good.stats);
    expect(out.sample.metrics).toEqual([]);
    expect(out.sample.health.degraded).toContain("listing queues failed");
  });

  it("shows nothing old for a source that is down, or lists older than the limit", () => {
    const down: Sample = { ...failed, health: { status: "down", error: "refused" } };
    expect(carryLists({ sample: good, listsSampledAt: 1_000 }, down, 6_000)).toEqual({ sample: down, listsSampledAt: 6_000 });
    const late = 1_000 + MAX_CARRIED_LISTS_MS + 1;
    expect(carryLists({ sample: good, listsSampledAt: 1_000 }, failed, late).sample.lists).toEqual({});
  });

  it("takes a fresh listing as it is", () => {
    expect(carryLists({ sample: good, listsSampledAt: 1_000 }, good, 6_000)).toEqual({ sample: good, listsSampledAt: 6_000 });
  });
});
