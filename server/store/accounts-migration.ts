import "server-only";
import type Database from "better-sqlite3";
import { usernameKey } from "@/server/auth/username";

/**
 * Migration: account controls and audit actors.
 * - users get `name_key` (usernameKey, unique), `disabled` and `password_changed_at`. Names
 *   that already collide ignoring case keep their rows, but only the oldest keeps the key and
 *   can sign in; the others are disabled with no key (an admin deletes or renames them), so
 *   sign-in is deterministic and nothing is lost.
 * - sessions get `last_used_at` (idle timeout); API tokens get `expires_at`; failure rows get
 *   `first_at` (per-minute windows).
 * - audit rows get `actor_kind` and `actor_id`. Old failed sign-ins named whatever was typed
 *   as the username, maybe a password: unless that text is a user's name, it is replaced.
 */
export function accountControls(db: Database.Database): void {
  db.exec(`
    ALTER TABLE users ADD COLUMN name_key TEXT;
    ALTER TABLE users ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE users ADD COLUMN password_changed_at TEXT;
    ALTER TABLE sessions ADD COLUMN last_used_at INTEGER;
    UPDATE sessions SET last_used_at = created_at;
    ALTER TABLE api_tokens ADD COLUMN expires_at TEXT;
    ALTER TABLE sign_in_failures ADD COLUMN first_at INTEGER;
    ALTER TABLE audit ADD COLUMN actor_kind TEXT NOT NULL DEFAULT 'user';
    ALTER TABLE audit ADD COLUMN actor_id TEXT;
  `);
  const users = db.prepare("SELECT username FROM users ORDER BY created_at, username").all() as { username: string }[];
  const taken = new Set<string>();
  const keep = db.prepare("UPDATE users SET name_key = ? WHERE username = ?");
  const shelve = db.prepare("UPDATE users SET disabled = 1 WHERE username = ?");
  const endSessions = db.prepare("DELETE FROM sessions WHERE username = ?");
  for (const { username } of users) {
    const key = usernameKey(username);
    if (taken.has(key)) {
      shelve.run(username);
      endSessions.run(username);
    } else {
      taken.add(key);
      keep.run(key, username);
    }
  }
  db.exec(`
    CREATE UNIQUE INDEX users_name_key ON users(name_key);
    UPDATE audit SET actor_kind = 'env-token', actor_id = 'QUEUEDECK_ADMIN_TOKEN' WHERE actor = 'token:QUEUEDECK_ADMIN_TOKEN';
    UPDATE audit SET actor_kind = 'token' WHERE actor LIKE 'token:%' AND actor_kind = 'user';
    UPDATE audit SET actor_id = lower(actor) WHERE actor_kind = 'user';
    UPDATE audit SET actor = 'unknown user (before names were hidden)', actor_kind = 'anonymous', actor_id = NULL
      WHERE action = 'session.create' AND outcome = 'denied' AND lower(actor) NOT IN (SELECT lower(username) FROM users);
  `);
}
