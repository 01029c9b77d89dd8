import "server-only";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Sql } from "@/server/store/sql";

export const KEY_BYTES = 32;

/**
 * A random key kept in the store (table secret_keys, base64), so every replica on one database
 * signs and verifies alike and the key outlives restarts. Made once: an existing install's key
 * file `dataDir/name` is adopted first, so cookies it signed stay valid; else fresh random bytes.
 * Replicas starting together may race: the insert keeps the first and everyone reads that back.
 */
export async function loadSharedKey(db: Sql, dataDir: string, name: string): Promise<Buffer> {
  const read = () => db.get<{ value: string }>("SELECT value FROM secret_keys WHERE name = ?", [name]);
  let row = await read();
  if (!row) {
    await db.run("INSERT INTO secret_keys (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING", [name, firstKey(dataDir, name).toString("base64")]);
    row = await read();
  }
  if (!row) throw new Error(`key "${name}" could not be stored`);
  const key = Buffer.from(row.value, "base64");
  // Compared as text too: base64 decoding skips stray characters, so a damaged value could still decode to 32 bytes.
  if (key.length !== KEY_BYTES || key.toString("base64") !== row.value) {
    throw new Error(`key "${name}" in the store (table secret_keys) must be ${KEY_BYTES} bytes in base64; delete its row to make a new one`);
  }
  return key;
}

/** The key file an older QueueDeck left in the data folder, else new random bytes. */
function firstKey(dataDir: string, name: string): Buffer {
  const file = path.join(dataDir, name);
  let key: Buffer;
  try {
    key = fs.readFileSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    return crypto.randomBytes(KEY_BYTES);
  }
  if (key.length !== KEY_BYTES) throw new Error(`${file} must hold exactly ${KEY_BYTES} bytes; delete it to make a new key`);
  return key;
}
