import { expect, test } from "@playwright/test";
import { runId } from "../support/brokers";
import { poll, TestVhost } from "../support/rabbitmq";
import { signIn } from "./fixtures";

// A viewer reads everything and is offered no action: the buttons are not there, and the page
// says why. (The API refuses viewers' actions with 403 too: tests/integration.)
const vh = new TestVhost("-viewer");
const QUEUE = "invoices";
const VIEWER = `vic${runId().slice(-6)}`;
const VIEWER_PASSWORD = "viewer-password-e2e";

test.beforeAll(async () => {
  await vh.create();
  const ch = await vh.confirmChannel();
  await ch.assertQueue(QUEUE, { durable: true });
  for (const n of [1, 2]) ch.sendToQueue(QUEUE, Buffer.from(`{"invoice": ${n}}`), { persistent: true });
  await ch.waitForConfirms();
  await ch.close();
  await poll("two messages", async () => ((await vh.depth(QUEUE)) === 2 ? true : undefined));
});

test.afterAll(async () => {
  await vh.delete();
});

test("a viewer sees the queue and peeks, but is offered no action", async ({ page }) => {
  await signIn(page);
  const created = await page.request.post("/api/v1/users", { data: { username: VIEWER, password: VIEWER_PASSWORD, role: "viewer" } });
  expect(created.status()).toBe(201);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin/);

  await signIn(page, VIEWER, VIEWER_PASSWORD);
  await expect(page.getByTestId("current-user")).toContainText("viewer");
  await page.goto(`/sources/rabbit/queues/${vh.path}/${QUEUE}`);
  await expect(page.getByRole("heading", { name: QUEUE })).toBeVisible();
  await expect(page.getByText("Actions need the operator role")).toBeVisible();
  for (const action of ["Purge", "Replay", "Publish message", "Move all"]) {
    await expect(page.getByRole("button", { name: action, exact: true })).toHaveCount(0);
  }
  // What a peek does is said next to its button; it goes out as a POST (it requeues: not a GET).
  await expect(page.getByTestId("peek-effect")).toHaveText(/marks the messages redelivered and, on quorum queues, counts toward their delivery limit/);
  const peekRequest = page.waitForRequest((r) => r.url().includes("/messages/peek"));
  await page.getByRole("button", { name: "Peek messages" }).click();
  expect((await peekRequest).method()).toBe("POST");
  await expect(page.getByTestId("message")).toHaveCount(2);
  // Nothing to pick messages for.
  await expect(page.getByTestId("message").first().getByRole("checkbox")).toHaveCount(0);
  // The admin pages are not offered either.
  await expect(page.getByRole("link", { name: "Users and tokens" })).toHaveCount(0);
  expect(await vh.depth(QUEUE)).toBe(2);
});
