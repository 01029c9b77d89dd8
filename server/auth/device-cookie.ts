import "server-only";
import crypto from "node:crypto";
import type { Sql } from "@/server/store/sql";
import { KEY_BYTES, loadSharedKey } from "./secret-key";
import { usernameKey } from "./username";

// OWASP "device cookies": a browser that signed in before gets its own failure counter, so
// guessing at a username from elsewhere cannot lock its real owner out.
export const DEVICE_COOKIE = "qd_device";
export const DEVICE_COOKIE_PATH = "/api/v1/session";
export const DEVICE_TTL_S = 180 * 24 * 60 * 60;

/** Its row in secret_keys, and the file an older QueueDeck kept it in. */
const KEY_NAME = "device-cookie.key";
const ID = /^[A-Za-z0-9_-]{22}$/;
const MAC = /^[A-Za-z0-9_-]{43}$/;

/** `<username>.<id>.<mac>`; usernames may contain dots, id and mac never do. */
export function parseDeviceCookie(value: string): { username: string; id: string; mac: string } | undefined {
  const parts = value.split(".");
  if (parts.length < 3) return undefined;
  const mac = parts.pop()!;
  const id = parts.pop()!;
  const username = parts.join(".");
  if (!username || username.length > 64 || !ID.test(id) || !MAC.test(mac)) return undefined;
  return { username, id, mac };
}

export class DeviceCookies {
  constructor(private readonly secret: Buffer) {
    if (secret.length !== KEY_BYTES) throw new Error(`device cookie key must be ${KEY_BYTES} bytes`);
  }

  /** The key lives in the store so cookies outlive restarts and every replica accepts them. */
  static async load(db: Sql, dataDir: string): Promise<DeviceCookies> {
    return new DeviceCookies(await loadSharedKey(db, dataDir, KEY_NAME));
  }

  private mac(username: string, id: string): string {
    return crypto.createHmac("sha256", this.secret).update(`${username}.${id}`).digest("base64url");
  }

  /** A cookie value for this user; pass `id` to renew a known device. */
  issue(username: string, id = crypto.randomBytes(16).toString("base64url")): string {
    const user = usernameKey(username);
    return `${user}.${id}.${this.mac(user, id)}`;
  }

  /** The device id when `value` is a genuine cookie for `username`, else undefined. */
  verify(value: string | undefined, username: string): string | undefined {
    const c = value ? parseDeviceCookie(value) : undefined;
    if (!c || c.username !== usernameKey(username)) return undefined;
    // Compared as text: base64url decoding ignores stray characters and spare bits.
    const given = Buffer.from(c.mac);
    const want = Buffer.from(this.mac(c.username, c.id));
    return given.length === want.length && crypto.timingSafeEqual(given, want) ? c.id : undefined;
  }
}
