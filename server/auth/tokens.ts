import "server-only";
import type { Db } from "@/server/store/db";
import type { Role } from "@/lib/dto";
import { randomToken, tokenHash } from "./password";

export interface ApiTokenInfo {
  id: number;
  name: string;
  role: Role;
  createdBy: string;
  createdAt: string;
  lastUsedAt?: string;
}

export class TokenStore {
  constructor(private readonly db: Db) {}

  /** Returns the token once; only its hash is kept. */
  create(name: string, role: Role, createdBy: string): { token: string; info: ApiTokenInfo } {
    const token = randomToken("qdt");
    const createdAt = new Date().toISOString();
    const r = this.db
      .prepare("INSERT INTO api_tokens (token_hash, name, role, created_by, created_at) VALUES (?, ?, ?, ?, ?)")
      .run(tokenHash(token), name, role, createdBy, createdAt);
    return { token, info: { id: Number(r.lastInsertRowid), name, role, createdBy, createdAt } };
  }

  resolve(token: string): ApiTokenInfo | undefined {
    const r = this.db
      .prepare("SELECT id, name, role, created_by, created_at FROM api_tokens WHERE token_hash = ?")
      .get(tokenHash(token)) as
      | { id: number; name: string; role: Role; created_by: string; created_at: string }
      | undefined;
    if (!r) return undefined;
    this.db.prepare("UPDATE api_tokens SET last_used_at = ? WHERE id = ?").run(new Date().toISOString(), r.id);
    return { id: r.id, name: r.name, role: r.role, createdBy: r.created_by, createdAt: r.created_at };
  }

  list(): ApiTokenInfo[] {
    const rows = this.db
      .prepare("SELECT id, name, role, created_by, created_at, last_used_at FROM api_tokens ORDER BY id")
      .all() as { id: number; name: string; role: Role; created_by: string; created_at: string; last_used_at: string | null }[];
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      role: r.role,
      createdBy: r.created_by,
      createdAt: r.created_at,
      ...(r.last_used_at ? { lastUsedAt: r.last_used_at } : {}),
    }));
  }

  revoke(id: number): boolean {
    return this.db.prepare("DELETE FROM api_tokens WHERE id = ?").run(id).changes > 0;
  }
}
