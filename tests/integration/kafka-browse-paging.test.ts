// The message browser's "next page" over all partitions, on the real Kafka broker: three
// partitions with different counts, timestamps interleaved across partitions and one going back
// in time within a partition. Paging with a small limit and the `after` cursor the previous page
// gave must return every record exactly once, whatever the filter. Topics carry this run's prefix.
import { Kafka, logLevel, type Admin } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browseQuerySchema, type BrowseResultDto } from "@/lib/kafka";
import { browseOptionsOf, browseTopic } from "@/server/brokers/kafka/browse";
import { kafkaBrokers, runId } from "../support/brokers";
import { exactProducer, waitForTopics } from "../support/kafka-topics";

const run = runId();
const TOPIC = `${run}.paging`;
const COUNTS = [7, 3, 12];
const TOTAL = COUNTS.reduce((a, b) => a + b, 0);
const kafka = new Kafka({ clientId: `qd-paging-${run}`, brokers: kafkaBrokers(), logLevel: logLevel.NOTHING });
let admin: Admin;

beforeAll(async () => {
  admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: false, topics: [{ topic: TOPIC, numPartitions: 3 }] });
  await waitForTopics(admin, [TOPIC]);
  const producer = exactProducer(kafka);
  await producer.connect();
  const base = Date.now() - 60_000;
  const messages = COUNTS.flatMap((count, partition) =>
    Array.from({ length: count }, (_, i) => ({
      partition,
      key: `p${partition}-${i}`,
      // Interleaved across partitions; partition 2's 6th record is stamped before its 5th.
      timestamp: String(base + i * 1000 + partition * 10 - (partition === 2 && i === 5 ? 1500 : 0)),
      value: JSON.stringify({ partition, i, even: i % 2 === 0 }),
    })),
  );
  await producer.send({ topic: TOPIC, acks: -1, messages });
  await producer.disconnect();
});

afterAll(async () => {
  await admin.deleteTopics({ topics: [TOPIC] }).catch(() => undefined);
  await admin.disconnect();
});

/** Pages from the API query (as the route parses it) on, following `next` as `after`, until it is null. */
async function pageThrough(query: Record<string, string>): Promise<{ pages: BrowseResultDto[]; keys: string[] }> {
  const pages: BrowseResultDto[] = [];
  let after: string | null = null;
  do {
    // A next page gives the cursor instead of a start, as the UI does.
    const same: Record<string, string> = { ...query };
    delete same.offset;
    const parsed = browseQuerySchema.parse(after ? { ...same, after } : query);
    const page = await browseTopic(kafka, TOPIC, browseOptionsOf(parsed));
    pages.push(page);
    after = page.next;
    expect(pages.length, "pages").toBeLessThanOrEqual(TOTAL + 1);
  } while (after);
  return { pages, keys: pages.flatMap((p) => p.messages.map((m) => m.key!.text)) };
}

const every = COUNTS.flatMap((count, partition) => Array.from({ length: count }, (_, i) => `p${partition}-${i}`));

describe("message browser paging over all partitions", () => {
  it("returns every record exactly once, pages of at most the limit, from the earliest offsets, whatever the limit", async () => {
    // Several page sizes put the page boundary at different places, one of them between
    // partition 2's records 4 and 5 (stamped out of order).
    for (const limit of [1, 2, 3, 4, 5, 7]) {
      const { pages, keys } = await pageThrough({ offset: "0", limit: String(limit) });
      expect(keys, `limit ${limit}`).toHaveLength(TOTAL);
      expect([...keys].sort(), `limit ${limit}`).toEqual([...every].sort());
      expect(pages.every((p) => p.messages.length <= limit)).toBe(true);
      // The last page reached every partition's end and offers no next page.
      expect(pages.at(-1)!.partitions.map((p) => [p.partition, p.to, p.end])).toEqual(COUNTS.map((c, partition) => [partition, c, c]));
      expect(pages.at(-1)!.next).toBeNull();
    }
  });

  it("pages exactly with a filter too, and one partition alone", async () => {
    const even = await pageThrough({ offset: "0", limit: "3", q: '"even":true' });
    const expected = COUNTS.flatMap((count, partition) => Array.from({ length: count }, (_, i) => i).filter((i) => i % 2 === 0).map((i) => `p${partition}-${i}`));
    expect(even.keys).toHaveLength(expected.length);
    expect([...even.keys].sort()).toEqual([...expected].sort());

    const one = await pageThrough({ partition: "2", offset: "0", limit: "5" });
    expect([...one.keys].sort()).toEqual(Array.from({ length: 12 }, (_, i) => `p2-${i}`).sort());
    expect(one.pages.every((p) => p.partitions.length === 1)).toBe(true);
  });

  it("resumes each partition exactly where the cursor says, and refuses a cursor it did not make", async () => {
    const first = await browseTopic(kafka, TOPIC, browseOptionsOf(browseQuerySchema.parse({ offset: "0", limit: "4" })));
    const second = await browseTopic(kafka, TOPIC, browseOptionsOf(browseQuerySchema.parse({ after: first.next!, limit: "4" })));
    for (const p of second.partitions) expect(p.from, `partition ${p.partition}`).toBe(first.partitions.find((f) => f.partition === p.partition)!.to);
    const issue = (q: Record<string, string>) => browseQuerySchema.safeParse(q).error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    expect(issue({ after: "bm9wZQ" })).toEqual(["after: a `next` from a previous page"]);
    expect(issue({ after: first.next!, offset: "3" })).toEqual(["after: after continues a previous page: give it without offset, timestamp or newest"]);
  });
});
