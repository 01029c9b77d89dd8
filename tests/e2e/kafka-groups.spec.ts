// A consumer group's page in the browser, on the real Kafka broker: lag per partition, then a
// reset dry run and its apply change the lag shown.
import { expect, test, type Page } from "@playwright/test";
import { Kafka, logLevel } from "kafkajs";
import { kafkaBrokers, runId } from "../support/brokers";
import { signIn } from "./fixtures";

const run = runId();

async function screenshots(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `/tmp/${name}-light.png`, fullPage: true });
  await page.getByRole("button", { name: "Toggle dark mode" }).click();
  await page.screenshot({ path: `/tmp/${name}-dark.png`, fullPage: true });
  await page.getByRole("button", { name: "Toggle dark mode" }).click();
}

test("the group page shows lag per partition; a reset dry run then apply changes it", async ({ page }) => {
  test.setTimeout(120_000);
  const kafka = new Kafka({ clientId: "qd-e2e-groups", brokers: kafkaBrokers(), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  const producer = kafka.producer();
  // A leading "0" keeps ours inside the adapter's window on a broker shared with benchmarks.
  const topic = `0-${run}.shipments`;
  const groupId = `0-${run}-dispatch`;
  await admin.connect();
  await producer.connect();
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions: 2, replicationFactor: 1 }], waitForLeaders: true });
    await producer.send({ topic, messages: Array.from({ length: 20 }, (_, i) => ({ partition: i % 2, value: `shipment ${i}` })) });
    // Read 3 of 10 on partition 0 and 8 of 10 on partition 1: lag 7 and 2.
    await admin.setOffsets({ groupId, topic, partitions: [{ partition: 0, offset: "3" }, { partition: 1, offset: "8" }] });

    await signIn(page);
    await page.goto("/sources/kafka");
    await page.getByRole("link", { name: groupId }).click();
    await expect(page).toHaveURL(new RegExp(`/sources/kafka/groups/${encodeURIComponent(groupId)}`));
    const row = (p: number) => page.getByTestId(`partition-${topic}-${p}`);
    await expect(row(0).getByTestId("partition-lag")).toHaveText("7");
    await expect(row(1).getByTestId("partition-lag")).toHaveText("2");
    await expect(page.getByTestId("stat-Lag")).toHaveText("9 msg");
    await expect(page.getByTestId("stat-Lag in time")).not.toHaveText("–");
    await expect(page.getByTestId("stat-State")).toHaveText("Empty");
    await screenshots(page, "kafka-group");

    await page.getByRole("button", { name: "Reset offsets…" }).click();
    await page.getByRole("combobox", { name: "Target" }).selectOption("shiftBy");
    await page.getByRole("spinbutton", { name: "Shift by" }).fill("2");
    await page.getByRole("button", { name: "Dry run" }).click();
    const plan = page.getByTestId("reset-plan");
    await expect(page.getByTestId("reset-plan-summary")).toContainText("Dry run, nothing changed: 2 partitions, lag after 5 messages");
    await expect(plan.getByRole("row")).toHaveCount(3);
    // Nothing changed yet.
    await expect(row(0).getByTestId("partition-lag")).toHaveText("7");
    await screenshots(page, "kafka-group-reset");

    await page.getByRole("button", { name: "Apply" }).click();
    const dialog = page.getByRole("dialog", { name: `Reset offsets of ${groupId}` });
    await expect(dialog).toContainText("2 partitions");
    await dialog.getByRole("button", { name: "Reset 2 partitions" }).click();
    await expect(page.getByTestId("reset-plan-summary")).toContainText("Applied: 2 partitions");
    await expect(row(0).getByTestId("partition-lag")).toHaveText("5");
    await expect(row(1).getByTestId("partition-lag")).toHaveText("0");
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    expect(committed!.partitions.sort((a, b) => a.partition - b.partition).map((p) => p.offset)).toEqual(["5", "10"]);
  } finally {
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await producer.disconnect();
    await admin.disconnect();
  }
});
