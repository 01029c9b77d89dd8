import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestStore, STORE_KINDS, STORE_TEST_TIMEOUT, type TestStore } from "@/tests/support/stores";
import { DeviceCookies, parseDeviceCookie } from "./device-cookie";
import { sealFlow, unsealFlow } from "./oidc-flow-cookie";
import { loadSharedKey } from "./secret-key";

const NAME = "device-cookie.key";

// Each "replica" has a data folder of its own and its own connection to the one store.
describe.each(STORE_KINDS)("keys shared in the store on %s", (kind) => {
  let store: TestStore;
  const dirs: string[] = [];
  const dataDir = () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), "qd-keys-"));
    dirs.push(d);
    return d;
  };
  const stored = async (name: string) => (await store.db.get<{ value: string }>("SELECT value FROM secret_keys WHERE name = ?", [name]))?.value;

  beforeEach(async () => {
    store = await openTestStore(kind);
  });
  afterEach(async () => {
    await store.close();
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  it("gives two replicas of one database the same key, made once and kept in the store only", async () => {
    const [dirA, dirB] = [dataDir(), dataDir()];
    const a = await loadSharedKey(store.db, dirA, NAME);
    const b = await loadSharedKey(await store.reopen(), dirB, NAME);
    expect(a).toHaveLength(32);
    expect(b.equals(a)).toBe(true);
    expect(await stored(NAME)).toBe(a.toString("base64"));
    expect((await loadSharedKey(store.db, dirA, NAME)).equals(a)).toBe(true);
    expect(fs.readdirSync(dirA)).toEqual([]);
    expect(fs.readdirSync(dirB)).toEqual([]);
    // Each name is a key of its own.
    const other = await loadSharedKey(store.db, dirA, "oidc-flow.key");
    expect(other.equals(a)).toBe(false);
    expect(await stored("oidc-flow.key")).toBe(other.toString("base64"));
  }, STORE_TEST_TIMEOUT);

  it("agrees on one key when replicas start together", async () => {
    const dbs = [store.db, await store.reopen(), await store.reopen()];
    const keys = await Promise.all(dbs.flatMap((db) => [loadSharedKey(db, dataDir(), NAME), loadSharedKey(db, dataDir(), NAME)]));
    for (const k of keys) expect(k.equals(keys[0]!)).toBe(true);
    expect(await stored(NAME)).toBe(keys[0]!.toString("base64"));
  }, STORE_TEST_TIMEOUT);

  it("adopts an existing key file on first open; a replica without the file gets that key", async () => {
    const dirA = dataDir();
    const old = crypto.randomBytes(32);
    fs.writeFileSync(path.join(dirA, NAME), old, { mode: 0o600 });
    expect((await loadSharedKey(store.db, dirA, NAME)).equals(old)).toBe(true);
    expect(await stored(NAME)).toBe(old.toString("base64"));
    expect((await loadSharedKey(await store.reopen(), dataDir(), NAME)).equals(old)).toBe(true);
    // Once stored, the store decides: another replica's own stale file does not replace it.
    const dirC = dataDir();
    fs.writeFileSync(path.join(dirC, NAME), crypto.randomBytes(32));
    expect((await loadSharedKey(await store.reopen(), dirC, NAME)).equals(old)).toBe(true);
  }, STORE_TEST_TIMEOUT);

  it("refuses a stored key of the wrong length or not in base64, naming the key and never its value", async () => {
    const short = crypto.randomBytes(16).toString("base64");
    await store.db.run("INSERT INTO secret_keys (name, value) VALUES (?, ?)", ["audit-name.key", short]);
    const err = await loadSharedKey(store.db, dataDir(), "audit-name.key").then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(err).toBeInstanceOf(Error);
    expect(err!.message).toMatch(/key "audit-name\.key" in the store .* must be 32 bytes/);
    expect(err!.message).not.toContain(short);
    // 32 bytes once stray characters are skipped: still refused.
    const damaged = `${crypto.randomBytes(32).toString("base64")}!`;
    await store.db.run("INSERT INTO secret_keys (name, value) VALUES (?, ?)", ["oidc-flow.key", damaged]);
    await expect(loadSharedKey(store.db, dataDir(), "oidc-flow.key")).rejects.toThrow(/key "oidc-flow\.key" in the store .* must be 32 bytes/);
    expect(await stored("oidc-flow.key")).toBe(damaged);
  }, STORE_TEST_TIMEOUT);

  it("refuses a key file of the wrong length and stores nothing", async () => {
    const dir = dataDir();
    fs.writeFileSync(path.join(dir, NAME), "short");
    await expect(loadSharedKey(store.db, dir, NAME)).rejects.toThrow(/device-cookie\.key must hold exactly 32 bytes/);
    expect(await stored(NAME)).toBeUndefined();
  }, STORE_TEST_TIMEOUT);

  it("a device cookie or a single sign-on flow started on one replica is accepted by another", async () => {
    const other = await store.reopen();
    const value = (await DeviceCookies.load(store.db, dataDir())).issue("admin");
    expect((await DeviceCookies.load(other, dataDir())).verify(value, "admin")).toBe(parseDeviceCookie(value)!.id);

    const flow = { state: "s", nonce: "n", verifier: "v", next: "/queues" };
    const sealed = sealFlow({ oidcFlowKey: await loadSharedKey(store.db, dataDir(), "oidc-flow.key") }, flow);
    expect(unsealFlow({ oidcFlowKey: await loadSharedKey(other, dataDir(), "oidc-flow.key") }, sealed)).toMatchObject(flow);
    expect(unsealFlow({ oidcFlowKey: crypto.randomBytes(32) }, sealed)).toBeUndefined();
  }, STORE_TEST_TIMEOUT);
});
