import type { Page } from "@playwright/test";
import { adminRequest, createKey, deleteAllKeys, ensureMockProvider, setAuthEnabled } from "./support/admin-api";
import { callChat, errorCode } from "./support/proxy";
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

  // Click to view the full key; the list's copy button copies the full key too.
  await production.getByRole("button", { name: "Show full key for Production" }).click();
  await expect(production.getByTestId("full-key")).toHaveText(productionKey);
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

test("with authentication off, a call without a key works and the warning shows", async ({ page }) => {
  await page.goto("/keys");
  await authSwitch(page).click();
  await expectToast(page, "Authentication disabled");
  await expect(authSwitch(page)).not.toBeChecked();
  await expect(page.getByRole("alert").filter({ hasText: WARNING })).toBeVisible();
  const open = await callChat(null, "none");
  expect(open.status).toBe(200);
  await page.reload();
  await expect(page.getByText(WARNING)).toBeVisible();
});

test.afterAll(async () => {
  const api = await adminRequest();
  await setAuthEnabled(api, true);
  await api.dispose();
});
