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

  async create(username: string, now = Date.now()): Promise<{ token: string; expiresAt: number }> {
    const token = randomToken("qds");
    const expiresAt = now + SESSION_TTL_MS;
    await this.db.run("INSERT INTO sessions (token_hash, username, created_at, expires_at, last_used_at) VALUES (?, ?, ?, ?, ?)", [
      tokenHash(token),
      username,
      now,
      expiresAt,
      now,
    ]);
    await this.prune(now);
    return { token, expiresAt };
  }

  /** The username behind a live session (not expired, not idle too long), if any. */
  async resolve(token: string, now = Date.now()): Promise<string | undefined> {
    const hash = tokenHash(token);
    const r = await this.db.get<{ username: string; last_used_at: number }>(
      "SELECT username, last_used_at FROM sessions WHERE token_hash = ? AND expires_at > ? AND last_used_at > ?",
      [hash, now, now - this.idleMs],
    );
    if (!r) return undefined;
    if (now - Number(r.last_used_at) > TOUCH_EVERY_MS) await this.db.run("UPDATE sessions SET last_used_at = ? WHERE token_hash = ?", [now, hash]);
    return r.username;
  }

  async revoke(token: string): Promise<void> {
    await this.db.run("DELETE FROM sessions WHERE token_hash = ?", [tokenHash(token)]);
  }

  /** Ends every session of `username` but the one of `keep` (a token); returns how many ended. */
  revokeUser(username: string, keep?: string): Promise<number> {
    return this.db.run("DELETE FROM sessions WHERE username = ? AND token_hash <> ?", [username, keep ? tokenHash(keep) : ""]);
  }

  /** Expired and idle sessions; returns how many were dropped. */
  prune(now = Date.now()): Promise<number> {
    return this.db.run("DELETE FROM sessions WHERE expires_at < ? OR last_used_at < ?", [now, now - this.idleMs]);
  }
}
