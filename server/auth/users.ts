import "server-only";
import type { Db } from "@/server/store/db";
import type { Role, UserSummary } from "@/lib/dto";
import { allSources, globalRole, type Grant } from "@/lib/grants";
import { conflict } from "@/server/errors";
import { grantColumns, readGrants } from "./grant-column";
import { hashPassword, verifyPassword } from "./password";
import { usernameKey } from "./username";
import { isUniqueViolation } from "@/server/store/errors";

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
    sessions: Number(r.sessions),
    ...(r.password_changed_at ? { passwordChangedAt: r.password_changed_at } : {}),
  };
}

/**
 * Accounts. A name is looked up by its key (usernameKey), so "Ops" finds "ops"; the spelling
 * given at creation is kept for display and is what sessions and audit rows name.
 */
export class UserStore {
  constructor(private readonly db: Db) {}

  async count(): Promise<number> {
    return Number((await this.db.get<{ n: number }>("SELECT COUNT(*) AS n FROM users"))!.n);
  }

  /** `access`: grants, or one role as shorthand for that role on every source. */
  async create(username: string, password: string, access: Role | Grant[]): Promise<UserSummary> {
    const grants = typeof access === "string" ? allSources(access) : access;
    const hash = await hashPassword(password);
    const createdAt = new Date().toISOString();
    const key = usernameKey(username);
    // Checked again after the (async) hashing: the unique index is the last word.
    if (await this.find(username)) throw conflict(`user "${username}" already exists (names are compared ignoring case)`);
    try {
      const c = grantColumns(grants);
      await this.db.run("INSERT INTO users (username, name_key, password_hash, role, grants, created_at) VALUES (?, ?, ?, ?, ?, ?)", [username, key, hash, c.role, c.grants, createdAt]);
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict(`user "${username}" already exists (names are compared ignoring case)`);
      throw err;
    }
    return { username, role: globalRole(grants) ?? null, grants, createdAt, disabled: false, sessions: 0 };
  }

  /** By exact spelling (sessions store it), else by key; a shelved duplicate is found only exactly. */
  async find(name: string): Promise<UserSummary | undefined> {
    const r = await this.db.get<Row>(`${SELECT} WHERE u.username = ? OR u.name_key = ? ORDER BY u.username = ? DESC LIMIT 1`, [name, usernameKey(name), name]);
    return r && toSummary(r);
  }

  async list(): Promise<UserSummary[]> {
    return (await this.db.all<Row>(`${SELECT} ORDER BY u.name_key, u.username`)).map(toSummary);
  }

  /** Enabled admins of every source ("*" grant) other than `except` (a username), to keep at least one. */
  async otherEnabledAdmins(except: string): Promise<number> {
    return (await this.list()).filter((u) => u.role === "admin" && !u.disabled && u.username !== except).length;
  }

  async setGrants(username: string, grants: Grant[]): Promise<void> {
    const c = grantColumns(grants);
    await this.db.run("UPDATE users SET role = ?, grants = ? WHERE username = ?", [c.role, c.grants, username]);
  }

  /** Enabling needs the name's key free: a shelved duplicate of another user stays disabled. */
  async setDisabled(username: string, disabled: boolean): Promise<void> {
    if (disabled) {
      await this.db.run("UPDATE users SET disabled = 1 WHERE username = ?", [username]);
      return;
    }
    const key = usernameKey(username);
    const holder = await this.db.get<{ username: string }>("SELECT username FROM users WHERE name_key = ?", [key]);
    if (holder && holder.username !== username) {
      throw conflict(`"${holder.username}" already has this name ignoring case; delete one of the two first`);
    }
    await this.db.run("UPDATE users SET disabled = 0, name_key = ? WHERE username = ?", [key, username]);
  }

  async setPassword(username: string, password: string): Promise<void> {
    const hash = await hashPassword(password);
    await this.db.run("UPDATE users SET password_hash = ?, password_changed_at = ? WHERE username = ?", [hash, new Date().toISOString(), username]);
  }

  /**
   * A single sign-on user, created at its first sign-in, its grants set again at each one (the
   * provider's claims decide). It has no password here: its hash field holds no scrypt hash,
   * so a local sign-in never matches. The caller has checked that no local user has the name.
   */
  async upsertExternal(username: string, grants: Grant[]): Promise<UserSummary> {
    const c = grantColumns(grants);
    const found = await this.find(username);
    if (found) await this.db.run("UPDATE users SET role = ?, grants = ? WHERE username = ? AND external = 'oidc'", [c.role, c.grants, found.username]);
    else {
      await this.db.run("INSERT INTO users (username, name_key, password_hash, role, grants, external, created_at) VALUES (?, ?, ?, ?, ?, 'oidc', ?)", [
        username,
        usernameKey(username),
        EXTERNAL_HASH,
        c.role,
        c.grants,
        new Date().toISOString(),
      ]);
    }
    return (await this.find(username))!;
  }

  /** Sessions go with the user (ON DELETE CASCADE). */
  async delete(username: string): Promise<boolean> {
    return (await this.db.run("DELETE FROM users WHERE username = ?", [username])) > 0;
  }

  /**
   * Checks a password by the name's key. Unknown users cost as much as known ones, so timing
   * tells nothing. A disabled user's right password is still reported (as disabled) so the
   * audit can say why; the caller refuses it all the same.
   */
  async verify(name: string, password: string): Promise<UserSummary | undefined> {
    const r = await this.db.get<{ username: string; password_hash: string }>("SELECT username, password_hash FROM users WHERE name_key = ?", [usernameKey(name)]);
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
