import "server-only";
import type { Db } from "@/server/store/db";

// Failed sign-ins are counted under several keys at once (server/auth/sign-in-limits.ts):
// - a user (or a known device): each failure doubles the wait, ten lock the key for a while;
// - a client address: many failures across any usernames (password spraying) lock it out;
// - everyone: past a number of failures a minute, clients without a device cookie are refused
//   until the minute is over.
// Kept in SQLite so a restart resets nothing. Each key forgets on its own; a success clears
// only the key it was counted under.

export type Rule =
  | { kind: "backoff"; baseDelayMs: number; maxDelayMs: number; lockAfter: number; lockMs: number; forgetAfterMs: number }
  | { kind: "window"; limit: number; windowMs: number };

export const USER_RULE: Rule = { kind: "backoff", baseDelayMs: 250, maxDelayMs: 4000, lockAfter: 10, lockMs: 5 * 60_000, forgetAfterMs: 15 * 60_000 };
/** An office behind one NAT address makes some failures; spraying makes hundreds. */
export const ADDRESS_RULE: Rule = { kind: "backoff", baseDelayMs: 0, maxDelayMs: 0, lockAfter: 20, lockMs: 15 * 60_000, forgetAfterMs: 15 * 60_000 };
export const globalRule = (limitPerMinute: number): Rule => ({ kind: "window", limit: limitPerMinute, windowMs: 60_000 });

/** Failure rows older than this are of no use to any rule. */
export const FAILURE_ROW_MAX_AGE_MS = 15 * 60_000;

export interface Counter {
  count: number;
  firstAt: number;
  lastAt: number;
}

export interface Verdict {
  /** > 0: refuse (429) for this long. */
  refusedForMs: number;
  /** Wait this long before checking the password. */
  delayMs: number;
}

const EMPTY: Counter = { count: 0, firstAt: 0, lastAt: 0 };

/** The counter as the rule sees it at `now`: an expired one counts as none. */
export function live(c: Counter | undefined, rule: Rule, now: number): Counter {
  if (!c) return EMPTY;
  const expired = rule.kind === "window" ? now - c.firstAt >= rule.windowMs : now - c.lastAt > rule.forgetAfterMs;
  return expired ? EMPTY : c;
}

export function verdict(c: Counter | undefined, rule: Rule, now: number): Verdict {
  const { count, firstAt, lastAt } = live(c, rule, now);
  if (rule.kind === "window") {
    return { refusedForMs: count >= rule.limit ? firstAt + rule.windowMs - now : 0, delayMs: 0 };
  }
  if (count >= rule.lockAfter && now - lastAt < rule.lockMs) return { refusedForMs: rule.lockMs - (now - lastAt), delayMs: 0 };
  return { refusedForMs: 0, delayMs: count === 0 ? 0 : Math.min(rule.maxDelayMs, rule.baseDelayMs * 2 ** (count - 1)) };
}

/** The counter after one more failure at `now`. */
export function afterFailure(c: Counter | undefined, rule: Rule, now: number): Counter {
  const cur = live(c, rule, now);
  return { count: cur.count + 1, firstAt: cur.count === 0 ? now : cur.firstAt, lastAt: now };
}

export class SignInThrottle {
  constructor(private readonly db: Db) {}

  private async read(key: string): Promise<Counter | undefined> {
    const r = await this.db.get<{ count: number; first_at: number | null; last_at: number }>("SELECT count, first_at, last_at FROM sign_in_failures WHERE key = ?", [key]);
    return r && { count: Number(r.count), firstAt: Number(r.first_at ?? r.last_at), lastAt: Number(r.last_at) };
  }

  /** The strictest verdict of all `limits`: the longest refusal, else the longest delay. */
  async check(limits: { key: string; rule: Rule }[], now = Date.now()): Promise<Verdict> {
    let refusedForMs = 0;
    let delayMs = 0;
    for (const { key, rule } of limits) {
      const v = verdict(await this.read(key), rule, now);
      refusedForMs = Math.max(refusedForMs, v.refusedForMs);
      delayMs = Math.max(delayMs, v.delayMs);
    }
    return { refusedForMs, delayMs: refusedForMs > 0 ? 0 : delayMs };
  }

  async fail(key: string, rule: Rule, now = Date.now()): Promise<void> {
    const c = afterFailure(await this.read(key), rule, now);
    await this.db.run(
      "INSERT INTO sign_in_failures (key, count, first_at, last_at) VALUES (?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET count = excluded.count, first_at = excluded.first_at, last_at = excluded.last_at",
      [key, c.count, c.firstAt, c.lastAt],
    );
  }

  async succeed(key: string): Promise<void> {
    await this.db.run("DELETE FROM sign_in_failures WHERE key = ?", [key]);
  }

  /** Drops rows no rule can use any more; returns how many. */
  prune(now = Date.now()): Promise<number> {
    return this.db.run("DELETE FROM sign_in_failures WHERE last_at < ?", [now - FAILURE_ROW_MAX_AGE_MS]);
  }
}
