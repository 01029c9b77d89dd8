import { expect, test, type Page } from "@playwright/test";
import { Kafka, logLevel, type Admin } from "kafkajs";
import { kafkaBrokers, runId } from "../support/brokers";
import { waitForTopics } from "../support/kafka-topics";
import { signIn } from "./fixtures";

// Kafka topics in the browser, on the e2e server's "kafka" source (the shared local broker):
// browse a topic's messages with a filter, and replay a dead-letter topic to its origin from
// the dead-letters page, watching the origin's count grow. Topics carry this run's prefix.
const run = runId();
const ORIGIN = `0-${run}.invoices`;
const DLT = `0-${run}.invoices.DLT`;
const LEDGER = `0-${run}.ledger`;
const kafka = new Kafka({ clientId: `qd-e2e-${run}`, brokers: kafkaBrokers(), logLevel: logLevel.NOTHING });
let admin: Admin;

test.beforeAll(async () => {
  admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: false, topics: [{ topic: ORIGIN, numPartitions: 2 }, { topic: DLT, numPartitions: 1 }, { topic: LEDGER, numPartitions: 2 }] });
  await waitForTopics(admin, [ORIGIN, DLT, LEDGER]);
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  await producer.send({
    topic: ORIGIN,
    messages: Array.from({ length: 6 }, (_, i) => ({ partition: i % 2, key: `inv-${i}`, value: JSON.stringify({ invoice: i, status: i === 4 ? "overdue" : "paid" }), headers: { tenant: "acme" } })),
  });
  await producer.send({
    topic: DLT,
    messages: [1, 2, 3].map((i) => ({
      key: `dead-${i}`,
      value: JSON.stringify({ invoice: 100 + i }),
      headers: { "kafka_dlt-original-topic": ORIGIN, "kafka_dlt-exception-message": i === 3 ? "tax service down" : "amount negative" },
    })),
  });
  // 5 records on partition 0, 3 on partition 1.
  await producer.send({ topic: LEDGER, messages: Array.from({ length: 8 }, (_, i) => ({ partition: i < 5 ? 0 : 1, value: `entry-${i}` })) });
  await producer.disconnect();
});

test.afterAll(async () => {
  await admin.deleteTopics({ topics: [ORIGIN, DLT, LEDGER] }).catch(() => undefined);
  await admin.disconnect();
});

async function shots(page: Page, name: string) {
  await page.screenshot({ path: `/tmp/w2-${name}-light.png`, fullPage: true });
  await page.getByRole("button", { name: "Toggle dark mode" }).click();
  await page.screenshot({ path: `/tmp/w2-${name}-dark.png`, fullPage: true });
  await page.getByRole("button", { name: "Toggle dark mode" }).click();
}

test("browse a topic's messages, filtered by value, from the topic list", async ({ page }) => {
  await signIn(page);
  await page.goto("/sources/kafka");
  const row = page.getByTestId("topic-row").filter({ has: page.getByRole("link", { name: ORIGIN, exact: true }) });
  await expect(row.getByTestId("topic-messages")).toHaveText("6");
  await shots(page, "kafka-panel");
  await row.getByRole("link", { name: ORIGIN }).click();
  await expect(page.getByRole("heading", { name: ORIGIN })).toBeVisible();
  await expect(page.getByTestId("partition-row")).toHaveCount(2);
  await shots(page, "topic-overview");

  await page.getByRole("tab", { name: "messages" }).click();
  await expect(page).toHaveURL(/tab=messages/);
  await expect(page.getByTestId("kafka-message")).toHaveCount(6);
  await page.getByLabel("Value contains").fill("overdue");
  await page.getByRole("button", { name: "Read" }).click();
  const messages = page.getByTestId("kafka-message");
  await expect(messages).toHaveCount(1);
  await expect(messages.first().getByTestId("payload").last()).toContainText('"status": "overdue"');
  await expect(messages.first()).toContainText("tenant");
  await expect(page.getByTestId("browse-summary")).toContainText("Read 1 of 6 scanned, stopped by the end of the log");
  await shots(page, "topic-messages");
});

