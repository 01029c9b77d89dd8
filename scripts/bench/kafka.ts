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
// ids, fetchOffsets per group, with the same concurrency, on a connected admin: the floor any
// reader of the same data pays. QueueDeck: readListing (server/brokers/kafka/read.ts), and the
// whole collector tick: readListing plus TickRates (consume/produce rates, lag in seconds through
// the LagClock: at most its per-call budget of record reads, cached). Rounds alternate the order;
// medians are compared.
import { Kafka, logLevel, type Admin } from "kafkajs";
import { AdminLink, createKafka, dataRole } from "../../server/brokers/kafka/client";
import { readListing, type ReadOptions } from "../../server/brokers/kafka/read";
import { RawCluster } from "../../server/brokers/kafka/internal-cluster";
import { LagClock } from "../../server/brokers/kafka/lag-seconds";
import { TickRates } from "../../server/brokers/kafka/tick-rates";
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

async function setup(admin: Admin, kafka: Kafka, raw: RawCluster): Promise<void> {
  const t0 = now();
  const topics = Array.from({ length: TOPICS }, (_, i) => topicName(i));
  await admin.createTopics({ waitForLeaders: true, topics: topics.map((topic) => ({ topic, numPartitions: PARTITIONS, replicationFactor: 1 })) });
  const producer = kafka.producer();
  await producer.connect();
  for (const topic of topics) {
    const messages = Array.from({ length: PARTITIONS * RECORDS_PER_PARTITION }, (_, i) => ({ partition: i % PARTITIONS, value: `m${i}` }));
    // Right after CreateTopics a loaded broker may still answer NOT_LEADER: try again a few times.
    for (let attempt = 1; ; attempt++) {
      try {
        await producer.send({ topic, messages });
        break;
      } catch (err) {
        if (attempt >= 10) throw err;
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }
  await producer.disconnect();
  const committed = await settleAll(Array.from({ length: GROUPS }, (_, i) => i), 16, (i) =>
    raw.commit(groupName(i), Array.from({ length: PARTITIONS }, (_, partition) => ({
      topic: topicName(i % TOPICS), partition, offset: (i + partition) % (RECORDS_PER_PARTITION + 1),
    }))),
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

type Contender = { name: string; read: () => Promise<{ groups: number; lag: number }> };

function summarize(l: Awaited<ReturnType<typeof readListing>>): { groups: number; lag: number } {
  if (l.problems.length) throw new Error(`listing problems: ${l.problems.slice(0, 3).join("; ")}`);
  return { groups: l.groups.length, lag: l.groups.reduce((n, g) => n + g.lag, 0) };
}

/** Deletes what setup made; a loaded broker may fail a batch (coordinator lookups): retried, then reported. */
async function cleanup(admin: Admin): Promise<void> {
  const ids = Array.from({ length: GROUPS }, (_, i) => groupName(i));
  const attempt = async (what: string, call: () => Promise<unknown>) => {
    for (let n = 1; n <= 3; n++) {
      try {
        await call();
        return;
      } catch (err) {
        if (n === 3) log(`cleanup: ${what} failed (${String(err).slice(0, 160)}); delete ${PREFIX}* by hand`);
      }
    }
  };
  for (let i = 0; i < ids.length; i += 200) await attempt("deleteGroups", () => admin.deleteGroups(ids.slice(i, i + 200)));
  await attempt("deleteTopics", () => admin.deleteTopics({ topics: Array.from({ length: TOPICS }, (_, i) => topicName(i)) }));
}

async function main(): Promise<void> {
  const kafka = new Kafka({ clientId: "qd-bench", brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const engine = createKafka(config, dataRole(config));
  const raw = new RawCluster(engine);
  const link = new AdminLink(engine);
  const clock = new LagClock(raw);
  const rates = new TickRates(clock);
  const opts: ReadOptions = { maxTopics: 100_000, maxGroups: 100_000, concurrency: CONCURRENCY, text: (e) => String(e) };
  let bareAdmin = kafka.admin();
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
      { name: "readListing", read: async () => summarize(await readListing(link, opts)) },
      {
        name: "tick (+lag seconds)",
        read: async () => {
          const listing = await readListing(link, opts);
          const { groups } = await rates.enrich(listing);
          const ok = summarize(listing);
          return { ...ok, lag: groups.reduce((n, g) => n + g.lag, 0) };
        },
      },
    ];
    // Warm-up: connections, metadata, the broker's caches.
    const checks: { groups: number; lag: number }[] = [];
    for (const c of contenders) checks.push(await c.read().catch(() => c.read()));
    if (checks.some((x) => x.lag !== checks[0]!.lag || x.groups !== checks[0]!.groups)) {
      log(`warning: contenders disagree: ${JSON.stringify(checks)} (other users of the broker may have changed groups)`);
    }
    const times = new Map(contenders.map((c) => [c.name, [] as number[]]));
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? contenders : [...contenders].reverse();
      for (const c of order) {
        for (let attempt = 1; ; attempt++) {
          const t0 = now();
          try {
            await c.read();
          } catch (err) {
            if (attempt >= 3) throw err;
            log(`${c.name}: round ${round} failed (${String(err).slice(0, 120)}), again`);
            continue;
          }
          times.get(c.name)!.push(ms(t0));
          break;
        }
      }
    }
    const base = median(times.get("bare kafkajs")!);
    log(`lag seconds: ${clock.size} record timestamps cached, ${clock.stats.fetched} read, ${clock.stats.deferred} deferred to later ticks${clock.stats.lastError ? `, last error ${clock.stats.lastError}` : ""}`);
    log(`\n${checks[0]!.groups} groups listed (ours: ${GROUPS}), ${TOPICS * PARTITIONS} bench partitions, concurrency ${CONCURRENCY}, ${ROUNDS} rounds`);
    log("contender            median ms   min ms   ratio to bare (median)");
    for (const [name, v] of times) {
      log(`${name.padEnd(20)} ${f(median(v)).padStart(9)} ${f(Math.min(...v)).padStart(8)}   ${(median(v) / base).toFixed(2)}x`);
    }
  } finally {
    await bareAdmin.disconnect().catch(() => undefined);
    await cleanup(admin);
    await raw.close();
    await link.close();
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
