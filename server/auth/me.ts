import "server-only";
import type { Me } from "@/lib/dto";
import type { Runtime } from "@/server/runtime";
import type { Principal } from "./principal";
import { roleOnAll, sourceRoles } from "./access";
import { isReadOnly } from "./read-only";

/** What the session API and pages say about the caller: its grants and its role on each source it may see. */
export function meOf(rt: Pick<Runtime, "collector">, who: Pick<Principal, "grants" | "username" | "actor">): Me {
  return {
    username: who.username ?? who.actor,
    role: roleOnAll(who) ?? null,
    grants: who.grants,
    sources: sourceRoles(rt, who),
    readOnly: isReadOnly(),
  };
}
