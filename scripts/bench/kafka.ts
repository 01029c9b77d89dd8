// Kafka collector benchmark (issue 8, "Scale"): one collector read of a large cluster vs the bare
// kafkajs calls for the same data, in the same run, on the same broker.
//   npx tsx --conditions react-server scripts/bench/kafka.ts      (npm run bench:kafka)
// Env: QUEUEDECK_KAFKA_BROKERS [127.0.0.1:9092], BENCH_GROUPS [2000], BENCH_TOPICS [20],
//      BENCH_PARTITIONS [32], BENCH_ROUNDS [7], BENCH_CONCURRENCY [8] (the adapter's default).
//
// Setup: BENCH_TOPICS topics x BENCH_PARTITIONS partitions with a few records each, and
// BENCH_GROUPS groups, group i committing every partition of topic i % BENCH_TOPICS. Groups are
// made by simple (non-member) OffsetCommits (internal-cluster.ts): no consumer joins, so setup takes
// seconds, not a rebalance per group. Everything carries a fresh prefix and is deleted at the end.
//
// Bare: fetchTopicMetadata, fetchTopicOffsets per topic, listGroups, one describeGroups of all
// ids, fetchOffsets per group, with the same concurrency, on a connected admin: what any reader
// of the same data through kafkajs's admin pays. QueueDeck:
//  - readListing (server/brokers/kafka/read.ts) with the adapter's ClusterBatches (group
//    coordinators remembered from the previous tick);
//  - the whole collector tick, warm: readListing plus TickRates (consume/produce rates, lag in
//    seconds through the LagClock) once the record-age cache holds every lagging partition (the
//    script ticks until a tick reads no new record): the steady state of a cluster whose
//    committed offsets did not move;
//  - the whole tick, cold: a fresh ClusterBatches (coordinators unknown: one FindCoordinator
//    batch) and a fresh LagClock (empty cache: it reads its per-call budget of records, waiting
//    at most TICK_LAG_WAIT_MS), i.e. a collector's first tick; the record read it leaves in
//    flight is awaited outside the timing.
// Rounds alternate the order; medians are compared.
import { Kafka, logLevel, type Admin } from "kafkajs";
import { AdminLink, createKafka, dataRole } from "../../server/brokers/kafka/client";
import { readListing, type ReadOptions } from "../../server/brokers/kafka/read";
import { RawCluster } from "../../server/brokers/kafka/internal-cluster";
import { ClusterBatches } from "../../server/brokers/kafka/cluster-batches";
import { LagClock } from "../../server/brokers/kafka/lag-seconds";
import { TICK_LAG_WAIT_MS, TickRates } from "../../server/brokers/kafka/tick-rates";
import { settleAll } from "../../server/brokers/settle-all";

const brokers = (process.env.QUEUEDECK_KAFKA_BROKERS ?? "127.0.0.1:9092").split(",");
const GROUPS = Number(process.env.BENCH_GROUPS ?? 2000);
const TOPICS = Number(process.env.BENCH_TOPICS ?? 20);
const PARTITIONS = Number(process.env.BENCH_PARTITIONS ?? 32);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const RECORDS_PER_PARTITION = 5;
const PREFIX = `qdbench${Date.now().toString(36)}`;

const log = (s: string) => console.log(s);
const now = () => process.hrtime.bigint();
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
const f = (n: number) => n.toFixed(n < 10 ? 2 : 0);

const topicName = (i: number) => `${PREFIX}.t${String(i).padStart(2, "0")}`;
const groupName = (i: number) => `${PREFIX}-g${String(i).padStart(5, "0")}`;
const config = { id: "bench", kind: "kafka" as const, name: "bench", brokers };

/** Tries `call` up to `times` times: a loaded shared broker answers NOT_LEADER or COORDINATOR_LOAD_IN_PROGRESS now and then. */
async function retried<T>(times: number, call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      if (attempt >= times) throw err;
      await new Promise((r) => setTimeout(r, 300 * attempt));
    }
  }
}

