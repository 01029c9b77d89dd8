import "server-only";
import type { Db } from "@/server/store/db";
import type { ApiTokenInfo, Role } from "@/lib/dto";
import { allSources, globalRole, type Grant } from "@/lib/grants";
import { randomToken, tokenHash } from "./password";
import { grantColumns, readGrants } from "./grant-column";

interface Row {
  id: number;
  name: string;
  role: Role;
  grants: string | null;
  created_by: string;
  created_at: string;
  last_used_at: string | null;
  expires_at: string | null;
}

function toInfo(r: Row, now: number): ApiTokenInfo {
  const grants = readGrants(r.grants, r.role);
  return {
    id: r.id,
    name: r.name,
    role: globalRole(grants) ?? null,
    grants,
    createdBy: r.created_by,
    createdAt: r.created_at,
    ...(r.last_used_at ? { lastUsedAt: r.last_used_at } : {}),
    ...(r.expires_at ? { expiresAt: r.expires_at } : {}),
    expired: r.expires_at !== null && Date.parse(r.expires_at) <= now,
  };
}

export class TokenStore {
  constructor(private readonly db: Db) {}

  /** Returns the token once; only its hash is kept. `expiresAt`: ISO time, none when absent. */
  /** `access`: grants, or one role as shorthand for that role on every source. */
  create(name: string, access: Role | Grant[], createdBy: string, expiresAt?: string, now = Date.now()): { token: string; info: ApiTokenInfo } {
    const grants = typeof access === "string" ? allSources(access) : access;
    const token = randomToken("qdt");
    const createdAt = new Date(now).toISOString();
    const c = grantColumns(grants);
    const r = this.db
      .prepare("INSERT INTO api_tokens (token_hash, name, role, grants, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
      .run(tokenHash(token), name, c.role, c.grants, createdBy, createdAt, expiresAt ?? null);
    const row: Row = { id: Number(r.lastInsertRowid), name, role: c.role, grants: c.grants, created_by: createdBy, created_at: createdAt, last_used_at: null, expires_at: expiresAt ?? null };
    return { token, info: toInfo(row, now) };
  }

  /** The token's info when it exists and has not expired. */
  resolve(token: string, now = Date.now()): ApiTokenInfo | undefined {
    const r = this.db.prepare("SELECT * FROM api_tokens WHERE token_hash = ?").get(tokenHash(token)) as Row | undefined;
    if (!r) return undefined;
    const info = toInfo(r, now);
    if (info.expired) return undefined;
    this.db.prepare("UPDATE api_tokens SET last_used_at = ? WHERE id = ?").run(new Date(now).toISOString(), r.id);
    return info;
  }

  list(now = Date.now()): ApiTokenInfo[] {
    return (this.db.prepare("SELECT * FROM api_tokens ORDER BY id").all() as Row[]).map((r) => toInfo(r, now));
  }

  revoke(id: number): boolean {
    return this.db.prepare("DELETE FROM api_tokens WHERE id = ?").run(id).changes > 0;
  }
}
