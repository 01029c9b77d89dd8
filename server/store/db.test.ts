import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { DB_FILE, openDb } from "./db";

const modeOf = (p: string) => fs.statSync(p).mode & 0o7777;
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "qd-db-"));

describe("openDb file modes", () => {
  const made: string[] = [];
  let oldUmask: number | undefined;
  afterEach(() => {
    if (oldUmask !== undefined) process.umask(oldUmask);
    oldUmask = undefined;
    vi.restoreAllMocks();
    for (const d of made.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  it("creates the folder 0700 and the database, -wal and -shm 0600, even with an open umask", async () => {
    oldUmask = process.umask(0);
    const root = tmp();
    made.push(root);
    const dir = path.join(root, "data");
    const db = openDb(dir);
    db.raw.prepare("CREATE TABLE IF NOT EXISTS t (x)").run();
    db.raw.prepare("INSERT INTO t VALUES (1)").run();
    const file = path.join(dir, DB_FILE);
    expect(modeOf(dir)).toBe(0o700);
    for (const f of [file, `${file}-wal`, `${file}-shm`]) {
      expect(fs.existsSync(f)).toBe(true);
      expect(modeOf(f)).toBe(0o600);
    }
    await db.close();
  });

  it("tightens an existing folder and files made with wider modes, and says so once", async () => {
    const dir = tmp();
    made.push(dir);
    fs.chmodSync(dir, 0o755);
    const first = openDb(dir);
    await first.close();
    const file = path.join(dir, DB_FILE);
    fs.chmodSync(file, 0o644);
    fs.chmodSync(dir, 0o775);
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const db = openDb(dir);
    expect(modeOf(dir)).toBe(0o700);
    expect(modeOf(file)).toBe(0o600);
    expect(modeOf(`${file}-wal`)).toBe(0o600);
    expect(modeOf(`${file}-shm`)).toBe(0o600);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toContain("0775; tightened to 0700");
    await db.close();
    await openDb(dir).close();
    expect(warn).toHaveBeenCalledTimes(1); // already tight: nothing more to say
  });

  it("leaves a shared sticky folder alone and warns", async () => {
    const dir = tmp();
    made.push(dir);
    fs.chmodSync(dir, 0o1777);
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const db = openDb(dir);
    expect(modeOf(dir)).toBe(0o1777);
    expect(modeOf(path.join(dir, DB_FILE))).toBe(0o600);
    expect(String(warn.mock.calls[0]?.[0])).toContain("shared");
    await db.close();
  });
});
