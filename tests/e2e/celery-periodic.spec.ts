// The Periodic tasks section of the Celery source page, on real celery beat and a real worker:
// beat sends demo.add every second to this run's queue; the row shows it on time with a 1 s
// interval and links to the task list filtered by its name; once beat stops, it reads missed.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { redisUrl, runId } from "../support/brokers";
import { startCeleryBeat, type CeleryBeatHandle } from "../support/celery-beat";
import { signIn } from "./fixtures";

const run = runId();
const queue = `${run}-beat`;
const ARGS_REPR = `['${run}', '-beat']`;
const appDir = path.resolve("scripts/demo/celery");
// The e2e server's "celery" source: broker in Redis db 0, results in db 1.
const brokerUrl = redisUrl(0);
const backendUrl = redisUrl(1);
let worker: ChildProcess | undefined;
let beat: CeleryBeatHandle | undefined;

test.beforeAll(() => {
  worker = spawn(
    "/usr/bin/python3",
    ["-m", "celery", "-A", "demo_tasks", "worker", "-E", "-l", "warning", "-c", "1", "-n", `${run}p@%h`, "-Q", queue, "--without-mingle", "--without-gossip"],
    { env: { ...process.env, CELERY_BROKER_URL: brokerUrl, CELERY_RESULT_BACKEND: backendUrl, PYTHONPATH: appDir }, stdio: "ignore", detached: true },
  );
  beat = startCeleryBeat({ brokerUrl, backendUrl, task: "demo.add", args: [run, "-beat"], everySeconds: 1, queue });
});

test.afterAll(async () => {
  await beat?.stop();
  try {
    process.kill(-worker!.pid!, "SIGKILL");
  } catch {
    /* already gone */
  }
});

async function screenshots(page: Page, name: string): Promise<void> {
  await page.getByTestId("periodic-tasks").scrollIntoViewIfNeeded();
  await page.screenshot({ path: `test-results/${name}-light.png`, fullPage: true });
  await page.getByRole("button", { name: "Toggle dark mode" }).click();
  await page.screenshot({ path: `test-results/${name}-dark.png`, fullPage: true });
  await page.getByRole("button", { name: "Toggle dark mode" }).click();
}

test("a beat schedule shows as a periodic task, on time, then missed once beat stops", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page);
  await page.goto("/sources/celery");
  const row = page.getByTestId("periodic-tasks").getByRole("row").filter({ hasText: ARGS_REPR });
  // Three sends are needed, and the section polls every 5 s.
  await expect(row.getByTestId("periodic-status")).toHaveAttribute("data-status", "on-time", { timeout: 45_000 });
  await expect(row).toContainText("demo.add");
  await expect(row).toContainText(/\](0\.9\d|1(\.0\d)?) s/); // every second, right after the args
  await screenshots(page, "celery-periodic");

  await beat!.stop();
  beat = undefined;
  await expect(row.getByTestId("periodic-status")).toHaveAttribute("data-status", "missed", { timeout: 40_000 });
  await expect(row.getByTestId("periodic-status")).toContainText("missed");
  await page.screenshot({ path: "test-results/celery-periodic-missed-light.png", fullPage: true });

  await row.getByRole("link", { name: "demo.add" }).click();
  await expect(page).toHaveURL(/\/sources\/celery\/tasks\?.*name=demo\.add/);
});
