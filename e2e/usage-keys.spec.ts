import OpenAI from "openai";
import { formatUsd } from "../components/usage/format";
import { adminRequest, createKey, listKeys } from "./support/admin-api";
import { BASE_URL } from "./support/config";
import { screenshotBothSchemes, VIEWPORTS } from "./support/screenshots";
import { expect, test } from "./support/test";
import { expectNoHorizontalScroll, fmt, nightly, seedUsage, support, SUPPORT, supportGpt4, type SeededUsage } from "./support/usage-fixture";
import { waitForUsage, ZERO } from "./support/usage-traffic";

// Issue 4: a key's own page (settings, usage, models, recent requests), cursor paging, and the
// retention settings.
test.describe.configure({ mode: "serial" });

let ids: SeededUsage["ids"];
let secrets: SeededUsage["secrets"];
let costs: SeededUsage["costs"];

test.beforeAll(async () => {
  ({ ids, secrets, costs } = await seedUsage());
});

test("a key's page shows its settings, usage, models and recent requests", async ({ page }) => {
  await page.goto("/keys");
  await page.getByRole("row", { name: SUPPORT, exact: true }).getByRole("link", { name: SUPPORT }).click();
  await expect(page).toHaveURL(new RegExp(`/keys/${ids.support}$`));
  await expect(page.getByRole("heading", { name: SUPPORT, level: 1 })).toBeVisible();
  const settings = page.getByRole("region", { name: "Key settings" });
  await expect(settings).toContainText("Customer-support chat widget");
  await expect(settings).toContainText(`${secrets.support.slice(0, 7)}…${secrets.support.slice(-4)}`);
  await expect(page.getByTestId("key-usage-count")).toHaveText(String(support.requests));
  // First use to the second (from the log), never before the key existed.
  const created = new Date(((await (await page.request.get(`/api/keys/${ids.support}`)).json()) as { createdAt: string }).createdAt);
  const firstUsed = new Date((await page.getByTestId("key-first-used").getAttribute("title")) ?? "");
  expect(firstUsed.getTime()).toBeGreaterThanOrEqual(created.getTime());
  await expect(page.getByTestId("key-last-used")).toContainText("just now");

  await expect(page.getByTestId("key-requests")).toHaveText(fmt(support.requests));
  await expect(page.getByTestId("key-tokens")).toHaveText(fmt(support.totalTokens));
  await expect(page.getByTestId("key-prompt-tokens")).toHaveText(fmt(support.promptTokens));
  await expect(page.getByTestId("key-completion-tokens")).toHaveText(fmt(support.completionTokens));
  await expect(page.getByTestId("key-errors")).toHaveText(fmt(support.errors));
  await expect(page.getByTestId("key-cost")).toHaveText(formatUsd(costs.support));
  await expect(page.getByRole("region", { name: "Key usage" }).getByRole("img", { name: "Cost per day" })).toBeVisible();
  const models = page.getByRole("table", { name: "Models used by this key" });
  await expect(models.getByRole("row", { name: "gpt-4", exact: true }).getByTestId("model-requests")).toHaveText(fmt(supportGpt4.requests));
  await expect(models.getByRole("row", { name: "gpt-4", exact: true }).getByTestId("model-tokens")).toHaveText(fmt(supportGpt4.totalTokens));

  const recent = page.getByRole("region", { name: "Recent requests" });
  await expect(recent.getByTestId("log-count")).toHaveText(String(support.requests));
  expect(await page.content()).not.toContain(secrets.support);
  await screenshotBothSchemes(page, "key-detail-desktop");

  // The status switch works here too, and the key is refused while off.
  const status = settings.getByRole("switch", { name: `${SUPPORT} enabled` });
  await status.click();
  await expect(status).not.toBeChecked();
  await expect(page.getByText("Disabled").first()).toBeVisible();
  await status.click();
  await expect(status).toBeChecked();

  await page.setViewportSize(VIEWPORTS.phone);
  await page.reload();
  await expect(page.getByTestId("key-requests")).toHaveText(fmt(support.requests));
  // Switching the key off and on again kept its description.
  await expect(settings).toContainText("Customer-support chat widget");
  await expectNoHorizontalScroll(page);
  await screenshotBothSchemes(page, "key-detail-phone");
});

