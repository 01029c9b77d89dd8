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
const kafka = new Kafka({ clientId: `qd-e2e-${run}`, brokers: kafkaBrokers(), logLevel: logLevel.NOTHING });
let admin: Admin;

test.beforeAll(async () => {
  admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: false, topics: [{ topic: ORIGIN, numPartitions: 2 }, { topic: DLT, numPartitions: 1 }] });
  await waitForTopics(admin, [ORIGIN, DLT]);
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
  await producer.disconnect();
});

test.afterAll(async () => {
  await admin.deleteTopics({ topics: [ORIGIN, DLT] }).catch(() => undefined);
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
});
