import { ADMIN, STORAGE_STATE } from "./support/config";
import { expect, test as setup } from "./support/test";
import { screenshotBothSchemes } from "./support/screenshots";

// First run: the server starts with no admin, so every page leads to /setup, which creates the
// account, signs in, and is closed for good afterwards. The session is saved for the other specs.
setup("create the admin through /setup", async ({ page }) => {
  await page.goto("/keys");
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole("heading", { name: "Create the admin account" })).toBeVisible();
  await screenshotBothSchemes(page, "setup");

  // The form checks with the API's own schema: short password, mismatched confirmation.
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password", { exact: true }).fill("too short");
  await page.getByLabel("Confirm password").fill("something else");
  await page.getByRole("button", { name: "Create admin account" }).click();
  await expect(page.getByText("Use at least 12 characters")).toBeVisible();
  await expect(page.getByText("Passwords do not match")).toBeVisible();
  await expect(page.getByLabel("Password", { exact: true })).toHaveAttribute("aria-invalid", "true");

  await page.getByLabel("Password", { exact: true }).fill(ADMIN.password);
  await page.getByLabel("Confirm password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Create admin account" }).click();

  await expect(page).toHaveURL(/\/keys$/);
  await expect(page.getByRole("heading", { name: "API Keys", level: 1 })).toBeVisible();
  await expect(page.getByText(ADMIN.email).first()).toBeVisible();
  await page.context().storageState({ path: STORAGE_STATE });

  // Closed for good: the page sends signed-in admins on, and the endpoint refuses a second admin.
  await page.goto("/setup");
  await expect(page).toHaveURL(/\/login|\/keys/);
  const again = await page.request.post("/api/setup", { data: { email: "second@keygate.test", password: "another long password", confirmPassword: "another long password" } });
  expect(again.status()).toBe(409);
  expect(((await again.json()) as { error: { code: string } }).error.code).toBe("setup_closed");
});
