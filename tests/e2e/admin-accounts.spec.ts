import { expect, test } from "@playwright/test";
import { runId } from "../support/brokers";
import { signIn } from "./fixtures";

// An admin manages an account from the admin page: the user is signed out when disabled,
// cannot sign in, and is gone once deleted (the dialog asks for the name).
const USER = `acct${runId().slice(-6)}`;
const PASSWORD = "account-e2e-password";

test("admin adds, disables and deletes a user; the user is signed out at once", async ({ page, browser }) => {
  await signIn(page);
  await page.goto("/admin");
  const form = page.getByRole("form", { name: "Add user" });
  await form.getByLabel("Username").fill(USER);
  await form.getByLabel(/Password/).fill(PASSWORD);
  await form.getByRole("button", { name: "Add user" }).click();
  const row = page.getByRole("row", { name: new RegExp(USER) });
  await expect(row).toContainText("enabled");
  await expect(row).toContainText("viewer on *");
  // Roles per source: edited as "role: sources" lines, shown back as the grants.
  await row.getByRole("button", { name: `Edit access of ${USER}` }).click();
  const access = page.getByRole("dialog", { name: `Access of "${USER}"` });
  await access.getByLabel("Access").fill("operator: rabbit, tag:team-a\nviewer: *");
  await page.screenshot({ path: "test-results/admin-edit-access.png" });
  await access.getByRole("button", { name: "Save access" }).click();
  await expect(row).toContainText("operator on rabbit, tag:team-a; viewer on *");

  const other = await browser.newContext();
  const userPage = await other.newPage();
  await signIn(userPage, USER, PASSWORD);

  await row.getByRole("button", { name: "Disable" }).click();
  const disable = page.getByRole("dialog", { name: `Disable user "${USER}"?` });
  await disable.getByRole("button", { name: "Disable user" }).click();
  await expect(row).toContainText("disabled");

  // Signed out: the next page load goes to the sign-in page, and signing in is refused.
  await userPage.goto("/");
  await expect(userPage).toHaveURL(/\/signin/);
  await userPage.getByLabel("Username").fill(USER);
  await userPage.getByLabel("Password").fill(PASSWORD);
  await userPage.getByRole("button", { name: "Sign in" }).click();
  await expect(userPage.getByText("wrong username or password")).toBeVisible();
  await other.close();

  await row.getByRole("button", { name: "Delete" }).click();
  const del = page.getByRole("dialog", { name: `Delete user "${USER}"?` });
  await expect(del.getByRole("button", { name: "Delete user" })).toBeDisabled();
  await del.getByLabel("Confirmation text").fill(USER);
  await del.getByRole("button", { name: "Delete user" }).click();
  await expect(page.getByRole("row", { name: new RegExp(USER) })).toHaveCount(0);

  await page.goto(`/audit?action=user.delete`);
  await expect(page.getByRole("row", { name: new RegExp(`admin.*user\\.delete.*${USER}.*ok`) })).toBeVisible();
});

test("a user changes their own password on the account page", async ({ page }) => {
  const name = `pw${runId().slice(-6)}`;
  await signIn(page);
  expect((await page.request.post("/api/v1/users", { data: { username: name, password: PASSWORD, role: "viewer" } })).status()).toBe(201);
  await page.getByRole("button", { name: "Sign out" }).click();
  // Signing out navigates to the sign-in page: a second navigation now would abort it.
  await expect(page).toHaveURL(/\/signin/);
  await signIn(page, name, PASSWORD);
  await page.getByTestId("current-user").click();
  await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();
  const form = page.getByRole("form", { name: "Change your password" });
  await form.getByLabel("Current password").fill(PASSWORD);
  await form.getByLabel(/^New password \(/).fill("password12345");
  await form.getByLabel("New password again").fill("password12345");
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText(/common passwords/)).toBeVisible();
  await form.getByLabel(/^New password \(/).fill("a-much-better-one-42");
  await form.getByLabel("New password again").fill("a-much-better-one-42");
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("status")).toContainText("Password changed");
  await page.getByRole("button", { name: "Sign out" }).click();
  // Signing out navigates to the sign-in page: a second navigation now would abort it.
  await expect(page).toHaveURL(/\/signin/);
  await signIn(page, name, "a-much-better-one-42");
});
