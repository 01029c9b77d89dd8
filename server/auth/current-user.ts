import "server-only";
import { cookies } from "next/headers";
import type { Me } from "@/lib/dto";
import { getRuntime } from "@/server/runtime";
import { SESSION_COOKIE } from "./sessions";
import { meOf } from "./me";

/** The signed-in user for a server-rendered page, or undefined. */
export async function currentUser(): Promise<Me | undefined> {
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  if (!token) return undefined;
  const rt = await getRuntime();
  const username = await rt.sessions.resolve(token);
  const user = username ? await rt.users.find(username) : undefined;
  if (!user || user.disabled) return undefined;
  return meOf(rt, { username: user.username, actor: user.username, grants: user.grants });
}
