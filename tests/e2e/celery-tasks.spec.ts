// The Celery task history in the browser, on a real worker: a task that succeeds and one that
// fails are sent, found on the task list by text, state and id, and opened on their task pages
// with their timeline, result, exception and traceback.
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { redisUrl, runId } from "../support/brokers";
import { signIn } from "./fixtures";

const run = runId();
const queue = `${run}-history`;
const workerName = `${run}h`;
const appDir = path.resolve("scripts/demo/celery");
const celeryEnv = { ...process.env, CELERY_BROKER_URL: redisUrl(0), CELERY_RESULT_BACKEND: redisUrl(1), PYTHONPATH: appDir };

/** A worker of the demo app on this run's own queue, sending task events (-E). */
function startWorker(): ChildProcess {
  return spawn(
    "/usr/bin/python3",
    ["-m", "celery", "-A", "demo_tasks", "worker", "-E", "-l", "warning", "-c", "1", "-n", `${workerName}@%h`, "-Q", queue, "--without-mingle", "--without-gossip"],
    { env: celeryEnv, stdio: "ignore", detached: true },
  );
}

function stopWorker(worker: ChildProcess): void {
  try {
    process.kill(-worker.pid!, "SIGKILL");
  } catch {
    /* already gone */
  }
}

/** Sends demo.add with these args and this id, as a Celery client does (it sends the task-sent event too). */
async function sendAdd(taskId: string, args: unknown[]): Promise<void> {
  const code = `import json; from demo_tasks import add; add.apply_async(args=json.loads(${JSON.stringify(JSON.stringify(args))}), task_id=${JSON.stringify(taskId)}, queue=${JSON.stringify(queue)})`;
  const send = spawn("/usr/bin/python3", ["-c", code], { env: celeryEnv, stdio: "inherit" });
  expect(await new Promise((r) => send.on("exit", r))).toBe(0);
}

/** Light, then dark, for looking at a page in both. */
async function screenshots(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `test-results/${name}-light.png`, fullPage: true });
  await page.getByRole("button", { name: "Toggle dark mode" }).click();
  await page.screenshot({ path: `test-results/${name}-dark.png`, fullPage: true });
  await page.getByRole("button", { name: "Toggle dark mode" }).click();
}

test("a succeeded and a failed task are found on the task list and shown on their pages", async ({ page }) => {
  // A worker to start, two tasks to run, and the list's 5 s polls: more than the default minute.
  test.setTimeout(180_000);
  const okId = randomUUID();
  const failId = randomUUID();
  const worker = startWorker();
  try {
    await signIn(page);
    // The worker is ready once the collector sees it.
    await expect
      .poll(async () => JSON.stringify(await (await page.request.get("/api/v1/sources/celery/workers")).json()), { timeout: 45_000 })
      .toContain(`${workerName}@`);
    await sendAdd(okId, [2, 3]);
    // str + int: a TypeError in the worker, with the run's id in the args to search by.
    await sendAdd(failId, [run, 1]);

    await page.goto("/sources/celery/tasks");
    const table = page.getByRole("table", { name: "Tasks" });
    const okRow = table.getByTestId(`task-row-${okId}`);
    const failRow = table.getByTestId(`task-row-${failId}`);
    await expect(okRow.getByTestId("task-state")).toHaveText("SUCCESS", { timeout: 45_000 });
    await expect(failRow.getByTestId("task-state")).toHaveText("FAILURE", { timeout: 30_000 });
    await expect(okRow).toContainText("demo.add");
    await expect(failRow.getByTestId("task-exception")).toContainText("TypeError");
    await expect(page.getByTestId("chart-task-throughput")).toBeVisible();
    await screenshots(page, "celery-tasks");

    // Text search (args, kwargs, exceptions): only the failure carries the run's id; kept in the URL.
    const search = page.getByRole("form", { name: "Search tasks" });
    await search.getByLabel("Text").fill(run);
    await search.getByLabel("Text").press("Enter");
    await expect(page).toHaveURL(new RegExp(`[?&]q=${run}`));
    await expect(failRow).toBeVisible();
    await expect(okRow).toHaveCount(0);
    await page.reload();
    await expect(failRow).toBeVisible();
    await expect(okRow).toHaveCount(0);

    // By name and state: the success alone.
    await page.getByRole("button", { name: "Clear filters" }).click();
    await search.getByLabel("Task name").fill("demo.add");
    await search.getByLabel("Task name").press("Enter");
    await page.getByRole("checkbox", { name: "SUCCESS" }).click();
    await expect(page).toHaveURL(/[?&]state=SUCCESS/);
    await expect(okRow).toBeVisible();
    await expect(failRow).toHaveCount(0);
    await expect(table.getByTestId("task-state").filter({ hasNotText: "SUCCESS" })).toHaveCount(0);

    // A task id typed (or pasted) opens its page.
    await page.getByLabel("Task id").fill(okId);
    await page.getByLabel("Task id").press("Enter");
    await expect(page).toHaveURL(`/sources/celery/tasks/${okId}`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("demo.add");
    await expect(page.getByTestId("task-id")).toHaveText(okId);
    await expect(page.getByTestId("task-state").first()).toHaveText("SUCCESS");
    await expect(page.getByTestId("task-worker")).toContainText(`${workerName}@`);
    const steps = page.getByTestId("timeline-step");
    await expect(steps.first()).toHaveAttribute("data-event", "sent");
    await expect(steps.last()).toHaveAttribute("data-event", "succeeded");
    await expect(page.locator('[data-testid="timeline-step"][data-event="started"]')).toHaveCount(1);
    await expect(page.getByTestId("timeline-ran")).toBeVisible();
    await expect(page.getByTestId("task-result").getByTestId("payload")).toHaveText("5");
    await expect(page.getByTestId("task-args").getByTestId("payload")).toContainText("2, 3");
    // Finished: nothing left to revoke.
    await expect(page.getByRole("button", { name: "Revoke…" })).toHaveCount(0);
    await screenshots(page, "celery-task-success");

    // The failure, opened from the list: its exception and traceback.
    await page.goto(`/sources/celery/tasks?state=FAILURE&q=${run}`);
    await table.getByTestId(`task-row-${failId}`).getByRole("link", { name: "demo.add" }).click();
    await expect(page).toHaveURL(`/sources/celery/tasks/${failId}`);
    await expect(page.getByTestId("task-state").first()).toHaveText("FAILURE");
    const exception = page.getByTestId("task-exception");
    await expect(exception).toContainText("TypeError");
    await expect(exception.getByTestId("task-traceback")).toContainText("Traceback (most recent call last)");
    await expect(steps.last()).toHaveAttribute("data-event", "failed");
    await screenshots(page, "celery-task-failure");

    // An id nobody sent: said plainly, not an error.
    await page.goto(`/sources/celery/tasks/${randomUUID()}`);
    await expect(page.getByText("in the history")).toBeVisible();
  } finally {
    stopWorker(worker);
  }
});
