// The demo's promises, in the browser: a lagging Kafka consumer group and a long Celery task
// reporting progress, both seeded here on the real brokers.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { Kafka, logLevel } from "kafkajs";
import { kafkaBrokers, redisUrl, runId } from "../support/brokers";
import { signIn } from "./fixtures";

const run = runId();

test("a consumer group's lag is shown on the Kafka page", async ({ page }) => {
  const kafka = new Kafka({ clientId: "qd-e2e", brokers: kafkaBrokers(), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  const producer = kafka.producer();
  const topic = `${run}.orders`;
  const groupId = `${run}-billing`;
  await admin.connect();
  await producer.connect();
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions: 1, replicationFactor: 1 }], waitForLeaders: true });
    await producer.send({ topic, messages: Array.from({ length: 20 }, (_, i) => ({ value: `order ${i}` })) });
    // The group has read 5 of 20: lag 15.
    await admin.setOffsets({ groupId, topic, partitions: [{ partition: 0, offset: "5" }] });

    await signIn(page);
    await page.goto("/sources/kafka");
    await expect(page.getByRole("table", { name: "Consumer groups" })).toBeVisible();
    await expect(page.getByTestId(`lag-${groupId}`)).toHaveText("15");
    await expect(page.getByRole("table", { name: "Topics" }).getByText(topic)).toBeVisible();
  } finally {
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await producer.disconnect();
    await admin.disconnect();
  }
});

test("a long Celery task shows its progress", async ({ page }) => {
  const appDir = path.resolve("scripts/demo/celery");
  const queue = `${run}-reports`;
  const env = { ...process.env, CELERY_BROKER_URL: redisUrl(0), CELERY_RESULT_BACKEND: redisUrl(1), PYTHONPATH: appDir };
  const worker: ChildProcess = spawn(
    "/usr/bin/python3",
    ["-m", "celery", "-A", "demo_tasks", "worker", "-l", "warning", "-c", "1", "-n", `${run}@%h`, "-Q", queue, "--without-mingle", "--without-gossip"],
    { env, stdio: "ignore", detached: true },
  );
  try {
    const send = spawn("/usr/bin/python3", ["-c", `from demo_tasks import long_report; long_report.apply_async(kwargs={"steps": 40, "interval": 0.5}, queue="${queue}")`], { env, stdio: "inherit" });
    expect(await new Promise((r) => send.on("exit", r))).toBe(0);

    await signIn(page);
    await page.goto("/sources/celery");
    const tasks = page.getByRole("table", { name: "Active tasks" });
    await expect(tasks.getByText("demo.long_report")).toBeVisible({ timeout: 30_000 });
    const bar = tasks.getByRole("progressbar").first();
    await expect(bar).toHaveAttribute("aria-valuenow", /^[1-9]\d?$/, { timeout: 20_000 });
    await expect(page.getByRole("table", { name: "Workers" }).getByText(`${run}@`, { exact: false })).toBeVisible();
    await page.screenshot({ path: "test-results/celery.png", fullPage: true });
  } finally {
    try {
      process.kill(-worker.pid!, "SIGKILL");
    } catch {
      /* already gone */
    }
  }
});
