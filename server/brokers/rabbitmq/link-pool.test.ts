import { describe, expect, it } from "vitest";
import { LinkPool } from "./link-pool";

function pool(max = 3, idleMs = 1000) {
  let t = 0;
  const closed: string[] = [];
  const p = new LinkPool<string>({ max, idleMs, create: (k) => `link:${k}`, dispose: (v) => closed.push(v), now: () => t });
  return { p, closed, advance: (ms: number) => (t += ms) };
}

describe("LinkPool", () => {
  it("reuses the link of a key", () => {
    const { p } = pool();
    const a = p.acquire("a");
    a.release();
    expect(p.acquire("a").value).toBe("link:a");
    expect(p.size).toBe(1);
  });

  it("never holds more than max idle links: the least recently used one is closed", () => {
    const { p, closed } = pool(3);
    for (const k of ["a", "b", "c"]) p.acquire(k).release();
    p.acquire("a").release(); // a is now the most recent
    p.acquire("d").release();
    expect(closed).toEqual(["link:b"]);
    expect(p.keys()).toEqual(["c", "a", "d"]);
    for (let i = 0; i < 200; i++) p.acquire(`x${i}`).release();
    expect(p.size).toBe(3);
    expect(closed).toHaveLength(201);
  });

  it("does not close a leased link; it goes once released if the pool is still over its bound", () => {
    const { p, closed } = pool(2);
    const a = p.acquire("a");
    const b = p.acquire("b");
    const c = p.acquire("c");
    expect(p.size).toBe(3); // all three in use: none may be closed
    expect(closed).toEqual([]);
    a.release();
    expect(closed).toEqual(["link:a"]);
    b.release();
    c.release();
    expect(p.keys()).toEqual(["b", "c"]);
  });

  it("closes links unused for idleMs, but not one in use, however old", () => {
    const { p, closed, advance } = pool(10, 1000);
    p.acquire("a").release();
    const b = p.acquire("b");
    advance(999);
    p.sweep();
    expect(closed).toEqual([]);
    advance(1);
    p.sweep();
    expect(closed).toEqual(["link:a"]);
    advance(5000);
    p.sweep();
    expect(p.keys()).toEqual(["b"]);
    b.release();
    advance(1000);
    p.sweep();
    expect(p.size).toBe(0);
    expect(closed).toEqual(["link:a", "link:b"]);
  });

  it("drops a link that failed to open, not a newer one under the same key", () => {
    const { p, closed } = pool();
    const first = p.acquire("gone");
    first.release();
    p.drop("gone", first.value);
    expect(p.size).toBe(0);
    expect(closed).toEqual(["link:gone"]);
    p.acquire("gone").release();
    p.drop("gone", "some older link");
    expect(p.size).toBe(1);
  });

  it("releases once, however often release is called", () => {
    const { p, closed } = pool(1);
    const a = p.acquire("a");
    const b = p.acquire("b");
    a.release();
    a.release();
    expect(closed).toEqual(["link:a"]);
    expect(p.keys()).toEqual(["b"]);
    b.release();
    expect(p.keys()).toEqual(["b"]);
  });
});
