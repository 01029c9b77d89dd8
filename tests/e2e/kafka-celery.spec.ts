// The demo's promises, in the browser: a lagging Kafka consumer group with its lag history, and
// a long Celery task reporting progress that an operator can revoke, all seeded here on the
// real brokers.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { Kafka, logLevel } from "kafkajs";
import { kafkaBrokers, redisUrl, runId } from "../support/brokers";
import { signIn } from "./fixtures";

const run = runId();
const VIEWER = `cev${run.slice(-6)}`;
const VIEWER_PASSWORD = "viewer-password-e2e";

/** Light, then dark (the theme toggle), for looking at a panel in both. */
async function screenshots(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `test-results/${name}-light.png`, fullPage: true });
  await page.getByRole("button", { name: "Toggle dark mode" }).click();
  await page.screenshot({ path: `test-results/${name}-dark.png`, fullPage: true });
  await page.getByRole("button", { name: "Toggle dark mode" }).click();
}

/** A Celery worker of the demo app on this run's own queue, killed with its pool afterwards. */
function startWorker(queue: string, name: string): { env: NodeJS.ProcessEnv; worker: ChildProcess } {
  const appDir = path.resolve("scripts/demo/celery");
  const env = { ...process.env, CELERY_BROKER_URL: redisUrl(0), CELERY_RESULT_BACKEND: redisUrl(1), PYTHONPATH: appDir };
  const worker = spawn(
    "/usr/bin/python3",
    ["-m", "celery", "-A", "demo_tasks", "worker", "-l", "warning", "-c", "1", "-n", `${name}@%h`, "-Q", queue, "--without-mingle", "--without-gossip"],
    { env, stdio: "ignore", detached: true },
  );
  return { env, worker };
}

async function sendLongReport(env: NodeJS.ProcessEnv, queue: string, steps: number): Promise<void> {
  const send = spawn("/usr/bin/python3", ["-c", `from demo_tasks import long_report; long_report.apply_async(kwargs={"steps": ${steps}, "interval": 0.5}, queue="${queue}")`], { env, stdio: "inherit" });
  expect(await new Promise((r) => send.on("exit", r))).toBe(0);
}

function stopWorker(worker: ChildProcess): void {
  try {
    process.kill(-worker.pid!, "SIGKILL");
  } catch {
    /* already gone */
  }
}

test("a consumer group's lag is shown on the Kafka page", async ({ page }) => {
  test.setTimeout(120_000);
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

    // Its lag history, read through the group's series route: the chart gets the real 15.
    const lagOf15 = page.waitForResponse(
      async (r) => r.url().includes(`/groups/${encodeURIComponent(groupId)}/series?metric=lag`) && ((await r.json()) as { points: { v: number }[] }).points.some((p) => p.v === 15),
    );
    await page.getByRole("combobox", { name: "Group", exact: true }).selectOption(groupId);
    await lagOf15;
    const chart = page.getByTestId("chart-Consumer group lag");
    await expect(chart.getByText("(messages)")).toBeVisible();
    await expect(chart.locator(".recharts-line-curve")).toHaveCount(1);
    await expect(chart.locator("svg").getByText("messages", { exact: true })).toBeVisible();
    await page.getByRole("combobox", { name: "Topic", exact: true }).selectOption(topic);
    await expect(page.getByTestId("chart-Messages retained").locator(".recharts-line-curve")).toHaveCount(1);
    await screenshots(page, "kafka");
  } finally {
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await producer.disconnect();
    await admin.disconnect();
  }
});

