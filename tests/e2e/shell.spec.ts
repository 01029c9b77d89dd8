import { expect, test } from "@playwright/test";
import { signIn } from "./fixtures";

test("an unauthenticated visit lands on sign-in", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/signin/);
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
});

test("a wrong password is refused with a message", async ({ page }) => {
  await page.goto("/signin");
  await page.getByLabel("Username").fill("admin");
  await page.getByLabel("Password").fill("definitely-wrong");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("form", { name: "Sign in" }).getByRole("alert")).toContainText("wrong username or password");
  await expect(page).toHaveURL(/\/signin/);
});

test("sign in, see all four sources up, sign out", async ({ page }) => {
  await signIn(page);
  for (const [id, kind] of [
    ["rabbit", "RabbitMQ"],
    ["kafka", "Kafka"],
    ["jobs", "BullMQ"],
    ["celery", "Celery"],
  ] as const) {
    const card = page.getByTestId(`source-card-${id}`);
    await expect(card).toContainText(kind);
    await expect(card.getByTestId("status")).toHaveAttribute("data-status", "up");
  }
  await expect(page.getByTestId("current-user")).toContainText("admin");
  await page.screenshot({ path: "test-results/overview.png", fullPage: true });

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin/);
  await page.goto("/");
  await expect(page).toHaveURL(/\/signin/);
});

test("dark mode and phone width", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page);
  await page.getByRole("button", { name: "Toggle dark mode" }).click();
  await expect(page.locator("html")).toHaveClass(/dark/);
  await page.getByRole("button", { name: "Open navigation" }).click();
  await expect(page.getByRole("link", { name: "Audit log" })).toBeVisible();
  await page.screenshot({ path: "test-results/phone-dark.png", fullPage: true });
  await page.getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
  await expect(page.getByRole("cell", { name: "session.create" }).first()).toBeVisible();
});

test("the browser is pointed at the app icon, served from public/", async ({ page, request }) => {
  await page.goto("/signin");
  const href = await page.locator("link[rel='icon']").first().getAttribute("href");
  expect(href).toMatch(/^\/icon\.svg/);
  const icon = await request.get(href!);
  expect(icon.status()).toBe(200);
  expect(icon.headers()["content-type"]).toMatch(/^image\/svg\+xml/);
  expect(await icon.text()).toContain("<svg");
  const robots = await request.get("/robots.txt");
  expect(robots.status()).toBe(200);
  expect(await robots.text()).toContain("Disallow: /");
});
