import fs from "node:fs";
import path from "node:path";
import { usernameKey } from "./username";

export const PASSWORD_MIN_LENGTH = 12;

/** Shipped with the app (one password a line, lowercase); read once, on the first check. */
const LIST_FILE = "server/auth/common-passwords.txt";
let common: Set<string> | undefined;

export function commonPasswords(file = path.join(/*turbopackIgnore: true*/ process.cwd(), LIST_FILE)): Set<string> {
  if (!common) {
    const lines = fs.readFileSync(file, "utf8").split("\n");
    common = new Set(lines.map((l) => l.trim()).filter((l) => l && !l.startsWith("#")));
  }
  return common;
}

/**
 * Why `password` may not be used by `username`, or undefined when it may. Length first (the
 * schema also checks it), then the list of common passwords, then the username inside it.
 */
export function passwordProblem(password: string, username: string, list: Set<string> = commonPasswords()): string | undefined {
  if (password.length < PASSWORD_MIN_LENGTH) return `password must have at least ${PASSWORD_MIN_LENGTH} characters`;
  const folded = password.normalize("NFKC").toLowerCase();
  if (list.has(folded)) return "password is on the list of common passwords; choose another";
  if (new Set(folded).size < 4) return "password repeats too few characters; choose another";
  const name = usernameKey(username);
  if (name.length >= 3 && folded.includes(name)) return "password must not contain the username";
  return undefined;
}
