import type { Page } from "@playwright/test";
import { adminRequest, createKey, deleteAllKeys, ensureMockProvider, setAuthEnabled } from "./support/admin-api";
import { callChat, errorCode } from "./support/proxy";
import { screenshotBothSchemes, VIEWPORTS } from "./support/screenshots";
import { expect, expectToast, test } from "./support/test";

// Seed steps 2–6, in order, as an admin would walk them: one key, "Production", from birth to deletion.
test.describe.configure({ mode: "serial" });

const authSwitch = (page: Page) => page.getByRole("switch", { name: "Enable Authentication" });
const row = (page: Page, name: string) => page.getByRole("row", { name, exact: true });
const WARNING = /enable authentication before exposing the proxy to the network/i;
let productionKey = "";

test.beforeAll(async () => {
  const api = await adminRequest();
  await deleteAllKeys(api);
  await ensureMockProvider(api);
  await setAuthEnabled(api, false);
  await api.dispose();
});

test("turn authentication on, then create “Production” and copy its key", async ({ page }) => {
  await page.goto("/keys");
  await expect(authSwitch(page)).not.toBeChecked();
  await expect(page.getByText(WARNING)).toBeVisible();

  await authSwitch(page).click();
  await expectToast(page, "Authentication enabled");
  await expect(authSwitch(page)).toBeChecked();
  await expect(page.getByText(WARNING)).toBeHidden();
  await page.reload();
  await expect(authSwitch(page)).toBeChecked();
  // On, and no key yet: the page says so and offers to create one.
  await expect(page.getByText("Create your first API key")).toBeVisible();
  await expect(page.getByText("No API keys yet")).toBeVisible();

  await page.getByRole("button", { name: "New API Key" }).first().click();
  const dialog = page.getByRole("dialog", { name: "New API Key" });
  await dialog.getByRole("button", { name: "Create" }).click();
  await expect(dialog.getByText("Name is required")).toBeVisible();
  await dialog.getByLabel("Name").fill("Production");
  await dialog.getByLabel("Description").fill("Backend services in production");
  await dialog.getByRole("button", { name: "Create" }).click();

  const created = page.getByRole("dialog", { name: "“Production” is ready" });
  await expect(created.getByText(/store this key securely/i)).toBeVisible();
  await expect(created.getByText(/environment variable/i).first()).toBeVisible();
  productionKey = (await created.getByTestId("new-key").textContent()) ?? "";
  expect(productionKey).toMatch(/^sk-[A-Za-z0-9]{32}$/);
  // The key can be viewed again later, and the dialog says so rather than "now or never".
  await expect(created).toContainText("You can view or copy it again later");
  // The export line wraps inside the dialog instead of running out of sight.
  const exportLine = created.locator("pre").filter({ hasText: "export OPENAI_API_KEY" });
  await expect(exportLine).toContainText(`export OPENAI_API_KEY="${productionKey}"`);
  expect(await exportLine.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await exportLine.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  await page.setViewportSize({ width: 1280, height: 860 });

  await created.getByRole("button", { name: "Copy API key" }).click();
  await expectToast(page, "API key copied to clipboard");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(productionKey);
  await created.getByRole("button", { name: "Done" }).click();

  const production = row(page, "Production");
  await expect(production).toContainText("Backend services in production");
  await expect(production).toContainText(`${productionKey.slice(0, 7)}…${productionKey.slice(-4)}`);
  await expect(production).not.toContainText(productionKey);
  await expect(production.getByTestId("usage-count")).toHaveText("0");
  await expect(production.getByTestId("last-used")).toHaveText("Never");
  await expect(production.getByText("Unused")).toBeVisible();
  // The full key is in no list response and no page HTML, only where the admin asks for it.
  expect(await (await page.request.get("/api/keys")).text()).not.toContain(productionKey);
  await page.reload();
  expect(await page.content()).not.toContain(productionKey);

  // The client snippets stay on the page once a key exists.
  const snippets = page.getByRole("region", { name: "Using an API key" });
  await expect(snippets).toContainText("/v1/chat/completions");
  await expect(snippets).toContainText("Authorization: Bearer sk-xxxxxx");

  // Click to view the full key, in place: the table's columns do not move.
  const columns = () => page.getByRole("columnheader").evaluateAll((cells) => cells.map((c) => Math.round(c.getBoundingClientRect().left)));
  const before = await columns();
  await production.getByRole("button", { name: "Show full key for Production" }).click();
  await expect(production.getByTestId("full-key")).toHaveText(productionKey);
  expect(await columns()).toEqual(before);
  // The list's copy button copies the full key too.
  await page.evaluate(() => navigator.clipboard.writeText(""));
  await production.getByRole("button", { name: "Copy key Production" }).click();
  await expectToast(page, "Key “Production” copied to clipboard");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(productionKey);
});

test("calls with the key in each of the three ways are counted on the page", async ({ page }) => {
  expect((await callChat(null, "none")).status).toBe(401);
  for (const placement of ["bearer", "x-api-key", "query"] as const) {
    const { status, json } = await callChat(productionKey, placement);
    expect(status, `key sent as ${placement}`).toBe(200);
    expect(json).toMatchObject({ object: "chat.completion", choices: [{ message: { content: "Hello from the mock upstream." } }] });
  }

  await page.goto("/keys");
  const production = row(page, "Production");
  await expect(async () => {
    await page.getByRole("button", { name: "Refresh usage" }).click();
    await expect(production.getByTestId("usage-count")).toHaveText("3", { timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  await expect(production.getByTestId("last-used")).toHaveText("just now");
  await expect(production.getByText("Unused")).toBeHidden();
});

test("a key disabled in the page is refused, and works again once enabled", async ({ page }) => {
  await page.goto("/keys");
  const status = row(page, "Production").getByRole("switch", { name: "Production enabled" });
  await expect(status).toBeChecked();

  await status.click();
  await expectToast(page, "“Production” disabled");
  await expect(status).not.toBeChecked();
  const refused = await callChat(productionKey, "bearer");
  expect(refused.status).toBe(401);
  expect(errorCode(refused.json)).toBe("api_key_disabled");

  await status.click();
  await expectToast(page, "“Production” enabled");
  await expect(status).toBeChecked();
  expect((await callChat(productionKey, "bearer")).status).toBe(200);
});

test("a deleted key is refused and gone from the list", async ({ page }) => {
  // A second key keeps "no key exists yet" from answering instead of invalid_api_key.
  await createKey(page.request, "Development", "Local development");
  await page.goto("/keys");
  // Renaming sends the name alone: the description and the key stay as they are.
  await row(page, "Development").getByRole("button", { name: "Edit Development" }).click();
  const edit = page.getByRole("dialog", { name: "Edit API key" });
  await expect(edit.getByLabel("Description")).toHaveValue("Local development");
  await edit.getByLabel("Name").fill("Development (local)");
  const patch = page.waitForRequest((r) => r.method() === "PATCH");
  await edit.getByRole("button", { name: "Save changes" }).click();
  expect((await patch).postDataJSON()).toEqual({ name: "Development (local)" });
  await expectToast(page, "Saved “Development (local)”");
  await expect(row(page, "Development (local)")).toContainText("Local development");

  await row(page, "Production").getByRole("button", { name: "Delete Production" }).click();
  const confirm = page.getByRole("dialog", { name: "Delete “Production”?" });
  await expect(confirm).toContainText("permanent");
  await expect(confirm).toContainText("will lose access");
  await confirm.getByRole("button", { name: "Delete key" }).click();
  await expectToast(page, "API key “Production” deleted");

  await expect(row(page, "Production")).toHaveCount(0);
  await expect(row(page, "Development (local)")).toBeVisible();
  const refused = await callChat(productionKey, "x-api-key");
  expect(refused.status).toBe(401);
  expect(errorCode(refused.json)).toBe("invalid_api_key");
});

test("turning authentication off asks first, says what it opens, and a banner stays on every page", async ({ page }) => {
  await page.goto("/keys");
  const banner = page.getByRole("alert", { name: "Authentication is off" });
  await expect(banner).toHaveCount(0);

  // Asked first: keeping it on changes nothing.
  await authSwitch(page).click();
  const dialog = page.getByRole("dialog", { name: "Turn authentication off?" });
  await expect(dialog).toContainText("Anyone who can reach this server can use the whole proxy");
  await expect(dialog).toContainText("key limits");
  await screenshotBothSchemes(page, "auth-off-dialog", { fullPage: false });
  await page.setViewportSize(VIEWPORTS.phone);
  await screenshotBothSchemes(page, "auth-off-dialog-phone", { fullPage: false });
  await page.setViewportSize(VIEWPORTS.desktop);
  await dialog.getByRole("button", { name: "Keep it on" }).click();
  await expect(dialog).toHaveCount(0);
  await expect(authSwitch(page)).toBeChecked();
  expect((await callChat(null, "none")).status).toBe(401);

  await authSwitch(page).click();
  await dialog.getByRole("button", { name: "Turn off authentication" }).click();
  await expectToast(page, "Authentication disabled");
  await expect(authSwitch(page)).not.toBeChecked();
  await expect(page.getByRole("alert").filter({ hasText: WARNING })).toBeVisible();
  const open = await callChat(null, "none");
  expect(open.status).toBe(200);
  await page.reload();
  await expect(page.getByText(WARNING)).toBeVisible();

  // The banner follows the admin through the dashboard.
  for (const path of ["/keys", "/usage", "/providers", "/settings"]) {
    await page.goto(path);
    await expect(banner, path).toContainText("Authentication is off.");
  }
  await page.goto("/usage");
  await screenshotBothSchemes(page, "auth-off-banner", { fullPage: false });
  await page.setViewportSize(VIEWPORTS.phone);
  await screenshotBothSchemes(page, "auth-off-banner-phone", { fullPage: false });
  await page.setViewportSize(VIEWPORTS.desktop);

  // One click from any page turns it back on.
  await banner.getByRole("button", { name: "Turn authentication on" }).click();
  await expectToast(page, "Authentication enabled");
  await expect(banner).toHaveCount(0);
  expect((await callChat(null, "none")).status).toBe(401);
  await page.reload();
  await expect(banner).toHaveCount(0);
});

test.afterAll(async () => {
  const api = await adminRequest();
  await setAuthEnabled(api, true);
  await api.dispose();
});
