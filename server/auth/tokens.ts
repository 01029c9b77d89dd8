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
    id: Number(r.id),
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
  async create(name: string, access: Role | Grant[], createdBy: string, expiresAt?: string, now = Date.now()): Promise<{ token: string; info: ApiTokenInfo }> {
    const grants = typeof access === "string" ? allSources(access) : access;
    const token = randomToken("qdt");
    const createdAt = new Date(now).toISOString();
    const c = grantColumns(grants);
    const r = await this.db.get<{ id: number }>(
      "INSERT INTO api_tokens (token_hash, name, role, grants, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
      [tokenHash(token), name, c.role, c.grants, createdBy, createdAt, expiresAt ?? null],
    );
    const row: Row = { id: Number(r!.id), name, role: c.role, grants: c.grants, created_by: createdBy, created_at: createdAt, last_used_at: null, expires_at: expiresAt ?? null };
    return { token, info: toInfo(row, now) };
  }

  /** The token's info when it exists and has not expired. */
  async resolve(token: string, now = Date.now()): Promise<ApiTokenInfo | undefined> {
    const r = await this.db.get<Row>("SELECT * FROM api_tokens WHERE token_hash = ?", [tokenHash(token)]);
    if (!r) return undefined;
    const info = toInfo(r, now);
    if (info.expired) return undefined;
    await this.db.run("UPDATE api_tokens SET last_used_at = ? WHERE id = ?", [new Date(now).toISOString(), r.id]);
    return info;
  }

  async list(now = Date.now()): Promise<ApiTokenInfo[]> {
    return (await this.db.all<Row>("SELECT * FROM api_tokens ORDER BY id")).map((r) => toInfo(r, now));
  }

  async revoke(id: number): Promise<boolean> {
    return (await this.db.run("DELETE FROM api_tokens WHERE id = ?", [id])) > 0;
  }
}
