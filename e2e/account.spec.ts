import type { Browser, Page } from "@playwright/test";
import { ADMIN, STORAGE_STATE } from "./support/config";
import { screenshotBothSchemes, VIEWPORTS } from "./support/screenshots";
import { expect, expectToast, test } from "./support/test";

// Settings → Account: the admin changes their own email and password, each confirmed with the
// current password; a new password ends every other session. Everything is put back at the end, and
// the saved session (which the password change ended) is saved again for the specs after this one.
test.describe.configure({ mode: "serial" });

const NEW_PASSWORD = "a brand new password for keygate";
const NEW_EMAIL = "owner@keygate.test";

async function signInElsewhere(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/keys$/);
  return page;
}

async function changePassword(page: Page, current: string, next: string) {
  const card = page.getByRole("region", { name: "Password", exact: true });
  await card.getByLabel("Current password").fill(current);
  await card.getByLabel("New password", { exact: true }).fill(next);
  await card.getByLabel("Confirm new password").fill(next);
  await card.getByRole("button", { name: "Change password" }).click();
}

test("change the password: the current one is required, and other sessions end", async ({ page, browser }) => {
  const elsewhere = await signInElsewhere(browser);
  await page.goto("/settings");
  await page.getByRole("link", { name: "Change email or password" }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole("heading", { name: "Account", level: 1 })).toBeVisible();
  await expect(page.getByText(`Signed in as ${ADMIN.email}`).first()).toBeVisible();
  await screenshotBothSchemes(page, "account-desktop");
  await page.setViewportSize(VIEWPORTS.phone);
  await screenshotBothSchemes(page, "account-phone");
  await page.setViewportSize(VIEWPORTS.desktop);

  const card = page.getByRole("region", { name: "Password", exact: true });
  // Checked in the browser with the API's schema, then on the server.
  await changePassword(page, ADMIN.password, "short");
  await expect(card.getByText("Use at least 12 characters")).toBeVisible();
  await changePassword(page, "not my password at all", NEW_PASSWORD);
  await expect(card.getByText("The current password is incorrect")).toBeVisible();
  expect((await elsewhere.request.get("/api/keys")).status()).toBe(200);

  let changed = false;
  try {
    await changePassword(page, ADMIN.password, NEW_PASSWORD);
    await expectToast(page, "Password changed");
    changed = true;
    // This session goes on; the other browser's has ended (its page sends it to sign in).
    expect((await page.request.get("/api/keys")).status()).toBe(200);
    expect((await elsewhere.request.get("/api/keys")).status()).toBe(401);
    await elsewhere.goto("/settings");
    await expect(elsewhere).toHaveURL(/\/login/);
    // The old password no longer signs in; the new one does.
    await elsewhere.getByLabel("Email").fill(ADMIN.email);
    await elsewhere.getByLabel("Password").fill(ADMIN.password);
    await elsewhere.getByRole("button", { name: "Sign in" }).click();
    await expect(elsewhere.getByRole("alert").filter({ hasText: "Email or password is incorrect." })).toBeVisible();
    await elsewhere.getByLabel("Password").fill(NEW_PASSWORD);
    await elsewhere.getByRole("button", { name: "Sign in" }).click();
    await expect(elsewhere).toHaveURL(/\/keys$/);
  } finally {
    if (changed) {
      await page.reload();
      await changePassword(page, NEW_PASSWORD, ADMIN.password);
      await expectToast(page, "Password changed");
    }
    // The saved session was one of the "other sessions": save this one for the next specs.
    await page.context().storageState({ path: STORAGE_STATE });
    await elsewhere.context().close();
  }
});

test("change the email: it signs in from then on", async ({ page }) => {
  await page.goto("/account");
  const card = page.getByRole("region", { name: "Email", exact: true });
  await card.getByLabel("Email", { exact: true }).fill(NEW_EMAIL);
  await card.getByRole("button", { name: "Change email" }).click();
  await expect(card.getByText("Enter your current password")).toBeVisible();
  await card.getByLabel("Current password").fill("wrong password here");
  await card.getByRole("button", { name: "Change email" }).click();
  await expect(card.getByText("The current password is incorrect")).toBeVisible();

  try {
    await card.getByLabel("Current password").fill(ADMIN.password);
    await card.getByRole("button", { name: "Change email" }).click();
    await expectToast(page, "Email changed");
    await expect(page.getByText(`Signed in as ${NEW_EMAIL}`).first()).toBeVisible();
    // The session goes on under the new address.
    expect((await page.request.get("/api/keys")).status()).toBe(200);
  } finally {
    const back = await page.request.post("/api/account/email", { data: { email: ADMIN.email, currentPassword: ADMIN.password } });
    expect(back.status()).toBe(200);
  }
  await page.reload();
  await expect(page.getByText(`Signed in as ${ADMIN.email}`).first()).toBeVisible();
});
