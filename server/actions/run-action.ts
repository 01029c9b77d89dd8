import "server-only";
import type { Role } from "@/lib/dto";
import type { Runtime } from "@/server/runtime";
import type { Principal } from "@/server/auth/principal";
import { roleAtLeast } from "@/server/auth/roles";
import { roleOnAll, roleOnSource } from "@/server/auth/access";
import { isReadOnly } from "@/server/auth/read-only";
import { DomainError, forbidden } from "@/server/errors";
import { forgetSharedReads } from "@/server/shared-reads/shared-read";
import { errorText } from "@/server/redact";

export interface ActionSpec {
  /** e.g. "queue.purge", "user.create". */
  action: string;
  source?: string;
  target?: string;
  /** What was asked, as the audit log shows it. Never put secrets here. */
  params?: Record<string, unknown>;
  /** Least role allowed; defaults to operator. */
  role?: Role;
}

export interface ActionResult<T> {
  result: T;
  counts?: Record<string, number>;
  /** Learned while running (e.g. offsets before and after a reset): added to the audit row's params. */
  params?: Record<string, unknown>;
}

/** The one path every control action takes: authorize by role, run, and write the audit entry. */
export async function runAction<T>(
  rt: Runtime,
  who: Principal,
  spec: ActionSpec,
  run: () => Promise<ActionResult<T>>,
): Promise<T> {
  const base = {
    actor: who.actor,
    actorKind: who.actorKind,
    actorId: who.actorId,
    action: spec.action,
    ...(spec.source ? { source: spec.source } : {}),
    ...(spec.target ? { target: spec.target } : {}),
    ...(spec.params ? { params: spec.params } : {}),
  };
  if (isReadOnly()) {
    await rt.audit.append({ ...base, outcome: "denied", error: "read-only mode" });
    throw new DomainError("read_only", "QueueDeck runs in read-only mode (QUEUEDECK_READ_ONLY=1)");
  }
  const need = spec.role ?? "operator";
  // On the source acted on, else on every source; a viewer-level action (one's own password) needs no grant.
  const have = spec.source ? roleOnSource(rt, who, spec.source) : need === "viewer" ? need : roleOnAll(who);
  if (!roleAtLeast(have, need)) {
    const where = spec.source ? ` on ${spec.source}` : " on every source";
    // The row's source says where; the text stays "needs X, has Y".
    await rt.audit.append({ ...base, outcome: "denied", error: spec.source && !have ? "no grant on this source" : `needs ${need}, has ${have ?? "none"}` });
    // A source the caller may not see stays unnamed, as if it did not exist.
    if (spec.source && !have) throw new DomainError("not_found", "not found");
    throw forbidden(`this action needs the ${need} role${where}; you are ${have ?? "not granted it"}`);
  }
  // What the action changes must not be served from a live read taken before it.
  const forgetLiveReads = () => {
    if (spec.source) forgetSharedReads(rt, spec.source);
  };
  try {
    const { result, counts, params } = await run();
    forgetLiveReads();
    const allParams = params ? { ...spec.params, ...params } : spec.params;
    await rt.audit.append({ ...base, ...(allParams ? { params: allParams } : {}), outcome: "ok", ...(counts ? { counts } : {}) });
    return result;
  } catch (err) {
    forgetLiveReads();
    await rt.audit.append({ ...base, outcome: "failed", error: err instanceof DomainError ? err.message : errorText(err) });
    throw err;
  }
}
