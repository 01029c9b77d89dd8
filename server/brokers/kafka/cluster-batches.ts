import "server-only";
import { settleAll } from "../settle-all";
import type { RawCluster } from "./internal-cluster";
import type { CommittedTopic, PartitionOffsets } from "./map";
import {
  API,
  describeGroups,
  EARLIEST,
  errorName,
  findCoordinators,
  isCoordinatorMoved,
  LATEST,
  listOffsets,
  offsetFetchGroups,
  WIRE_VERSIONS,
} from "./wire-requests";

// The collector's reads of a large cluster in a few requests instead of one (or two) per group
// and per topic (issue 8): group coordinators found with one batched FindCoordinator and
// remembered across ticks (found again when a coordinator answers NOT_COORDINATOR), each
// coordinator's groups described and their offsets fetched many groups per request, end
// offsets read with one ListOffsets per partition leader for all topics. A cluster older than
// Kafka 3.0 lacks these versions: read.ts then reads it through kafkajs's admin as before.

/** Groups per DescribeGroups or OffsetFetch request: a few hundred KB of answer at most. */
export const GROUPS_PER_REQUEST = 250;
/** Group ids per FindCoordinator request. */
const KEYS_PER_FIND = 1000;
/** Whether the brokers speak the batched versions is asked again this often (upgrades). */
const SUPPORT_TTL_MS = 5 * 60_000;

/** What the listing needs of a description (kafkajs's GroupDescription and DescribedGroup both fit). */
export interface GroupState {
  state: string;
  protocolType: string;
  members: readonly { memberAssignment: Buffer }[];
}

export interface GroupReads {
  described: Map<string, GroupState | Error>;
  committed: Map<string, readonly CommittedTopic[] | Error>;
}

export interface TopicLeaders {
  name: string;
  partitions: readonly { partitionId: number; leader: number }[];
}

const errorText = (err: unknown) => (err instanceof Error ? err : new Error(String(err)));

/**
 * One per Kafka source, owned by its adapter across ticks (it remembers group coordinators).
 * Give it a RawCluster of its own: a failed read drops that cluster's connections, which must
 * not cut the record reads or offset commits of the other users.
 */
export class ClusterBatches {
  private support: { ok: boolean; at: number } | null = null;

  /** `coordinators`: group id -> coordinator node id, remembered across calls (given by tests). */
  constructor(
    private readonly raw: RawCluster,
    private readonly coordinators = new Map<string, number>(),
  ) {}

  /** Whether the cluster speaks the batched request versions; false when it cannot be asked. */
  async usable(now = Date.now()): Promise<boolean> {
    if (this.support && now - this.support.at < SUPPORT_TTL_MS) return this.support.ok;
    const wanted = Object.entries(WIRE_VERSIONS).map(([name, apiVersion]) => ({ apiKey: API[name as keyof typeof API], apiVersion }));
    try {
      this.support = { ok: await this.raw.speaks(wanted), at: now };
    } catch {
      return false; // not connected now: the old path reports why
    }
    return this.support.ok;
  }

  close(): Promise<void> {
    return this.raw.close();
  }

  /** Log start and end offsets of every partition of these topics: two ListOffsets per leader. */
  async endOffsets(topics: readonly TopicLeaders[]): Promise<Map<string, PartitionOffsets[] | Error>> {
    const out = new Map<string, PartitionOffsets[] | Error>();
    const byLeader = new Map<number, Map<string, number[]>>();
    for (const t of topics) {
      if (t.partitions.some((p) => p.leader < 0)) {
        out.set(t.name, new Error(`${errorName(5)}: a partition has no leader`));
        continue;
      }
      for (const p of t.partitions) {
        const perTopic = byLeader.get(p.leader) ?? new Map<string, number[]>();
        byLeader.set(p.leader, perTopic);
        const parts = perTopic.get(t.name) ?? [];
        perTopic.set(t.name, parts);
        parts.push(p.partitionId);
      }
    }
    const low = new Map<string, Map<number, number>>();
    const high = new Map<string, Map<number, number>>();
    await Promise.all([...byLeader].map(async ([leader, perTopic]) => {
      const asked = [...perTopic].map(([topic, partitions]) => ({ topic, partitions }));
      try {
        const [earliest, latest] = await Promise.all([
          this.raw.send(leader, listOffsets(asked, EARLIEST)),
          this.raw.send(leader, listOffsets(asked, LATEST)),
        ]);
        for (const [answer, into] of [[earliest, low], [latest, high]] as const) {
          for (const p of answer) {
            if (p.errorCode !== 0) out.set(p.topic, new Error(`${errorName(p.errorCode)} on partition ${p.partition}`));
            const m = into.get(p.topic) ?? new Map<number, number>();
            into.set(p.topic, m);
            m.set(p.partition, p.offset);
          }
        }
      } catch (err) {
        for (const { topic } of asked) out.set(topic, errorText(err));
      }
    }));
    for (const t of topics) {
      if (out.has(t.name)) continue;
      const lows = low.get(t.name);
      const highs = high.get(t.name);
      const parts: PartitionOffsets[] = [];
      for (const { partitionId } of t.partitions) {
        const l = lows?.get(partitionId);
        const h = highs?.get(partitionId);
        if (l === undefined || h === undefined) break;
        parts.push({ partition: partitionId, low: l, high: h });
      }
      if (parts.length === t.partitions.length) out.set(t.name, parts.sort((a, b) => a.partition - b.partition));
      else out.set(t.name, new Error("the leader did not answer for every partition"));
    }
    return out;
  }