test("a long Celery task shows its progress; a viewer is offered no control", async ({ page }) => {
  // A worker to start and two sign-ins: more than the default minute on a busy machine.
  test.setTimeout(120_000);
  const queue = `${run}-reports`;
  const { env, worker } = startWorker(queue, run);
  try {
    // Long enough (100 s) to still run while a viewer signs in.
    await sendLongReport(env, queue, 200);

    await signIn(page);
    await page.goto("/sources/celery");
    const tasks = page.getByRole("table", { name: "Active tasks" });
    await expect(tasks.getByText("demo.long_report")).toBeVisible({ timeout: 30_000 });
    const bar = tasks.getByRole("progressbar").first();
    await expect(bar).toHaveAttribute("aria-valuenow", /^[1-9]\d?$/, { timeout: 20_000 });
    await expect(page.getByRole("table", { name: "Workers" }).getByText(`${run}@`, { exact: false })).toBeVisible();
    await page.screenshot({ path: "test-results/celery.png", fullPage: true });
    await expect(page.getByRole("region", { name: "Rate limit (per worker)" })).toBeVisible();
    await screenshots(page, "celery");
    // The confirm dialog names the task and says what terminate does; cancelled here.
    const revokeButton = tasks.getByRole("button", { name: /^Revoke / });
    await expect(revokeButton).toHaveCount(1);
    const taskId = ((await revokeButton.getAttribute("aria-label")) ?? "").replace(/^Revoke /, "");
    await revokeButton.click();
    const dialog = page.getByRole("dialog");
    await expect(dialog.getByRole("heading")).toHaveText(`Revoke task ${taskId}?`);
    await expect(dialog.getByText("kill the worker's pool process")).toBeVisible();
    await expect(dialog.getByRole("checkbox")).toBeChecked();
    await page.screenshot({ path: "test-results/celery-revoke-dialog.png" });
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toBeHidden();

    const created = await page.request.post("/api/v1/users", { data: { username: VIEWER, password: VIEWER_PASSWORD, role: "viewer" } });
    expect(created.status()).toBe(201);
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/signin/);
    await signIn(page, VIEWER, VIEWER_PASSWORD);
    await page.goto("/sources/celery");
    await expect(tasks.getByText("demo.long_report")).toBeVisible();
    await expect(page.getByTestId("actions-disabled")).toBeVisible();
    await expect(page.getByRole("button", { name: /Revoke/ })).toHaveCount(0);
    await expect(page.getByRole("region", { name: "Rate limit (per worker)" })).toHaveCount(0);
  } finally {
    stopWorker(worker);
  }
});

test("an operator sets a per-worker rate limit and revokes a running task, and sees which workers acknowledged", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page);
  const queue = `${run}-revokes`;
  const { env, worker } = startWorker(queue, `${run}r`);
  try {
    await sendLongReport(env, queue, 120);
    await page.goto("/sources/celery");
    const tasks = page.getByRole("table", { name: "Active tasks" });
    const row = tasks.getByRole("row").filter({ hasText: `${run}r@` });
    await expect(row.getByRole("progressbar")).toHaveAttribute("aria-valuenow", /^[1-9]\d?$/, { timeout: 30_000 });

    const form = page.getByRole("region", { name: "Rate limit (per worker)" });
    await form.getByLabel("Task name").fill("demo.add");
    await form.getByLabel("Rate").fill("10/m");
    await form.getByRole("button", { name: "Set rate limit" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Set rate limit" }).click();
    await expect(form.getByTestId("acknowledged")).toContainText(`${run}r@`);

    const revokeButton = row.getByRole("button", { name: /^Revoke / });
    const taskId = ((await revokeButton.getAttribute("aria-label")) ?? "").replace(/^Revoke /, "");
    await revokeButton.click();
    const dialog = page.getByRole("dialog");
    await expect(dialog.getByRole("heading")).toHaveText(`Revoke task ${taskId}?`);
    await expect(dialog.getByText("kill the worker's pool process")).toBeVisible();
    await dialog.getByRole("combobox").selectOption("KILL");
    await dialog.getByRole("button", { name: "Revoke and send SIGKILL" }).click();
    const reply = page.getByRole("region", { name: "Active tasks" }).getByTestId("control-reply");
    await expect(reply).toContainText(`Terminate ${taskId}`);
    await expect(reply.getByTestId("acknowledged")).toContainText(`${run}r@`);
    await expect(tasks.getByRole("row").filter({ hasText: `${run}r@` })).toHaveCount(0, { timeout: 15_000 });
  } finally {
    stopWorker(worker);
  }
});