async function setup(admin: Admin, kafka: Kafka, raw: RawCluster): Promise<void> {
  const t0 = now();
  const topics = Array.from({ length: TOPICS }, (_, i) => topicName(i));
  await admin.createTopics({ waitForLeaders: true, topics: topics.map((topic) => ({ topic, numPartitions: PARTITIONS, replicationFactor: 1 })) });
  const producer = kafka.producer();
  await producer.connect();
  for (const topic of topics) {
    const messages = Array.from({ length: PARTITIONS * RECORDS_PER_PARTITION }, (_, i) => ({ partition: i % PARTITIONS, value: `m${i}` }));
    await retried(10, () => producer.send({ topic, messages }));
  }
  await producer.disconnect();
  const committed = await settleAll(Array.from({ length: GROUPS }, (_, i) => i), 16, (i) =>
    retried(5, () => raw.commit(groupName(i), Array.from({ length: PARTITIONS }, (_, partition) => ({
      topic: topicName(i % TOPICS), partition, offset: (i + partition) % (RECORDS_PER_PARTITION + 1),
    })))),
  );
  const failed = committed.filter((r) => r.status === "rejected");
  if (failed.length) throw new Error(`setup: ${failed.length} group commits failed: ${String((failed[0] as PromiseRejectedResult).reason)}`);
  log(`setup: ${TOPICS} topics x ${PARTITIONS} partitions, ${GROUPS} groups with ${PARTITIONS} commits each, in ${f(ms(t0) / 1000)} s`);
}

/** The same data as readListing, straight from kafkajs. Returns a checksum (total lag) to compare. */
async function bare(admin: Admin): Promise<{ groups: number; lag: number }> {
  const { topics } = await admin.fetchTopicMetadata();
  const names = topics.map((t) => t.name).filter((n) => !n.startsWith("__"));
  const offsets = await settleAll(names, CONCURRENCY, (t) => admin.fetchTopicOffsets(t));
  const high = new Map<string, number>();
  offsets.forEach((r, i) => {
    if (r.status === "fulfilled") for (const p of r.value) high.set(`${names[i]}\u0000${p.partition}`, Number(p.high));
  });
  const { groups } = await admin.listGroups();
  const ids = groups.map((g) => g.groupId);
  const [, committed] = await Promise.all([
    admin.describeGroups(ids),
    settleAll(ids, CONCURRENCY, (groupId) => admin.fetchOffsets({ groupId })),
  ]);
  let lag = 0;
  for (const r of committed) {
    if (r.status !== "fulfilled") continue;
    for (const t of r.value) for (const p of t.partitions) {
      const h = high.get(`${t.topic}\u0000${p.partition}`);
      if (Number(p.offset) >= 0 && h !== undefined) lag += Math.max(0, h - Number(p.offset));
    }
  }
  return { groups: ids.length, lag };
}

type Result = { groups: number; lag: number };
type Contender = { name: string; read: () => Promise<Result>; after?: () => Promise<void> };

function summarize(l: Awaited<ReturnType<typeof readListing>>): Result {
  if (l.problems.length) throw new Error(`listing problems: ${l.problems.slice(0, 3).join("; ")}`);
  return { groups: l.groups.length, lag: l.groups.reduce((n, g) => n + g.lag, 0) };
}

/** Deletes what setup made (what exists of it); failures are retried, then reported. */
async function cleanup(admin: Admin): Promise<void> {
  const attempt = async (what: string, call: () => Promise<unknown>) => {
    try {
      await retried(3, call);
    } catch (err) {
      log(`cleanup: ${what} failed (${String(err).slice(0, 160)}); delete ${PREFIX}* by hand`);
    }
  };
  await attempt("deleteGroups", async () => {
    const { groups } = await admin.listGroups();
    const ids = groups.map((g) => g.groupId).filter((id) => id.startsWith(PREFIX));
    for (let i = 0; i < ids.length; i += 200) await admin.deleteGroups(ids.slice(i, i + 200));
  });
  await attempt("deleteTopics", async () => {
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(PREFIX));
    if (topics.length) await admin.deleteTopics({ topics });
  });
}

