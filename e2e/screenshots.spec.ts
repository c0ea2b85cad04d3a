import type { Page } from "@playwright/test";
import { adminRequest, createKey, deleteAllKeys, ensureMockProvider, setAuthEnabled } from "./support/admin-api";
import { callChat } from "./support/proxy";
import { screenshotBothSchemes, VIEWPORTS } from "./support/screenshots";
import { expect, test } from "./support/test";

// Every page, light and dark, desktop and phone, in test-results/screenshots/ for a human to review;
// the assertions check what a phone user depends on: nothing wider than the screen, a working menu.
test.describe.configure({ mode: "serial" });

async function expectNoHorizontalScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, "page is wider than the viewport").toBeLessThanOrEqual(0);
}

async function settle(page: Page, path: string, ready: string): Promise<void> {
  await page.goto(path);
  await expect(page.getByText(ready).first()).toBeVisible();
  await page.waitForLoadState("networkidle");
}

test.beforeAll(async () => {
  const api = await adminRequest();
  await deleteAllKeys(api);
  await ensureMockProvider(api);
  await setAuthEnabled(api, true);
  await api.dispose();
});

for (const [viewport, size] of Object.entries(VIEWPORTS)) {
  test(`empty keys page (${viewport})`, async ({ page }) => {
    await page.setViewportSize(size);
    await settle(page, "/keys", "No API keys yet");
    await expectNoHorizontalScroll(page);
    await screenshotBothSchemes(page, `keys-empty-${viewport}`);
  });
}

test("seed keys with some traffic", async () => {
  const api = await adminRequest();
  const production = await createKey(api, "Production", "Backend API servers in the eu-west cluster");
  await createKey(api, "Development", "Local development and staging");
  const ci = await createKey(api, "CI pipeline", "Integration tests on every pull request");
  await createKey(api, "Analytics batch jobs");
  await api.patch(`/api/keys/${ci.id}`, { data: { enabled: false } });
  await api.dispose();
  for (let i = 0; i < 3; i++) expect((await callChat(production.key, "bearer")).status).toBe(200);
});

for (const [viewport, size] of Object.entries(VIEWPORTS)) {
  test(`every page (${viewport})`, async ({ page }) => {
    await page.setViewportSize(size);
    await settle(page, "/keys", "Production");
    await expectNoHorizontalScroll(page);
    await screenshotBothSchemes(page, `keys-${viewport}`);

    await page.getByRole("button", { name: "New API Key" }).first().click();
    const dialog = page.getByRole("dialog", { name: "New API Key" });
    await dialog.getByLabel("Name").fill(`Mobile app (${viewport})`);
    await dialog.getByLabel("Description").fill("iOS and Android clients");
    await screenshotBothSchemes(page, `keys-new-dialog-${viewport}`, { fullPage: false });
    await dialog.getByRole("button", { name: "Create" }).click();
    await expect(page.getByTestId("new-key")).toBeVisible();
    await screenshotBothSchemes(page, `keys-created-dialog-${viewport}`, { fullPage: false });
    await page.getByRole("button", { name: "Done" }).click();

    await page.getByRole("row", { name: "Production", exact: true }).getByRole("button", { name: "Delete Production" }).click();
    await screenshotBothSchemes(page, `keys-delete-dialog-${viewport}`, { fullPage: false });
    await page.getByRole("button", { name: "Cancel" }).click();

    await settle(page, "/providers", "Mock upstream");
    await expectNoHorizontalScroll(page);
    await page.getByRole("button", { name: "Test connection to Mock upstream" }).click();
    await expect(page.getByText("models found")).toBeVisible();
    await screenshotBothSchemes(page, `providers-${viewport}`);
    await page.getByRole("button", { name: "Add provider" }).first().click();
    const add = page.getByRole("dialog", { name: "Add provider" });
    await add.getByLabel("Name").fill("OpenAI");
    await add.getByLabel("Base URL").fill("http://127.0.0.1:1/v1");
    await add.getByRole("button", { name: "Test connection" }).click();
    await expect(add.getByText("Connection failed")).toBeVisible();
    await screenshotBothSchemes(page, `providers-add-dialog-${viewport}`, { fullPage: false });
    await add.getByRole("button", { name: "Cancel" }).click();

    await settle(page, "/settings", "Proxy endpoint");
    await expect(page.getByText("Healthy")).toBeVisible();
    await expectNoHorizontalScroll(page);
    await screenshotBothSchemes(page, `settings-${viewport}`);

    await settle(page, "/usage", "Requests and tokens");
    await expectNoHorizontalScroll(page);
    await screenshotBothSchemes(page, `usage-${viewport}`);
  });
}

test("on a phone the navigation collapses into a menu", async ({ page }) => {
  await page.setViewportSize(VIEWPORTS.phone);
  await page.goto("/keys");
  const toggle = page.getByRole("button", { name: "Open navigation" });
  await expect(toggle).toHaveAttribute("aria-expanded", "false");
  await expect(page.getByRole("link", { name: "Providers" })).toBeHidden();
  await toggle.click();
  await screenshotBothSchemes(page, "nav-open-phone");
  await page.getByRole("link", { name: "Providers" }).click();
  await expect(page).toHaveURL(/\/providers$/);
  await expect(page.getByRole("link", { name: "Providers" })).toBeHidden();
});

test("with authentication off the keys page warns (screenshot)", async ({ page }) => {
  const api = await adminRequest();
  await setAuthEnabled(api, false);
  await settle(page, "/keys", "Production");
  await expect(page.getByText(/enable authentication before exposing/i)).toBeVisible();
  await screenshotBothSchemes(page, "keys-auth-off-desktop");
  await setAuthEnabled(api, true);
  await api.dispose();
});
