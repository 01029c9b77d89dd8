// The overview ranks trouble across sources: a dead-letter queue that keeps growing comes above
// one that got three letters once, and above a queue that waits with no consumer.
import { expect, test } from "@playwright/test";
import { poll, TestVhost } from "../support/rabbitmq";
import { signIn } from "./fixtures";

const vh = new TestVhost("-rank");
let feeding: NodeJS.Timeout | undefined;

test.beforeAll(async () => {
  await vh.create();
  const ch = await vh.confirmChannel();
  for (const name of ["orders", "audit"]) {
    await ch.assertQueue(`${name}.dlq`, { durable: true });
    await ch.assertQueue(name, { durable: true, arguments: { "x-dead-letter-exchange": "", "x-dead-letter-routing-key": `${name}.dlq` } });
  }
  await ch.assertQueue("idle.jobs", { durable: true });
  for (let i = 0; i < 7; i++) ch.sendToQueue("idle.jobs", Buffer.from(`job ${i}`));
  await ch.waitForConfirms();
  await ch.close();
  // audit: three letters once; orders: two more every two seconds for the whole test.
  await vh.deadLetter("audit", ["a1", "a2", "a3"]);
  await poll("audit's letters", async () => ((await vh.depth("audit.dlq")) === 3 ? true : undefined));
  const feed = () => vh.deadLetter("orders", ["o", "o"]).catch(() => undefined);
  await feed();
  feeding = setInterval(() => void feed(), 2000);
});

test.afterAll(async () => {
  clearInterval(feeding);
  await vh.delete();
});

test("the overview ranks a growing dead-letter queue above a quiet one and above a queue with no consumer", async ({ page }) => {
  // Growth needs 30 s of history in the store.
  test.setTimeout(150_000);
  await signIn(page);
  const list = page.getByRole("list", { name: "Needs attention" });
  const growing = list.getByTestId("attention-item").filter({ hasText: `${vh.name}/orders.dlq` });
  const quiet = list.getByTestId("attention-item").filter({ hasText: `${vh.name}/audit.dlq` });
  const idle = list.getByTestId("attention-item").filter({ hasText: `${vh.name}/idle.jobs has no consumer` });
  // Other runs' trouble may fill the first rows: open the whole list once it is longer.
  await expect
    .poll(
      async () => {
        const more = page.getByRole("button", { name: /^Show all/ });
        if (await more.isVisible()) await more.click();
        return (await growing.count()) + (await quiet.count()) + (await idle.count());
      },
      { timeout: 90_000, intervals: [1000] },
    )
    .toBe(3);
  await expect(growing).toBeVisible();
  // "Growing" needs 30 s of its history in the store: until then it is listed as held.
  await expect(growing).toHaveAttribute("data-category", "dead-letters-growing", { timeout: 90_000 });
  await expect(quiet).toBeVisible();
  await expect(idle).toBeVisible();
  await expect(growing).toHaveAttribute("data-category", "dead-letters-growing");
  await expect(idle).toHaveAttribute("data-category", "no-consumer");
  // Quiet: "held", unless a tick saw it empty just before its letters came (then it grew once, by 3).
  await expect(quiet).toHaveAttribute("data-category", /^dead-letters-(held|growing)$/);
  await expect(growing).toContainText("Dead letters growing in");

  // Order on the page: the growing one first of the three.
  const titles = await list.getByTestId("attention-item").allInnerTexts();
  const at = (needle: string) => titles.findIndex((t) => t.includes(needle));
  expect(at(`${vh.name}/orders.dlq`)).toBeLessThan(at(`${vh.name}/idle.jobs`));
  expect(at(`${vh.name}/orders.dlq`)).toBeLessThan(at(`${vh.name}/audit.dlq`));

  // The item opens the dead-letter queue's page.
  await expect(page.getByRole("table", { name: "Time behind" }).or(page.getByText("No consumer has a backlog."))).toBeVisible();
  await page.screenshot({ path: "test-results/overview-attention-light.png", fullPage: true });
  await page.getByRole("button", { name: "Toggle dark mode" }).click();
  await page.screenshot({ path: "test-results/overview-attention-dark.png", fullPage: true });
  await page.getByRole("button", { name: "Toggle dark mode" }).click();
  await growing.getByRole("link").click();
  await expect(page).toHaveURL(`/sources/rabbit/queues/${encodeURIComponent(vh.name)}/orders.dlq`);
});