async function main(): Promise<void> {
  const kafka = new Kafka({ clientId: "qd-bench", brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const engine = createKafka(config, dataRole(config));
  // As the adapter wires them: the clock's cluster (record reads, commits) and the batches' own.
  const raw = new RawCluster(engine);
  const batchRaw = new RawCluster(engine);
  const link = new AdminLink(engine);
  const batches = new ClusterBatches(batchRaw);
  const clock = new LagClock(raw);
  const rates = new TickRates(clock);
  const opts: ReadOptions = { maxTopics: 100_000, maxGroups: 100_000, concurrency: CONCURRENCY, text: (e) => String(e) };
  let bareAdmin = kafka.admin();
  const tick = async (b: ClusterBatches, r: TickRates): Promise<Result> => {
    const listing = await readListing(link, opts, b);
    const { groups } = await r.enrich(listing);
    return { ...summarize(listing), lag: groups.reduce((n, g) => n + g.lag, 0) };
  };
  const cold: { clock: LagClock | null } = { clock: null };
  try {
    await setup(admin, kafka, raw);
    // Other users of the shared broker delete topics while we run: a kafkajs admin that fetched
    // offsets of a deleted topic fails every later metadata refresh, so the bare side starts a
    // fresh admin then (readListing does the same through AdminLink.forgetDeletedTopics).
    await bareAdmin.connect();
    const bareRead = async () => {
      try {
        return await bare(bareAdmin);
      } catch (err) {
        await bareAdmin.disconnect().catch(() => undefined);
        bareAdmin = kafka.admin();
        await bareAdmin.connect();
        throw err;
      }
    };
    const contenders: Contender[] = [
      { name: "bare kafkajs", read: bareRead },
      { name: "readListing", read: async () => summarize(await readListing(link, opts, batches)) },
      { name: "tick, warm cache", read: () => tick(batches, rates) },
      {
        name: "tick, cold cache",
        read: () => {
          cold.clock = new LagClock(raw);
          return tick(new ClusterBatches(batchRaw), new TickRates(cold.clock));
        },
        after: async () => cold.clock?.settled(),
      },
    ];
    // Warm-up (connections, the broker's caches), and the warm clock fills: tick until a tick
    // leaves nothing to read (every lagging partition's record timestamp cached).
    const checks: Result[] = [];
    for (const c of contenders) {
      checks.push(await retried(2, c.read));
      await c.after?.();
    }
    if (checks.some((x) => x.lag !== checks[0]!.lag || x.groups !== checks[0]!.groups)) {
      log(`warning: contenders disagree: ${JSON.stringify(checks)} (other users of the broker may have changed groups)`);
    }
    let fill = 0;
    for (let before = -1; fill < 100 && clock.stats.deferred !== before; fill++) {
      await clock.settled();
      before = clock.stats.deferred;
      await tick(batches, rates);
    }
    await clock.settled();
    log(`lag seconds, warm: ${clock.size} record timestamps cached after ${fill + 1} ticks (${clock.stats.fetched} partitions read)${clock.stats.lastError ? `, last error ${clock.stats.lastError}` : ""}`);
    const warmBefore = { ...clock.stats };

    const times = new Map(contenders.map((c) => [c.name, [] as number[]]));
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? contenders : [...contenders].reverse();
      for (const c of order) {
        for (let attempt = 1; ; attempt++) {
          const t0 = now();
          const ok = await c.read().then(
            () => true,
            (err: unknown) => {
              if (attempt >= 3) throw err;
              log(`${c.name}: round ${round} failed (${String(err).slice(0, 120)}), again`);
              return false;
            },
          );
          const elapsed = ms(t0);
          await c.after?.(); // outside the timing: a cold tick's record read left in flight
          if (ok) {
            times.get(c.name)!.push(elapsed);
            break;
          }
        }
      }
    }
    log(`lag seconds during the rounds: warm ticks read ${clock.stats.fetched - warmBefore.fetched} records (${clock.stats.cached - warmBefore.cached} answers from the cache); ` +
      `a cold tick reads ${cold.clock?.stats.fetched ?? 0} (waiting at most ${TICK_LAG_WAIT_MS} ms; ${cold.clock?.stats.deferred ?? 0} partitions left for later ticks)`);
    const base = median(times.get("bare kafkajs")!);
    log(`\n${checks[0]!.groups} groups listed (ours: ${GROUPS}), ${TOPICS * PARTITIONS} bench partitions, concurrency ${CONCURRENCY}, ${ROUNDS} rounds`);
    log("contender            median ms   min ms   ratio to bare (median)");
    for (const [name, v] of times) {
      log(`${name.padEnd(20)} ${f(median(v)).padStart(9)} ${f(Math.min(...v)).padStart(8)}   ${(median(v) / base).toFixed(2)}x`);
    }
    const verdict = (name: string) => {
      const r = median(times.get(name)!) / base;
      return `${name} ${r.toFixed(2)}x ${r <= 1.2 ? "meets" : "MISSES"} the target (<= 1.2x)`;
    };
    log(`${verdict("tick, warm cache")}; ${verdict("tick, cold cache")}`);
  } finally {
    await bareAdmin.disconnect().catch(() => undefined);
    await cleanup(admin);
    await Promise.all([raw.close(), batches.close(), link.close(), cold.clock?.settled()]);
    await admin.disconnect();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
