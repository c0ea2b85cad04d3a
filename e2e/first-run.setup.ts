import type { Page } from "@playwright/test";
import { STORAGE_STATE, UPSTREAM_URL } from "./support/config";
import { callChat, errorCode } from "./support/proxy";
import { screenshotBothSchemes, VIEWPORTS } from "./support/screenshots";
import { expect, expectToast, test as setup } from "./support/test";

// The first hour, right after /setup (admin.setup.ts) and before any other spec adds data: only the
// dashboard's checklist guides the admin from an empty server to a first proxied call.
setup.use({ storageState: STORAGE_STATE, permissions: ["clipboard-read", "clipboard-write"], viewport: VIEWPORTS.desktop });

const PROVIDER = "Checklist upstream";
const checklist = (page: Page) => page.getByRole("region", { name: "Get started" });
const step = (page: Page, n: number) => checklist(page).getByRole("listitem").nth(n - 1);

async function shoot(page: Page, name: string) {
  await screenshotBothSchemes(page, `${name}-desktop`);
  await page.setViewportSize(VIEWPORTS.phone);
  await screenshotBothSchemes(page, `${name}-phone`);
  await page.setViewportSize(VIEWPORTS.desktop);
}

setup("the checklist leads from an empty server to a first call, each step ticking itself", async ({ page }) => {
  await page.goto("/keys");
  await expect(checklist(page)).toContainText("1 of 4 done");
  await expect(step(page, 1)).toHaveAttribute("data-done", "true");
  for (const n of [2, 3, 4]) await expect(step(page, n)).toHaveAttribute("data-done", "false");
  await shoot(page, "checklist-start");

  // Step 2: the checklist's link, Test connection, and "Use these models".
  await step(page, 2).getByRole("link", { name: "Add a provider" }).click();
  await expect(page).toHaveURL(/\/providers$/);
  await page.getByRole("button", { name: "Add provider" }).first().click();
  const dialog = page.getByRole("dialog", { name: "Add provider" });
  await dialog.getByLabel("Name").fill(PROVIDER);
  await dialog.getByLabel("Base URL").fill(UPSTREAM_URL);
  await dialog.getByRole("button", { name: "Test connection" }).click();
  const result = dialog.getByRole("status").filter({ hasText: "Connected" });
  await expect(result).toContainText("6 models found");
  await result.getByRole("button", { name: "Use these models" }).click();
  await expect(dialog.getByRole("switch", { name: "Serve all models" })).not.toBeChecked();
  await expect(dialog.getByRole("textbox", { name: "Models" })).toHaveValue(/^gpt-4\ngpt-4o-mini\n/);
  await dialog.getByRole("button", { name: "Add provider" }).click();
  await expectToast(page, `Provider “${PROVIDER}” added`);
  const card = page.getByRole("region", { name: PROVIDER });
  await expect(card).toContainText("gpt-4o-mini");
  await expect(card).not.toContainText("All models");

  await page.goto("/keys");
  await expect(step(page, 2)).toHaveAttribute("data-done", "true");
  await expect(checklist(page)).toContainText("2 of 4 done");

  // Step 3: the checklist's own button opens New API Key.
  await step(page, 3).getByRole("button", { name: "New API Key" }).click();
  const create = page.getByRole("dialog", { name: "New API Key" });
  await create.getByLabel("Name").fill("My first app");
  await create.getByRole("button", { name: "Create" }).click();
  const ready = page.getByRole("dialog", { name: "“My first app” is ready" });
  const key = (await ready.getByTestId("new-key").textContent()) ?? "";
  expect(key).toMatch(/^sk-[A-Za-z0-9]{32}$/);
  await ready.getByRole("button", { name: "Done" }).click();
  await expect(step(page, 3)).toHaveAttribute("data-done", "true");

  // Step 4: the snippet carries this server's address, the provider's first model and, on request, the key.
  const snippet = step(page, 4).locator("pre");
  await expect(snippet).toContainText(`${new URL(page.url()).origin}/v1/chat/completions`);
  await expect(snippet).toContainText('"model": "gpt-4"');
  await expect(snippet).toContainText("sk-xxxxxx");
  await step(page, 4).getByRole("button", { name: "Fill in the key “My first app”" }).click();
  await expect(snippet).toContainText(`Authorization: Bearer ${key}`);
  await shoot(page, "checklist-last-step");

  // The call, as the user would paste it (the same request); the step ticks without a reload.
  const call = await callChat(key, "bearer");
  expect(call.status).toBe(200);
  await expect(page.getByRole("status").filter({ hasText: "You are set up" })).toBeVisible({ timeout: 15_000 });
  await expect(checklist(page)).toHaveCount(0);
  await shoot(page, "checklist-done");
  await page.getByRole("button", { name: "Hide", exact: true }).click();
  await expect(page.getByText("You are set up")).toHaveCount(0);

  // Once set up, a later visit shows no checklist at all.
  await page.reload();
  await expect(page.getByRole("heading", { name: "API Keys", level: 1 })).toBeVisible();
  await expect(checklist(page)).toHaveCount(0);

  // The other specs bring their own provider and keys.
  const keys = (await (await page.request.get("/api/keys?pageSize=100")).json()) as { items: { id: string }[] };
  for (const k of keys.items) await page.request.delete(`/api/keys/${k.id}`);
  const providers = (await (await page.request.get("/api/providers")).json()) as { items: { id: string; name: string }[] };
  for (const p of providers.items.filter((x) => x.name === PROVIDER)) await page.request.delete(`/api/providers/${p.id}`);
});

setup("with no provider, /v1 says one is needed", async ({ page }) => {
  await page.request.patch("/api/settings", { data: { authEnabled: false } });
  try {
    const { status, json } = await callChat(null, "none");
    expect(status).toBe(503);
    expect(errorCode(json)).toBe("no_providers");
    expect(JSON.stringify(json)).toContain("add one on the Providers page");
  } finally {
    await page.request.patch("/api/settings", { data: { authEnabled: true } });
  }
});
