import { expect, test } from "@playwright/test";
import { runId } from "../support/brokers";
import { signIn } from "./fixtures";

// An admin adds a webhook and a rule on the Alerts page; the rule fires on the next collector
// tick (every source that is up has sourceDown 0 < 1), shows under "Firing now" and in the
// history, and is deleted through a dialog that names it. The webhook's secret is never shown.
const RULE = `up check ${runId().slice(-6)}`;
const SECRET = "e2e-webhook-secret-31f";

test("admin adds a webhook and a rule, sees it fire, and deletes it", async ({ page }) => {
  await signIn(page);
  await page.getByRole("link", { name: "Alerts" }).click();
  await expect(page.getByRole("heading", { name: "Alerts", level: 1 })).toBeVisible();

  const hookForm = page.getByRole("form", { name: "Create webhook" });
  await hookForm.getByLabel("Name").fill("e2e hook");
  // Nothing listens there: deliveries fail and are retried in the background; the page does not care.
  await hookForm.getByLabel("URL").fill("http://127.0.0.1:9/hooks/e2e/token-in-path");
  await hookForm.getByLabel("Secret").fill(SECRET);
  await hookForm.getByRole("button", { name: "Add webhook" }).click();
  const hookRow = page.getByRole("table", { name: "Webhooks" }).getByRole("row", { name: /e2e hook/ });
  await expect(hookRow).toContainText("http://127.0.0.1:9/hooks/…");
  await expect(hookRow).toContainText("set");

  const ruleForm = page.getByRole("form", { name: "Create rule" });
  await ruleForm.getByLabel("Name").fill(RULE);
  await ruleForm.getByLabel("Metric").selectOption("sourceDown");
  await ruleForm.getByLabel("Condition").selectOption("<");
  await ruleForm.getByLabel("Threshold").fill("1");
  await ruleForm.getByLabel("For (seconds)").fill("0");
  await ruleForm.getByLabel("Severity").selectOption("critical");
  await ruleForm.getByLabel("e2e hook").check();
  await ruleForm.getByRole("button", { name: "Create rule" }).click();
  await expect(page.getByRole("table", { name: "Alert rules" }).getByRole("row", { name: new RegExp(RULE) })).toContainText("sourceDown < 1 for 0s");

  await expect(page.getByRole("table", { name: "Firing alerts" }).getByRole("row", { name: new RegExp(RULE) }).first()).toContainText("critical");
  await expect(page.getByRole("table", { name: "Alert history" }).getByRole("row", { name: new RegExp(RULE) }).first()).toContainText("firing");
  await expect(page.getByText(SECRET)).toHaveCount(0);
  await expect(page.getByText("token-in-path")).toHaveCount(0);

  await page.getByRole("table", { name: "Alert rules" }).getByRole("row", { name: new RegExp(RULE) }).getByRole("button", { name: "Delete" }).click();
  const dialog = page.getByRole("dialog", { name: `Delete rule "${RULE}"?` });
  await dialog.getByRole("button", { name: "Delete 1 rule" }).click();
  await expect(page.getByRole("table", { name: "Alert rules" }).getByRole("row", { name: new RegExp(RULE) })).toHaveCount(0);
  await expect(page.getByRole("table", { name: "Firing alerts" }).getByRole("row", { name: new RegExp(RULE) })).toHaveCount(0);
});
