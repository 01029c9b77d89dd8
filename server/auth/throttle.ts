import "server-only";
import type { Db } from "@/server/store/db";

// Repeated failed sign-ins are slowed down: each failure for a (user, client) doubles the wait,
// and past a threshold the key is locked out for a while. Kept in SQLite so a restart does not reset it.
const BASE_DELAY_MS = 250;
const MAX_DELAY_MS = 4000;
const LOCK_AFTER = 10;
const LOCK_MS = 5 * 60_000;
const FORGET_AFTER_MS = 15 * 60_000;

export class SignInThrottle {
  constructor(private readonly db: Db) {}

  private read(key: string, now: number): { count: number; lastAt: number } {
    const r = this.db.prepare("SELECT count, last_at FROM sign_in_failures WHERE key = ?").get(key) as
      | { count: number; last_at: number }
      | undefined;
    if (!r || now - r.last_at > FORGET_AFTER_MS) return { count: 0, lastAt: 0 };
    return { count: r.count, lastAt: r.last_at };
  }

  /** Milliseconds the client must wait before this attempt is even checked, or how long it stays locked. */
  check(key: string, now = Date.now()): { lockedForMs: number; delayMs: number } {
    const { count, lastAt } = this.read(key, now);
    if (count >= LOCK_AFTER && now - lastAt < LOCK_MS) {
      return { lockedForMs: LOCK_MS - (now - lastAt), delayMs: 0 };
    }
    return { lockedForMs: 0, delayMs: count === 0 ? 0 : Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (count - 1)) };
  }

  fail(key: string, now = Date.now()): void {
    const count = this.read(key, now).count + 1;
    this.db.prepare("INSERT OR REPLACE INTO sign_in_failures (key, count, last_at) VALUES (?, ?, ?)").run(key, count, now);
  }

  succeed(key: string): void {
    this.db.prepare("DELETE FROM sign_in_failures WHERE key = ?").run(key);
  }
}
