import "server-only";
import type { Db } from "@/server/store/db";
import type { Role, UserSummary } from "@/lib/dto";
import { allSources, globalRole, type Grant } from "@/lib/grants";
import { conflict } from "@/server/errors";
import { grantColumns, readGrants } from "./grant-column";
import { hashPassword, verifyPassword } from "./password";
import { usernameKey } from "./username";

interface Row {
  username: string;
  role: Role;
  grants: string | null;
  external: string | null;
  created_at: string;
  disabled: number;
  password_changed_at: string | null;
  sessions: number;
}

const SELECT = `SELECT u.username, u.role, u.grants, u.external, u.created_at, u.disabled, u.password_changed_at,
  (SELECT COUNT(*) FROM sessions s WHERE s.username = u.username) AS sessions FROM users u`;

function toSummary(r: Row): UserSummary {
  const grants = readGrants(r.grants, r.role);
  return {
    username: r.username,
    role: globalRole(grants) ?? null,
    grants,
    ...(r.external === "oidc" ? { external: "oidc" as const } : {}),
    createdAt: r.created_at,
    disabled: r.disabled === 1,
    sessions: r.sessions,
    ...(r.password_changed_at ? { passwordChangedAt: r.password_changed_at } : {}),
  };
}

/**
 * Accounts. A name is looked up by its key (usernameKey), so "Ops" finds "ops"; the spelling
 * given at creation is kept for display and is what sessions and audit rows name.
 */
export class UserStore {
  constructor(private readonly db: Db) {}

  count(): number {
    return (this.db.prepare("SELECT COUNT(*) AS n FROM users").get() as { n: number }).n;
  }

  /** `access`: grants, or one role as shorthand for that role on every source. */
  async create(username: string, password: string, access: Role | Grant[]): Promise<UserSummary> {
    const grants = typeof access === "string" ? allSources(access) : access;
    const hash = await hashPassword(password);
    const createdAt = new Date().toISOString();
    const key = usernameKey(username);
    // Checked again after the (async) hashing: the unique index is the last word.
    if (this.find(username)) throw conflict(`user "${username}" already exists (names are compared ignoring case)`);
    try {
      this.db
        .prepare("INSERT INTO users (username, name_key, password_hash, role, grants, created_at) VALUES (?, ?, ?, ?, ?, ?)")
        .run(username, key, hash, grantColumns(grants).role, grantColumns(grants).grants, createdAt);
    } catch (err) {
      if ((err as { code?: string }).code?.startsWith("SQLITE_CONSTRAINT")) throw conflict(`user "${username}" already exists (names are compared ignoring case)`);
      throw err;
    }
    return { username, role: globalRole(grants) ?? null, grants, createdAt, disabled: false, sessions: 0 };
  }

  /** By exact spelling (sessions store it), else by key; a shelved duplicate is found only exactly. */
  find(name: string): UserSummary | undefined {
    const r = this.db.prepare(`${SELECT} WHERE u.username = ? OR u.name_key = ? ORDER BY u.username = ? DESC LIMIT 1`).get(name, usernameKey(name), name) as
      | Row
      | undefined;
    return r && toSummary(r);
  }

  list(): UserSummary[] {
    return (this.db.prepare(`${SELECT} ORDER BY u.name_key, u.username`).all() as Row[]).map(toSummary);
  }

  /** Enabled admins of every source ("*" grant) other than `except` (a username), to keep at least one. */
  otherEnabledAdmins(except: string): number {
    return this.list().filter((u) => u.role === "admin" && !u.disabled && u.username !== except).length;
  }

  setGrants(username: string, grants: Grant[]): void {
    const c = grantColumns(grants);
    this.db.prepare("UPDATE users SET role = ?, grants = ? WHERE username = ?").run(c.role, c.grants, username);
  }

  /** Enabling needs the name's key free: a shelved duplicate of another user stays disabled. */
  setDisabled(username: string, disabled: boolean): void {
    if (disabled) {
      this.db.prepare("UPDATE users SET disabled = 1 WHERE username = ?").run(username);
      return;
    }
    const key = usernameKey(username);
    const holder = this.db.prepare("SELECT username FROM users WHERE name_key = ?").get(key) as { username: string } | undefined;
    if (holder && holder.username !== username) {
      throw conflict(`"${holder.username}" already has this name ignoring case; delete one of the two first`);
    }
    this.db.prepare("UPDATE users SET disabled = 0, name_key = ? WHERE username = ?").run(key, username);
  }

  async setPassword(username: string, password: string): Promise<void> {
    const hash = await hashPassword(password);
    this.db.prepare("UPDATE users SET password_hash = ?, password_changed_at = ? WHERE username = ?").run(hash, new Date().toISOString(), username);
  }

  /**
   * A single sign-on user, created at its first sign-in, its grants set again at each one (the
   * provider's claims decide). It has no password here: its hash field holds no scrypt hash,
   * so a local sign-in never matches. The caller has checked that no local user has the name.
   */
  upsertExternal(username: string, grants: Grant[]): UserSummary {
    const c = grantColumns(grants);
    const found = this.find(username);
    if (found) this.db.prepare("UPDATE users SET role = ?, grants = ? WHERE username = ? AND external = 'oidc'").run(c.role, c.grants, found.username);
    else {
      this.db
        .prepare("INSERT INTO users (username, name_key, password_hash, role, grants, external, created_at) VALUES (?, ?, ?, ?, ?, 'oidc', ?)")
        .run(username, usernameKey(username), EXTERNAL_HASH, c.role, c.grants, new Date().toISOString());
    }
    return this.find(username)!;
  }

  /** Sessions go with the user (ON DELETE CASCADE). */
  delete(username: string): boolean {
    return this.db.prepare("DELETE FROM users WHERE username = ?").run(username).changes > 0;
  }

  /**
   * Checks a password by the name's key. Unknown users cost as much as known ones, so timing
   * tells nothing. A disabled user's right password is still reported (as disabled) so the
   * audit can say why; the caller refuses it all the same.
   */
  async verify(name: string, password: string): Promise<UserSummary | undefined> {
    const r = this.db.prepare("SELECT username, password_hash FROM users WHERE name_key = ?").get(usernameKey(name)) as
      | { username: string; password_hash: string }
      | undefined;
    // A single sign-on user has no password: checked against the dummy, so it costs the same and never matches.
    const stored = r?.password_hash.startsWith("scrypt$") ? r.password_hash : undefined;
    const ok = await verifyPassword(password, stored ?? DUMMY_HASH);
    return ok && r && stored ? this.find(r.username) : undefined;
  }
}

/** What a single sign-on user's password_hash holds: no password matches it. */
const EXTERNAL_HASH = "external:oidc";

// A valid hash of a random string: verifying against it takes the same time as a real check.
const DUMMY_HASH =
  "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
