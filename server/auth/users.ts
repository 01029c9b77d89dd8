import "server-only";
import type { Db } from "@/server/store/db";
import type { Role, UserSummary } from "@/lib/dto";
import { hashPassword, verifyPassword } from "./password";

export class UserStore {
  constructor(private readonly db: Db) {}

  count(): number {
    return (this.db.prepare("SELECT COUNT(*) AS n FROM users").get() as { n: number }).n;
  }

  async create(username: string, password: string, role: Role): Promise<UserSummary> {
    const createdAt = new Date().toISOString();
    this.db
      .prepare("INSERT INTO users (username, password_hash, role, created_at) VALUES (?, ?, ?, ?)")
      .run(username, await hashPassword(password), role, createdAt);
    return { username, role, createdAt };
  }

  exists(username: string): boolean {
    return this.db.prepare("SELECT 1 FROM users WHERE username = ?").get(username) !== undefined;
  }

  get(username: string): UserSummary | undefined {
    const r = this.db.prepare("SELECT username, role, created_at FROM users WHERE username = ?").get(username) as
      | { username: string; role: Role; created_at: string }
      | undefined;
    return r && { username: r.username, role: r.role, createdAt: r.created_at };
  }

  list(): UserSummary[] {
    const rows = this.db.prepare("SELECT username, role, created_at FROM users ORDER BY username").all() as {
      username: string;
      role: Role;
      created_at: string;
    }[];
    return rows.map((r) => ({ username: r.username, role: r.role, createdAt: r.created_at }));
  }

  /** Checks a password. Unknown users cost as much as known ones, so timing tells nothing. */
  async verify(username: string, password: string): Promise<UserSummary | undefined> {
    const r = this.db.prepare("SELECT password_hash FROM users WHERE username = ?").get(username) as
      | { password_hash: string }
      | undefined;
    const ok = await verifyPassword(password, r?.password_hash ?? DUMMY_HASH);
    return ok && r ? this.get(username) : undefined;
  }
}

// A valid hash of a random string: verifying against it takes the same time as a real check.
const DUMMY_HASH =
  "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
