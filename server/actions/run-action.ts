import "server-only";
import type { Role } from "@/lib/dto";
import type { Runtime } from "@/server/runtime";
import type { Principal } from "@/server/auth/principal";
import { roleAtLeast } from "@/server/auth/roles";
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
  if (!roleAtLeast(who.role, need)) {
    await rt.audit.append({ ...base, outcome: "denied", error: `needs ${need}, has ${who.role}` });
    throw forbidden(`this action needs the ${need} role; you are ${who.role}`);
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