test("replay a dead-letter topic from the UI: the origin's count grows", async ({ page }) => {
  await signIn(page);
  await page.goto("/sources/kafka/dead-letters");
  const row = page.getByTestId("dlt-row").filter({ hasText: DLT });
  await expect(row.getByTestId("dlt-count")).toHaveText("3", { timeout: 40_000 });
  await expect(row).toContainText(ORIGIN);
  await expect(row).toContainText("2× amount negative");
  await shots(page, "dead-letter-topics");

  await row.getByRole("button", { name: "Replay" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByTestId("replay-duplicates")).toContainText("may be sent twice");
  await dialog.getByRole("button", { name: `Replay to ${ORIGIN}` }).click();
  const op = dialog.getByTestId("operation");
  await expect(op).toHaveAttribute("data-status", "done");
  await expect(op.getByTestId("operation-report")).toContainText("3 done of 3");
  await page.screenshot({ path: "/tmp/w2-replay-dialog-light.png", fullPage: true });
  await dialog.getByRole("button", { name: "Cancel" }).click();

  const ends = await admin.fetchTopicOffsets(ORIGIN);
  expect(ends.reduce((n, p) => n + Number(p.high), 0)).toBe(9);
  await page.goto("/sources/kafka");
  const origin = page.getByTestId("topic-row").filter({ has: page.getByRole("link", { name: ORIGIN, exact: true }) });
  await expect(origin.getByTestId("topic-messages")).toHaveText("9");

  // The dead-letter topic's own page says what it is and replays it too.
  await page.goto(`/sources/kafka/topics/${encodeURIComponent(DLT)}`);
  const banner = page.getByTestId("dlt-banner");
  await expect(banner).toContainText(`Dead-letter topic of ${ORIGIN}`);
  await expect(banner).toContainText("top reason: 2× amount negative");
  await page.getByRole("button", { name: "Replay" }).click();
  await expect(page.getByRole("dialog").getByRole("button", { name: `Replay to ${ORIGIN}` })).toBeVisible();
});

test("purge partition 0 up to an offset from the topic page: its earliest offset moves, partition 1 keeps its records", async ({ page }) => {
  await signIn(page);
  await page.goto(`/sources/kafka/topics/${encodeURIComponent(LEDGER)}`);
  const rows = page.getByTestId("partition-row");
  await expect(rows).toHaveCount(2);
  await page.getByRole("button", { name: "Purge" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByRole("button", { name: "Delete 8 messages" })).toBeVisible();
  await dialog.getByLabel("Up to an offset per partition").check();
  const p0 = dialog.getByLabel("Delete before offset, partition 0");
  const p1 = dialog.getByLabel("Delete before offset, partition 1");
  // Prefilled with each partition's earliest offset: nothing goes yet.
  await expect(p0).toHaveValue("0");
  await expect(p1).toHaveValue("0");
  await expect(dialog.getByRole("button", { name: "Delete 0 messages" })).toBeDisabled();

  await p1.fill("4");
  await expect(dialog.getByTestId("purge-partition-error")).toHaveText("partition 1 ends at offset 3");
  await p1.fill("0");
  await p0.fill("3");
  await expect(dialog.getByTestId("purge-partition-count")).toHaveText(["3", "0"]);
  await expect(dialog.getByTestId("purge-summary")).toContainText(`Deletes 3 messages of ${LEDGER} in 1 partition`);
  const confirm = dialog.getByRole("button", { name: "Delete 3 messages" });
  await expect(confirm).toBeDisabled(); // until the topic's name is typed
  await dialog.getByLabel("Confirmation text").fill(LEDGER);
  await page.screenshot({ path: "/tmp/kc-purge-partitions-light.png", fullPage: true });
  await confirm.click();
  await expect(dialog.getByTestId("purged")).toHaveText("Deleted 3 messages: partition 0 now starts at 3.");
  // The form follows the topic page read again: partition 0 now starts at 3.
  await expect(p0).toHaveValue("3");
  await dialog.getByRole("button", { name: "Cancel" }).click();

  await expect(page.getByText("5 messages retained")).toBeVisible();
  const offsets = await admin.fetchTopicOffsets(LEDGER);
  expect(offsets.map((o) => [o.partition, o.low, o.high]).sort()).toEqual([
    [0, "3", "5"],
    [1, "0", "3"],
  ]);
  const api = await page.request.get(`/api/v1/sources/kafka/topics/${encodeURIComponent(LEDGER)}`);
  expect((await api.json()).partitions.map((p: { partition: number; earliest: number; latest: number }) => [p.partition, p.earliest, p.latest])).toEqual([
    [0, 3, 5],
    [1, 0, 3],
  ]);
});

test("page through all partitions with Next page: every message once", async ({ page }) => {
  await signIn(page);
  await page.goto(`/sources/kafka/topics/${encodeURIComponent(ORIGIN)}?tab=messages`);
  await page.getByLabel("Start").selectOption("earliest");
  await page.getByLabel("Messages").fill("2");
  const newest = await page.getByTestId("browse-summary").innerText();
  await page.getByRole("button", { name: "Read" }).click();
  await expect(page.getByTestId("browse-summary")).not.toHaveText(newest);
  const seen: string[] = [];
  for (let pageNo = 1; ; pageNo++) {
    const cards = page.getByTestId("kafka-message");
    await expect(cards.first()).toBeVisible();
    expect(await cards.count()).toBeLessThanOrEqual(2);
    for (const text of await cards.allInnerTexts()) seen.push(/partition\s+(\d+)\s+offset\s+(\d+)/.exec(text)!.slice(1).join("/"));
    const next = page.getByRole("button", { name: "Next page" });
    if (!(await next.isVisible())) break;
    expect(pageNo).toBeLessThan(6);
    const before = await page.getByTestId("browse-summary").innerText();
    await next.click();
    await expect(page.getByTestId("browse-summary")).not.toHaveText(before);
  }
  // The replay test may have added 3 more: whatever the count, each record once.
  expect(new Set(seen).size).toBe(seen.length);
  expect(seen.length).toBeGreaterThanOrEqual(6);
  expect(seen).toEqual(expect.arrayContaining(["0/0", "0/1", "0/2", "1/0", "1/1", "1/2"]));
  await expect(page.getByRole("button", { name: "First page" })).toBeVisible();
});