test("a key that does not exist says so", async ({ page }) => {
  await page.goto("/keys/no-such-key");
  await expect(page.getByRole("alert").filter({ hasText: "This key does not exist" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Notifications" }).getByRole("alert")).toHaveCount(0);
  await page.getByRole("link", { name: "All keys" }).click();
  await expect(page).toHaveURL(/\/keys$/);
});

test("“Load more” pages through a key's requests by cursor, newest first", async ({ page }) => {
  const api = await adminRequest();
  for (const key of await listKeys(api)) if (key.name === "Model catalog sync") await api.delete(`/api/keys/${key.id}`);
  const pager = await createKey(api, "Model catalog sync");
  const client = new OpenAI({ apiKey: pager.key, baseURL: `${BASE_URL}/v1`, maxRetries: 0 });
  for (let i = 0; i < 27; i++) expect((await client.models.list()).data.length).toBeGreaterThan(0);
  await waitForUsage(api, `range=24h&keyId=${pager.id}`, { ...ZERO, requests: 27 });
  await api.dispose();

  // The key's page lists 20 at a time.
  await page.goto(`/keys/${pager.id}`);
  const recent = page.getByRole("region", { name: "Recent requests" });
  const rows = recent.getByRole("row", { name: /^Request / });
  await expect(rows).toHaveCount(20);
  await recent.getByRole("button", { name: "Load more" }).click();
  await expect(rows).toHaveCount(27);
  await expect(recent.getByRole("button", { name: "Load more" })).toBeHidden();
  const shown = await rows.evaluateAll((list) => list.map((row) => Number(row.getAttribute("aria-label")?.replace("Request ", ""))));
  expect(new Set(shown).size).toBe(27);
  expect(shown).toEqual([...shown].sort((a, b) => b - a));

  await page.goto(`/usage/logs?keyId=${pager.id}&endpoint=models`);
  await expect(page.getByTestId("log-count")).toHaveText("27");
  await page.getByRole("combobox", { name: "Endpoint" }).selectOption("chat/completions");
  await expect(page.getByText("No requests in this range")).toBeVisible();
});

test("retention settings are checked beside their fields, saved, and run on demand", async ({ page }) => {
  await page.goto("/settings");
  const card = page.getByRole("region", { name: "Data retention" });
  const logs = card.getByLabel("Keep request logs for");
  const totals = card.getByLabel("Keep usage totals for");
  const audit = card.getByLabel("Keep the audit log for");
  await expect(logs).toHaveValue("30");
  await expect(totals).toHaveValue("400");
  await expect(audit).toHaveValue("400");
  await expect(card.getByRole("button", { name: "Save retention" })).toBeDisabled();

  await logs.fill("0");
  await totals.fill("3");
  await card.getByRole("button", { name: "Save retention" }).click();
  await expect(card.getByText("Keep logs at least 1 day")).toBeVisible();
  await expect(card.getByText("Keep usage totals at least 7 days")).toBeVisible();
  await expect(logs).toHaveAttribute("aria-invalid", "true");

  await logs.fill("45");
  await totals.fill("500");
  await audit.fill("0");
  await card.getByRole("button", { name: "Save retention" }).click();
  await expect(card.getByText("Keep the audit log at least 1 day")).toBeVisible();
  await audit.fill("700");
  await card.getByRole("button", { name: "Save retention" }).click();
  await expect(page.getByRole("region", { name: "Notifications" }).getByText("Retention saved")).toBeVisible();
  await page.reload();
  await expect(logs).toHaveValue("45");
  await expect(totals).toHaveValue("500");
  await expect(audit).toHaveValue("700");

  // The API checks with the same schema and names the field.
  const refused = await page.request.patch("/api/settings", { data: { rollupRetentionDays: 3 } });
  expect(refused.status()).toBe(400);
  expect(((await refused.json()) as { error: { fields: Record<string, string> } }).error.fields).toEqual({ rollupRetentionDays: "Keep usage totals at least 7 days" });

  await card.getByRole("button", { name: "Delete expired data now" }).click();
  await expect(page.getByRole("region", { name: "Notifications" }).getByText("Old data deleted")).toBeVisible();
  // Nothing here is older than 45 days: today's requests are all still listed.
  await page.goto(`/usage/logs?keyId=${ids.nightly}`);
  await expect(page.getByTestId("log-count")).toHaveText(String(nightly.requests));
  expect((await page.request.patch("/api/settings", { data: { logRetentionDays: 30, rollupRetentionDays: 400, auditRetentionDays: 400 } })).status()).toBe(200);
});
