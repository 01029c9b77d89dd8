import type { UserSummary } from "@/lib/dto";
import { globalRole, type Grant } from "@/lib/grants";
import { usernameKey } from "./username";

/** What an admin asks to change about an account. */
export interface AccountChange {
  delete?: boolean;
  /** New grants; an admin is one with an admin grant on every source ("*"). */
  grants?: Grant[];
  disabled?: boolean;
  password?: boolean;
}

/**
 * Why `change` may not be made to `target`, or undefined when it may. `self` is the caller's
 * username (none for tokens); `otherEnabledAdmins` counts enabled admins besides the target.
 * QueueDeck always keeps an enabled admin, and nobody locks themselves out by mistake.
 */
export function accountChangeRefusal(target: UserSummary, change: AccountChange, self: string | undefined, otherEnabledAdmins: number): string | undefined {
  const isSelf = self !== undefined && usernameKey(self) === usernameKey(target.username);
  const demotes = change.grants !== undefined && globalRole(change.grants) !== "admin";
  const removes = change.delete === true || change.disabled === true || demotes;
  if (isSelf && change.delete) return "you cannot delete your own account";
  if (isSelf && change.disabled) return "you cannot disable your own account";
  if (isSelf && demotes && target.role === "admin") return "you cannot take the admin role from yourself";
  if (isSelf && change.password) return "change your own password with PUT /api/v1/session/password (it needs the current one)";
  if (removes && target.role === "admin" && !target.disabled && otherEnabledAdmins === 0) {
    return `"${target.username}" is the last enabled admin; make another admin first`;
  }
  return undefined;
}
