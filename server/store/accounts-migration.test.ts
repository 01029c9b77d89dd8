import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { MIGRATIONS, migrate } from "./migrations";
import { accountControls } from "./accounts-migration";

/** A database at the schema just before the account migration, with rows written back then. */
function before(): Database.Database {
  const db = new Database(":memory:");
  db.pragma("foreign_keys = ON");
  const at = MIGRATIONS.indexOf(accountControls);
  for (let v = 0; v < at; v++) {
    const m = MIGRATIONS[v]!;
    if (typeof m === "string") db.exec(m);
    else m(db);
  }
  db.pragma(`user_version = ${at}`);
  const user = db.prepare("INSERT INTO users (username, password_hash, role, created_at) VALUES (?, 'x', ?, ?)");
  user.run("sec-throwaway", "viewer", "2026-01-01T00:00:00Z");
  user.run("Sec-Throwaway", "admin", "2026-02-01T00:00:00Z");
  user.run("admin", "admin", "2025-12-01T00:00:00Z");
  db.prepare("INSERT INTO sessions (token_hash, username, created_at, expires_at) VALUES ('h1', 'Sec-Throwaway', 1, 9e15), ('h2', 'admin', 5, 9e15)").run();
  const audit = db.prepare("INSERT INTO audit (at, actor, action, outcome) VALUES ('2026-01-01', ?, ?, ?)");
  audit.run("admin", "queue.purge", "ok");
  audit.run("token:QUEUEDECK_ADMIN_TOKEN", "queue.purge", "ok");
  audit.run("token:ci", "queue.purge", "ok");
  audit.run("my-Secret-Passw0rd", "session.create", "denied");
  audit.run("ADMIN", "session.create", "denied");
  return db;
}

describe("account migration", () => {
  it("keeps colliding names: the oldest signs in, the later one is disabled, its sessions end", () => {
    const db = before();
    migrate(db);
    const users = db.prepare("SELECT username, name_key, disabled FROM users ORDER BY username").all();
    expect(users).toEqual([
      { username: "Sec-Throwaway", name_key: null, disabled: 1 },
      { username: "admin", name_key: "admin", disabled: 0 },
      { username: "sec-throwaway", name_key: "sec-throwaway", disabled: 0 },
    ]);
    expect(db.prepare("SELECT token_hash, last_used_at FROM sessions").all()).toEqual([{ token_hash: "h2", last_used_at: 5 }]);
    expect(() => db.prepare("INSERT INTO users (username, name_key, password_hash, role, created_at) VALUES ('ADMIN', 'admin', 'x', 'viewer', 'now')").run()).toThrow(/UNIQUE/);
  });

  it("gives old audit rows a kind, and removes typed text from old failed sign-ins", () => {
    const db = before();
    migrate(db);
    expect(db.prepare("SELECT actor, actor_kind, actor_id FROM audit ORDER BY id").all()).toEqual([
      { actor: "admin", actor_kind: "user", actor_id: "admin" },
      { actor: "token:QUEUEDECK_ADMIN_TOKEN", actor_kind: "env-token", actor_id: "QUEUEDECK_ADMIN_TOKEN" },
      { actor: "token:ci", actor_kind: "token", actor_id: null },
      { actor: "unknown user (before names were hidden)", actor_kind: "anonymous", actor_id: null },
      { actor: "ADMIN", actor_kind: "user", actor_id: "admin" },
    ]);
  });
});
