import "server-only";
import type { Db } from "@/server/store/db";
import { randomToken, tokenHash } from "./password";

export const SESSION_COOKIE = "qd_session";
export const SESSION_TTL_MS = 12 * 60 * 60_000;

export class SessionStore {
  constructor(private readonly db: Db) {}

  create(username: string, now = Date.now()): { token: string; expiresAt: number } {
    const token = randomToken("qds");
    const expiresAt = now + SESSION_TTL_MS;
    this.db
      .prepare("INSERT INTO sessions (token_hash, username, created_at, expires_at) VALUES (?, ?, ?, ?)")
      .run(tokenHash(token), username, now, expiresAt);
    this.db.prepare("DELETE FROM sessions WHERE expires_at < ?").run(now);
    return { token, expiresAt };
  }

  /** The username behind a live session, if any. */
  resolve(token: string, now = Date.now()): string | undefined {
    const r = this.db
      .prepare("SELECT username FROM sessions WHERE token_hash = ? AND expires_at > ?")
      .get(tokenHash(token), now) as { username: string } | undefined;
    return r?.username;
  }

  revoke(token: string): void {
    this.db.prepare("DELETE FROM sessions WHERE token_hash = ?").run(tokenHash(token));
  }
}
