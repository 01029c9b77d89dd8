import "server-only";
import type { CeleryState, CeleryTaskNodeDto } from "@/lib/celery";

/** What the family tree needs of a relative's row. */
export interface FamilyRow {
  taskId: string;
  name: string | null;
  state: CeleryState;
  parentId: string | null;
  groupId: string | null;
  ts: number;
}

/**
 * The tree of a task's relatives from their root: children hang under their parent (chains,
 * a chord's body under the header task that ran last, anything a task sent), relatives whose
 * parent is unknown hang under the root, and members of a group without a parent task share a
 * node standing for the group. Null when the task has no relative at all.
 */
export function buildFamily(rootId: string, rows: readonly FamilyRow[]): CeleryTaskNodeDto | null {
  const byId = new Map<string, FamilyRow>();
  for (const r of [...rows].sort((a, b) => a.ts - b.ts)) if (!byId.has(r.taskId)) byId.set(r.taskId, r);
  if (byId.size < 2) return null;

  const nodes = new Map<string, CeleryTaskNodeDto>();
  for (const r of byId.values()) nodes.set(r.taskId, { id: r.taskId, name: r.name, state: r.state, children: [] });
  const parentOf = new Map<string, string>();
  const tops: FamilyRow[] = [];
  for (const r of byId.values()) {
    const p = r.parentId;
    if (p !== null && p !== r.taskId && nodes.has(p) && !descendsFrom(p, r.taskId, parentOf)) {
      parentOf.set(r.taskId, p);
      nodes.get(p)!.children.push(nodes.get(r.taskId)!);
    } else tops.push(r);
  }

  const loose = groupLoose(tops, nodes);
  const root = nodes.get(rootId);
  // The root was never seen (pruned, or its events missed): Celery would call it PENDING.
  if (!root) return { id: rootId, name: null, state: "PENDING", children: loose };
  if (loose.length === 1) return loose[0]!;
  const top = loose.find((n) => n === root || n.children.includes(root)) ?? root;
  root.children.push(...loose.filter((n) => n !== top));
  return top;
}

/** Is `id` `ancestor` itself or below it? Guards against a cycle in bad data. */
function descendsFrom(id: string, ancestor: string, parentOf: Map<string, string>): boolean {
  for (let cur: string | undefined = id, hops = 0; cur !== undefined && hops < 10_000; cur = parentOf.get(cur), hops++) {
    if (cur === ancestor) return true;
  }
  return false;
}

/** Parentless relatives, with those of one group gathered under a node for the group. */
function groupLoose(rows: FamilyRow[], nodes: Map<string, CeleryTaskNodeDto>): CeleryTaskNodeDto[] {
  const out: CeleryTaskNodeDto[] = [];
  const groups = new Map<string, CeleryTaskNodeDto>();
  for (const r of rows) {
    const node = nodes.get(r.taskId)!;
    if (r.groupId === null) {
      out.push(node);
      continue;
    }
    let g = groups.get(r.groupId);
    if (!g) {
      g = { id: r.groupId, name: null, state: "PENDING", children: [], group: true };
      groups.set(r.groupId, g);
      out.push(g);
    }
    g.children.push(node);
  }
  for (const g of groups.values()) g.state = groupState(g.children.map((c) => c.state));
  return out;
}

/** A group's state from its members': finished when all are, failed when one failed. */
export function groupState(states: readonly CeleryState[]): CeleryState {
  const done = states.every((s) => s === "SUCCESS" || s === "FAILURE" || s === "REVOKED");
  if (done) return states.includes("FAILURE") ? "FAILURE" : states.includes("REVOKED") ? "REVOKED" : "SUCCESS";
  if (states.some((s) => s === "STARTED" || s === "RETRY" || s === "SUCCESS" || s === "FAILURE")) return "STARTED";
  return states.includes("RECEIVED") ? "RECEIVED" : "PENDING";
}
