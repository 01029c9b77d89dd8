import "server-only";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export const KEY_BYTES = 32;

/** A random key kept in the data folder so it outlives restarts; created once, mode 0600. */
export function loadKey(dataDir: string, name: string): Buffer {
  const file = path.join(dataDir, name);
  try {
    fs.writeFileSync(file, crypto.randomBytes(KEY_BYTES), { mode: 0o600, flag: "wx" });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
  }
  const key = fs.readFileSync(file);
  if (key.length !== KEY_BYTES) throw new Error(`${file} must hold exactly ${KEY_BYTES} bytes; delete it to make a new one`);
  return key;
}
