// Celery worker actions in the browser, on a real worker of the demo app: the task types with
// their per-worker rate limits, a worker's drawer (active and reserved tasks, pool grow, stop and
// start consuming a queue) and a queue purge confirmed by name and count.
import { spawn, type ChildProcess } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { Redis } from "ioredis";
import { redisUrl, runId } from "../support/brokers";
import { signIn } from "./fixtures";

const run = runId();
const queue = `${run}-u`;
const hostname = `${run}u@${os.hostname()}`;

const appDir = path.resolve("scripts/demo/celery");
const env = { ...process.env, CELERY_BROKER_URL: redisUrl(0), CELERY_RESULT_BACKEND: redisUrl(1), PYTHONPATH: appDir };

/** Sends tasks with Celery's own client: `calls` is Python, e.g. `add.apply_async((1, 2), queue=Q)`. */
async function sendWithCelery(calls: string): Promise<void> {
  const send = spawn("/usr/bin/python3", ["-c", `from demo_tasks import add, long_report\nQ = "${queue}"\n${calls}`], { env, stdio: "inherit" });
  expect(await new Promise((r) => send.on("exit", r))).toBe(0);
}

/** Light, then dark (the theme toggle). */
async function screenshots(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `test-results/${name}-light.png` });
  await page.getByRole("button", { name: "Toggle dark mode" }).click();
  await page.screenshot({ path: `test-results/${name}-dark.png` });
  await page.getByRole("button", { name: "Toggle dark mode" }).click();
}

test("an operator inspects a worker, grows its pool, stops and starts a queue, and purges it", async ({ page }) => {
  test.setTimeout(150_000);
  const redis = new Redis(redisUrl(0));
  // One process: a long task keeps it busy, one more is prefetched (reserved), the rest wait.
  const worker: ChildProcess = spawn(
    "/usr/bin/python3",
    ["-m", "celery", "-A", "demo_tasks", "worker", "-l", "warning", "-c", "1", "-n", hostname, "-Q", queue, "--without-mingle", "--without-gossip"],
    { env, stdio: "ignore", detached: true },
  );
  try {
    await sendWithCelery(`long_report.apply_async(kwargs={"steps": 240, "interval": 0.5}, queue=Q)`);
    await signIn(page);
    await page.goto("/sources/celery");
    await expect(page.getByRole("table", { name: "Active tasks" }).getByText(hostname)).toBeVisible({ timeout: 45_000 });
    await sendWithCelery(`for i in range(3): add.apply_async((i, i), queue=Q)`);

    const types = page.getByRole("table", { name: "Task types" });
    await expect(types.getByRole("rowheader", { name: "demo.add" })).toBeVisible();
    await expect(page.getByRole("columnheader", { name: /Rate limit \(per worker\)/ })).toBeVisible();

    await page.getByRole("table", { name: "Workers" }).getByRole("button", { name: hostname }).click();
    const drawer = page.getByRole("dialog", { name: `Worker ${hostname}` });
    await expect(drawer.getByRole("table", { name: "Active" }).getByText("demo.long_report")).toBeVisible();
    await expect(drawer.getByRole("table", { name: "Reserved" }).getByText("demo.add")).toBeVisible();
    await expect(drawer.getByRole("region", { name: "Queues consumed" }).getByText(queue)).toBeVisible();
    await page.screenshot({ path: "test-results/celery-worker-drawer.png" });

    const consumers = drawer.getByRole("region", { name: "Queues consumed" });
    await consumers.getByRole("button", { name: `Stop consuming ${queue}` }).click();
    await expect(consumers.getByTestId("acknowledged")).toContainText(hostname);
    await expect(consumers.getByRole("button", { name: `Stop consuming ${queue}` })).toHaveCount(0, { timeout: 15_000 });
    await consumers.getByLabel("Start consuming").fill(queue);
    await consumers.getByRole("button", { name: "Start", exact: true }).click();
    await expect(consumers.getByRole("button", { name: `Stop consuming ${queue}` })).toBeVisible({ timeout: 15_000 });
    await page.screenshot({ path: "test-results/celery-worker-drawer-after.png" });
    await drawer.getByRole("button", { name: "Close" }).click();

    // Two still wait in the list (one is reserved by the worker): the dialog says so and asks for the name.
    const row = page.getByRole("table", { name: "Queues" }).getByRole("row").filter({ hasText: queue });
    await expect(row.getByRole("cell").nth(1)).toHaveText("2");
    await row.getByRole("button", { name: `Purge ${queue}` }).click();
    const confirm = page.getByRole("dialog", { name: `Purge 2 tasks from ${queue}?` });
    await expect(confirm).toBeVisible();
    await page.screenshot({ path: "test-results/celery-purge-dialog.png" });
    await confirm.getByRole("textbox").fill(queue);
    await confirm.getByRole("button", { name: "Purge" }).click();
    await expect(page.getByRole("status").filter({ hasText: `Purged 2 tasks from ${queue}` })).toBeVisible();
    expect(await redis.llen(queue)).toBe(0);

    // Growing the pool last: a second process would run the waiting tasks.
    await page.getByRole("table", { name: "Workers" }).getByRole("button", { name: hostname }).click();
    await drawer.getByLabel("Processes").fill("1");
    await drawer.getByRole("button", { name: "Apply" }).click();
    const poolReply = drawer.getByRole("form", { name: "Pool size" }).getByTestId("control-reply");
    await expect(poolReply.getByTestId("acknowledged")).toContainText(hostname);
    await expect(poolReply).toContainText(`Grow the pool by 1 on ${hostname}`);
    await page.screenshot({ path: "test-results/celery-worker-drawer-grown.png" });
    await drawer.getByRole("button", { name: "Close" }).click();
    await screenshots(page, "celery-actions");
  } finally {
    try {
      process.kill(-worker.pid!, "SIGKILL");
    } catch {
      /* already gone */
    }
    await redis.del(queue, `${queue}\x06\x163`, `${queue}\x06\x166`, `${queue}\x06\x169`, `_kombu.binding.${queue}`);
    // What the killed worker held stays in kombu's unacked hash, to be restored into the queue
    // by the next worker on db 0: drop ours.
    const [, fields] = await redis.hscan("unacked", "0", "MATCH", "*", "COUNT", 10_000);
    const ours = fields.filter((_, i) => i % 2 === 0 && fields[i + 1]!.includes(JSON.stringify(queue)));
    if (ours.length) {
      await redis.hdel("unacked", ...ours);
      await redis.zrem("unacked_index", ...ours);
    }
    redis.disconnect();
  }
});
