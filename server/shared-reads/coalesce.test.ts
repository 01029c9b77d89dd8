import { describe, expect, it } from "vitest";
import { Coalescer } from "./coalesce";

function clock(start = 0) {
  let t = start;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

describe("Coalescer", () => {
  it("shares one read among callers within the ttl and reads again after it", async () => {
    const c = clock();
    const co = new Coalescer<number>(2000, 100, c.now);
    let reads = 0;
    const read = async () => ++reads;
    const first = await Promise.all(Array.from({ length: 20 }, () => co.get("q", read)));
    expect(first).toEqual(Array(20).fill(1));
    c.advance(1999);
    expect(await co.get("q", read)).toBe(1);
    c.advance(1);
    expect(await co.get("q", read)).toBe(2);
    expect(reads).toBe(2);
  });

  it("reads again at once after its keys are forgotten", async () => {
    const co = new Coalescer<number>(2000);
    let reads = 0;
    const read = async () => ++reads;
    await co.get("src\0q1", read);
    await co.get("other\0q1", read);
    co.forgetPrefix("src\0");
    expect(await co.get("src\0q1", read)).toBe(3);
    expect(await co.get("other\0q1", read)).toBe(2);
  });

  it("keeps keys apart", async () => {
    const co = new Coalescer<string>(2000);
    expect(await co.get("a", async () => "A")).toBe("A");
    expect(await co.get("b", async () => "B")).toBe("B");
  });

  it("shares a failure with callers in flight but does not keep it", async () => {
    const co = new Coalescer<number>(2000);
    let reads = 0;
    const failing = async () => {
      reads++;
      throw new Error("redis away");
    };
    const both = await Promise.allSettled([co.get("q", failing), co.get("q", failing)]);
    expect(both.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    expect(reads).toBe(1);
    await Promise.resolve();
    expect(await co.get("q", async () => 7)).toBe(7);
  });

  it("stays bounded under a flood of distinct keys", async () => {
    const c = clock();
    const co = new Coalescer<number>(2000, 10, c.now);
    for (let i = 0; i < 100; i++) await co.get(`k${i}`, async () => i);
    expect((co as unknown as { entries: Map<string, unknown> }).entries.size).toBeLessThanOrEqual(10);
    // Fresh keys survive a sweep of expired ones.
    c.advance(5000);
    await co.get("fresh", async () => 1);
    let reads = 0;
    expect(await co.get("fresh", async () => ++reads)).toBe(1);
    expect(reads).toBe(0);
  });
});