  /**
   * Description and committed offsets of every group, many groups per request, at most
   * `concurrency` requests in flight. A group whose coordinator moved (or whose coordinator
   * could not be asked) is located again and read once more in the same call; what still
   * fails is that group's Error.
   */
  async readGroups(ids: readonly string[], concurrency: number): Promise<GroupReads> {
    const out: GroupReads = { described: new Map(), committed: new Map() };
    const listed = new Set(ids);
    for (const id of this.coordinators.keys()) if (!listed.has(id)) this.coordinators.delete(id);
    const lastError = new Map<string, Error>();
    let pending: readonly string[] = ids;
    for (let attempt = 0; attempt < 2 && pending.length > 0; attempt++) {
      await this.locate(pending.filter((id) => !this.coordinators.has(id)), out);
      pending = await this.readAt(pending.filter((id) => this.coordinators.has(id)), concurrency, out, lastError);
    }
    for (const id of pending) {
      const err = lastError.get(id) ?? new Error(`${errorName(16)}: the group's coordinator moved twice during this read`);
      out.described.set(id, err);
      out.committed.set(id, err);
    }
    return out;
  }

  /** Finds the coordinators of groups not located yet; a group that cannot be located gets its Error. */
  private async locate(ids: readonly string[], out: GroupReads): Promise<void> {
    const chunks = chunk(ids, KEYS_PER_FIND);
    await Promise.all(chunks.map(async (keys) => {
      const fail = (id: string, err: Error) => {
        out.described.set(id, err);
        out.committed.set(id, err);
      };
      try {
        const found = await this.raw.send(null, findCoordinators(keys));
        const answered = new Set<string>();
        for (const c of found) {
          answered.add(c.key);
          if (c.errorCode === 0) this.coordinators.set(c.key, c.nodeId);
          else fail(c.key, new Error(`coordinator: ${errorName(c.errorCode)}`));
        }
        for (const id of keys) if (!answered.has(id)) fail(id, new Error("coordinator: not in the answer"));
      } catch (err) {
        for (const id of keys) fail(id, errorText(err));
      }
    }));
  }

  /**
   * Reads located groups; returns those to locate again (forgotten): the coordinator said it
   * moved, or a request to it failed (the broker may be gone), that error kept in `lastError`.
   */
  private async readAt(ids: readonly string[], concurrency: number, out: GroupReads, lastError: Map<string, Error>): Promise<string[]> {
    const byNode = new Map<number, string[]>();
    for (const id of ids) {
      const node = this.coordinators.get(id)!;
      const list = byNode.get(node) ?? [];
      byNode.set(node, list);
      list.push(id);
    }
    type Task = { node: number; ids: string[]; kind: "describe" | "offsets" };
    const tasks: Task[] = [];
    for (const [node, nodeIds] of byNode) {
      for (const part of chunk(nodeIds, GROUPS_PER_REQUEST)) {
        tasks.push({ node, ids: part, kind: "describe" }, { node, ids: part, kind: "offsets" });
      }
    }
    const moved = new Set<string>();
    const settled = await settleAll(tasks, concurrency, (task) =>
      task.kind === "describe" ? this.describe(task.node, task.ids, out, moved) : this.offsets(task.node, task.ids, out, moved),
    );
    settled.forEach((r, i) => {
      if (r.status === "fulfilled") return;
      for (const id of tasks[i]!.ids) {
        moved.add(id);
        lastError.set(id, errorText(r.reason));
      }
    });
    for (const id of moved) {
      this.coordinators.delete(id);
      out.described.delete(id);
      out.committed.delete(id);
    }
    return [...moved];
  }

  private async describe(node: number, ids: string[], out: GroupReads, moved: Set<string>): Promise<void> {
    const groups = await this.raw.send(node, describeGroups(ids));
    for (const g of groups) {
      if (isCoordinatorMoved(g.errorCode)) moved.add(g.groupId);
      else out.described.set(g.groupId, g.errorCode === 0 ? g : new Error(errorName(g.errorCode)));
    }
    for (const id of ids) if (!out.described.has(id) && !moved.has(id)) out.described.set(id, new Error("not in the answer"));
  }

  private async offsets(node: number, ids: string[], out: GroupReads, moved: Set<string>): Promise<void> {
    const groups = await this.raw.send(node, offsetFetchGroups(ids));
    for (const g of groups) {
      if (isCoordinatorMoved(g.errorCode)) {
        moved.add(g.groupId);
        continue;
      }
      const bad = g.topics.flatMap((t) => t.partitions.filter((p) => p.errorCode !== 0).map((p) => `${errorName(p.errorCode)} on ${t.topic}/${p.partition}`));
      if (g.errorCode !== 0) out.committed.set(g.groupId, new Error(errorName(g.errorCode)));
      else if (bad.length > 0) out.committed.set(g.groupId, new Error(bad.slice(0, 2).join(", ")));
      else out.committed.set(g.groupId, g.topics);
    }
    for (const id of ids) if (!out.committed.has(id) && !moved.has(id)) out.committed.set(id, new Error("not in the answer"));
  }
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
