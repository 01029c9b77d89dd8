import "server-only";
import type { Db } from "@/server/store/db";
import { randomToken, tokenHash } from "./password";

export const SESSION_COOKIE = "qd_session";
export const SESSION_TTL_MS = 12 * 60 * 60_000;
export const DEFAULT_SESSION_IDLE_MS = 60 * 60_000;
/** last_used_at is written at most this often per session, not on every request. */
const TOUCH_EVERY_MS = 30_000;

export class SessionStore {
  /** `idleMs`: a session unused for this long is refused (QUEUEDECK_SESSION_IDLE_MINUTES). */
  constructor(
    private readonly db: Db,
    private readonly idleMs = DEFAULT_SESSION_IDLE_MS,
  ) {}

  create(username: string, now = Date.now()): { token: string; expiresAt: number } {
    const token = randomToken("qds");
    const expiresAt = now + SESSION_TTL_MS;
    this.db
      .prepare("INSERT INTO sessions (token_hash, username, created_at, expires_at, last_used_at) VALUES (?, ?, ?, ?, ?)")
      .run(tokenHash(token), username, now, expiresAt, now);
    this.prune(now);
    return { token, expiresAt };
  }

  /** The username behind a live session (not expired, not idle too long), if any. */
  resolve(token: string, now = Date.now()): string | undefined {
    const hash = tokenHash(token);
    const r = this.db
      .prepare("SELECT username, last_used_at FROM sessions WHERE token_hash = ? AND expires_at > ? AND last_used_at > ?")
      .get(hash, now, now - this.idleMs) as { username: string; last_used_at: number } | undefined;
    if (!r) return undefined;
    if (now - r.last_used_at > TOUCH_EVERY_MS) this.db.prepare("UPDATE sessions SET last_used_at = ? WHERE token_hash = ?").run(now, hash);
    return r.username;
  }

  revoke(token: string): void {
    this.db.prepare("DELETE FROM sessions WHERE token_hash = ?").run(tokenHash(token));
  }

  /** Ends every session of `username` but the one of `keep` (a token); returns how many ended. */
  revokeUser(username: string, keep?: string): number {
    return this.db
      .prepare("DELETE FROM sessions WHERE username = ? AND token_hash <> ?")
      .run(username, keep ? tokenHash(keep) : "").changes;
  }

  /** Expired and idle sessions; returns how many were dropped. */
  prune(now = Date.now()): number {
    return this.db.prepare("DELETE FROM sessions WHERE expires_at < ? OR last_used_at < ?").run(now, now - this.idleMs).changes;
  }
}
