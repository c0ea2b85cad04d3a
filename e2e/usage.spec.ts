import { readFile } from "node:fs/promises";
import type { Page } from "@playwright/test";
import { formatUsd } from "../components/usage/format";
import { loadCatalog } from "../lib/prices/catalog";
import { roundUsd } from "../lib/usage/usd";
import { adminRequest } from "./support/admin-api";
import { screenshotBothSchemes, VIEWPORTS } from "./support/screenshots";
import { expect, test } from "./support/test";
import { expectNoHorizontalScroll, fmt, miniCalls, nightly, NIGHTLY, seedUsage, support, SUPPORT, supportGpt4, type SeededUsage } from "./support/usage-fixture";
import { add, type Expected } from "./support/usage-traffic";

// Issue 4: after a known mix of requests through the proxy, the usage page shows exactly those
// numbers and filters them; the request log lists, filters and opens them; the exports download them.
// Issue 7: their cost (at the shipped catalog's prices) everywhere they are shown.
test.describe.configure({ mode: "serial" });

let ids: SeededUsage["ids"];
let secrets: SeededUsage["secrets"];
let before: SeededUsage["before"];
let costs: SeededUsage["costs"];

const keySelect = (page: Page) => page.getByRole("combobox", { name: "Key", exact: true });
const modelSelect = (page: Page) => page.getByRole("combobox", { name: "Model", exact: true });

async function expectTotals(page: Page, e: Expected, costUsd: number): Promise<void> {
  await expect(page.getByTestId("total-requests")).toHaveText(fmt(e.requests));
  await expect(page.getByTestId("total-cost")).toHaveText(formatUsd(costUsd));
  await expect(page.getByTestId("total-tokens")).toHaveText(fmt(e.totalTokens));
  await expect(page.getByTestId("prompt-tokens")).toHaveText(fmt(e.promptTokens));
  await expect(page.getByTestId("completion-tokens")).toHaveText(fmt(e.completionTokens));
  await expect(page.getByTestId("total-errors")).toHaveText(fmt(e.errors));
}

test.beforeAll(async () => {
  ({ ids, secrets, before, costs } = await seedUsage());
});

test("the usage page shows exactly the requests and tokens sent, and filters change them", async ({ page }) => {
  await page.goto("/usage");
  await expect(page.getByRole("radio", { name: "Last 24 hours" })).toBeChecked();
  const allCost = roundUsd(before.allCost + costs.support + costs.nightly);
  await expectTotals(page, add(before.all, add(support, nightly)), allCost);

  await keySelect(page).selectOption({ label: SUPPORT });
  await expect(page).toHaveURL(new RegExp(`keyId=${ids.support}`));
  await expectTotals(page, support, costs.support);
  await expect(page.getByTestId("error-rate")).toHaveText("16.7%");

  await modelSelect(page).selectOption("gpt-4");
  await expectTotals(page, supportGpt4, costs.supportGpt4);

  // The filters live in the URL: a reload (or a shared link) shows the same view.
  await page.reload();
  await expect(keySelect(page)).toHaveValue(ids.support);
  await expect(modelSelect(page)).toHaveValue("gpt-4");
  await expectTotals(page, supportGpt4, costs.supportGpt4);

  await keySelect(page).selectOption("");
  await modelSelect(page).selectOption("gpt-4o-mini");
  await expectTotals(page, add(before.mini, miniCalls), roundUsd(before.miniCost + costs.mini));
  await page.getByRole("button", { name: "Clear filters" }).click();
  await expectTotals(page, add(before.all, add(support, nightly)), allCost);

  // Ranked keys: ours with their exact counts and cost; stacking by model names the models.
  const ranked = page.getByRole("table", { name: "Keys ranked" });
  await expect(ranked.getByRole("row", { name: NIGHTLY }).getByTestId("rank-requests")).toHaveText(fmt(nightly.requests));
  await expect(ranked.getByRole("row", { name: NIGHTLY }).getByTestId("rank-tokens")).toHaveText(fmt(nightly.totalTokens));
  await expect(ranked.getByRole("row", { name: NIGHTLY }).getByTestId("rank-cost")).toHaveText(formatUsd(costs.nightly));
  // Ranked by cost, the most expensive key comes first.
  await page.getByRole("radiogroup", { name: "Rank keys by" }).getByRole("radio", { name: "Cost" }).click();
  const ranking = async () => (await ranked.getByTestId("rank-cost").allTextContents()).map((t) => Number(t.replace(/[$,]/g, "")));
  await expect.poll(async () => (await ranking()).every((v, i, all) => i === 0 || (all[i - 1] ?? 0) >= v)).toBe(true);
  expect((await ranking())[0]).toBeGreaterThanOrEqual(Math.max(costs.support, costs.nightly) * 0.99);
  // The cost chart follows the same grouping as the traffic charts.
  const cost = page.getByRole("region", { name: "Cost over time" });
  await expect(cost.getByRole("img", { name: "Cost per hour by key" })).toBeVisible();
  await expect(cost.getByRole("list", { name: "Legend" })).toContainText(NIGHTLY);
  await page.getByRole("radio", { name: "By model" }).click();
  await expect(page).toHaveURL(/groupBy=model/);
  await expect(page.getByRole("region", { name: "Requests and tokens over time" }).getByRole("list", { name: "Legend" })).toContainText("gpt-4o-mini");
  await expect(cost.getByRole("img", { name: "Cost per hour by model" })).toBeVisible();
  await expect(cost.getByRole("list", { name: "Legend" })).toContainText("gpt-4o-mini");
  // A model without a price costs nothing in the ranking.
  await expect(page.getByRole("table", { name: "Models ranked" }).getByRole("row", { name: "mock-error" }).getByTestId("rank-cost")).toHaveText("$0.00");
  await expect(page.getByRole("table", { name: "Models ranked" }).getByRole("row", { name: "mock-error" }).getByTestId("rank-errors")).toHaveText(/^\d+$/);
});

test("a range with no requests says so, and a custom range is checked before it applies", async ({ page }) => {
  await page.goto("/usage?model=no-such-model");
  await expect(page.getByText("No requests in this range")).toBeVisible();
  await expect(page.getByTestId("total-requests")).toHaveText("0");
  await screenshotBothSchemes(page, "usage-empty-desktop");

  await page.goto("/usage");
  await page.getByRole("button", { name: "Custom range" }).click();
  const dialog = page.getByRole("dialog", { name: "Custom range" });
  await dialog.getByLabel("From").fill("2026-11-20T10:00");
  await dialog.getByLabel("To").fill("2026-11-10T10:00");
  await dialog.getByRole("button", { name: "Apply range" }).click();
  await expect(dialog.getByText("from must be before to")).toBeVisible();
  await expect(dialog.getByLabel("To")).toHaveAttribute("aria-invalid", "true");

  const now = new Date();
  const local = (d: Date) => new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
  await dialog.getByLabel("From").fill(local(new Date(now.getTime() - 2 * 3_600_000)));
  await dialog.getByLabel("To").fill(local(new Date(now.getTime() + 3_600_000)));
  await dialog.getByRole("button", { name: "Apply range" }).click();
  await expect(dialog).toBeHidden();
  await expect(page).toHaveURL(/range=custom&from=.*&to=/);
  await expect(page.getByRole("button", { name: "Custom range" })).toHaveAttribute("aria-pressed", "true");
  await keySelect(page).selectOption({ label: NIGHTLY });
  await expectTotals(page, nightly, costs.nightly);
});

test("the request log lists a key's requests newest first, filters them, and opens one", async ({ page }) => {
  await page.goto(`/usage/logs?keyId=${ids.nightly}`);
  const log = page.getByRole("table", { name: "Requests" });
  await expect(page.getByTestId("log-count")).toHaveText(String(nightly.requests));
  await expect(log.getByRole("row", { name: /^Request / })).toHaveCount(nightly.requests);
  // Newest first: the last call made (a failure) heads the list.
  await expect(log.getByRole("row", { name: /^Request / }).first()).toContainText("mock-error");

  // Each request's cost; failures have none.
  await expect(log.getByTestId("log-cost")).toHaveCount(3);
  await expect(log.getByRole("row", { name: /^Request / }).first().getByRole("cell", { name: "—" })).toHaveCount(2);

  await page.getByRole("combobox", { name: "Status" }).selectOption("5xx");
  await expect(log.getByRole("row", { name: /^Request / })).toHaveCount(2);
  await log.getByRole("button", { name: /^View request/ }).first().click();
  let detail = page.getByRole("dialog", { name: "Request details" });
  await expect(detail).toContainText(NIGHTLY);
  await expect(detail).toContainText("500");
  await expect(detail).toContainText("mock_failure");
  // The upstream's own words, kept for debugging.
  await expect(detail.getByTestId("log-error-message")).toHaveText("The mock upstream failed");
  await expect(detail.getByText("No tokens were counted.")).toBeVisible();
  await expect(page).toHaveURL(/request=\d+/);
  await detail.getByRole("button", { name: "Close" }).click();
  await expect(detail).toBeHidden();

  await page.getByRole("combobox", { name: "Status" }).selectOption("");
  await page.getByRole("combobox", { name: "Streaming" }).selectOption("true");
  await expect(log.getByRole("row", { name: /^Request / })).toHaveCount(1);
  await log.getByRole("button", { name: /^View request/ }).click();
  detail = page.getByRole("dialog", { name: "Request details" });
  const fields = detail.getByRole("definition");
  await expect(detail.getByText("Streamed")).toBeVisible();
  await expect(fields.filter({ hasText: "Yes" })).toHaveCount(1);
  await expect(detail).toContainText("chat/completions");
  await expect(detail).toContainText("Mock upstream");
  // Everything recorded, never the key and never the prompt.
  await expect(detail).not.toContainText(secrets.nightly);
  await expect(detail).not.toContainText("word0");
  const prompt = detail.locator("div", { has: page.getByText("Prompt tokens", { exact: true }) }).last();
  await expect(prompt).toContainText("2");
  // The streamed gpt-4 call: 2 prompt words and 6 completion tokens at the catalog's price, to the nano-dollar.
  const gpt4 = (await loadCatalog()).get("gpt-4");
  expect(gpt4).toBeDefined();
  const cost = (2 * (gpt4?.inputUsdPerMTok ?? 0)) / 1e6 + (6 * (gpt4?.outputUsdPerMTok ?? 0)) / 1e6;
  await expect(detail.getByTestId("detail-cost")).toHaveText(formatUsd(cost, { exact: true }));
  await screenshotBothSchemes(page, "usage-log-detail-desktop", { fullPage: false });

  // A link to a request opens it on its own.
  await page.reload();
  await expect(page.getByRole("dialog", { name: "Request details" })).toContainText("gpt-4");
});

test("CSV exports download the filtered log and the totals", async ({ page }) => {
  await page.goto(`/usage/logs?keyId=${ids.support}`);
  await expect(page.getByTestId("log-count")).toHaveText(String(support.requests));
  const [logDownload] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export log" }).click()]);
  expect(logDownload.suggestedFilename()).toMatch(/^keygate-requests-.*\.csv$/);
  const logCsv = await readFile(await logDownload.path(), "utf8");
  const [header, ...rows] = logCsv.trim().split("\r\n");
  expect(header).toBe("id,createdAt,apiKeyId,apiKeyName,secret,endpoint,model,providerName,status,errorCode,stream,latencyMs,ttfbMs,promptTokens,completionTokens,totalTokens,costUsd");
  expect(rows).toHaveLength(support.requests);
  // Then which of the key's secrets each request sent (its only one: current).
  for (const row of rows) expect(row).toContain(`,${ids.support},${SUPPORT},current,chat/completions,`);
  expect(rows.filter((r) => r.includes(",mock-error,"))).toHaveLength(1);
  expect(rows.filter((r) => r.includes(",true,"))).toHaveLength(2);
  // The last column is each request's cost (empty for the failure); it adds up to the key's cost.
  const logCosts = rows.map((r) => r.split(",").at(-1) ?? "");
  expect(logCosts.filter((c) => c === "")).toHaveLength(1);
  expect(roundUsd(logCosts.reduce((n, c) => n + Number(c), 0))).toBeCloseTo(costs.support, 8);
  expect(logCsv).not.toContain(secrets.support);

  await page.goto(`/usage?keyId=${ids.support}`);
  await expectTotals(page, support, costs.support);
  const [totalsDownload] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export totals" }).click()]);
  const totalsCsv = (await readFile(await totalsDownload.path(), "utf8")).trim().split("\r\n");
  expect(totalsCsv[0]).toBe("periodStart,apiKeyId,apiKeyName,model,requests,errors,promptTokens,completionTokens,totalTokens,avgLatencyMs,costUsd");
  const cells = totalsCsv.slice(1).map((line) => line.split(","));
  expect(new Set(cells.map((c) => c[1]))).toEqual(new Set([ids.support]));
  const sum = (i: number) => cells.reduce((total, c) => total + Number(c[i]), 0);
  expect([sum(4), sum(5), sum(6), sum(7), sum(8)]).toEqual([support.requests, support.errors, support.promptTokens, support.completionTokens, support.totalTokens]);
  expect(roundUsd(sum(10))).toBeCloseTo(costs.support, 8);
});

// Issue 9: "tokens per team this month is one click": the charts stack by tag, a tag ranks and filters.
test("usage by tag: the charts stack by tag, tags are ranked, and a tag filters the page and the log", async ({ page }) => {
  const api = await adminRequest();
  for (const [id, tags] of [[ids.support, ["team:support", "env:prod"]], [ids.nightly, ["team:batch"]]] as const) {
    expect((await api.patch(`/api/keys/${id}`, { data: { tags } })).status()).toBe(200);
  }
  await api.dispose();

  await page.goto("/usage");
  await page.getByRole("radio", { name: "By tag" }).click();
  await expect(page).toHaveURL(/groupBy=tag/);
  const traffic = page.getByRole("region", { name: "Requests and tokens over time" });
  await expect(traffic).toContainText("stacked by tag");
  await expect(traffic.getByRole("list", { name: "Legend" })).toContainText("team:support");
  const tags = page.getByRole("table", { name: "Tags ranked" });
  await expect(tags.getByRole("row", { name: "team:support" }).getByTestId("rank-requests")).toHaveText(fmt(support.requests));
  // A key counts under each of its tags.
  await expect(tags.getByRole("row", { name: "env:prod" }).getByTestId("rank-tokens")).toHaveText(fmt(support.totalTokens));
  await expect(tags.getByRole("row", { name: "team:batch" }).getByTestId("rank-cost")).toHaveText(formatUsd(costs.nightly));

  await tags.getByRole("button", { name: "Filter by team:batch" }).click();
  await expect(page).toHaveURL(/tag=team%3Abatch/);
  await expect(page.getByRole("combobox", { name: "Tag", exact: true })).toHaveValue("team:batch");
  await expectTotals(page, nightly, costs.nightly);
  await page.getByRole("combobox", { name: "Tag", exact: true }).selectOption("team:support");
  await expectTotals(page, support, costs.support);
  await screenshotBothSchemes(page, "usage-by-tag-desktop");

  // The filter goes along to the request log.
  await page.getByRole("navigation", { name: "Usage views" }).getByRole("link", { name: "Request log" }).click();
  await expect(page).toHaveURL(/\/usage\/logs\?.*tag=team%3Asupport/);
  await expect(page.getByTestId("log-count")).toHaveText(String(support.requests));
  await page.setViewportSize(VIEWPORTS.phone);
  await expectNoHorizontalScroll(page);
  await screenshotBothSchemes(page, "usage-log-by-tag-phone");
});

for (const [viewport, size] of Object.entries(VIEWPORTS)) {
  test(`usage pages look right (${viewport})`, async ({ page }) => {
    await page.setViewportSize(size);
    await page.goto("/usage");
    await expect(page.getByRole("table", { name: "Keys ranked" })).toBeVisible();
    await page.waitForLoadState("networkidle");
    await expectNoHorizontalScroll(page);
    await screenshotBothSchemes(page, `usage-overview-${viewport}`);
    // Seven days: one bar per UTC day; the request count is the same as for the last 24 hours.
    const requests = await page.getByTestId("total-requests").textContent();
    await page.getByRole("radio", { name: "Last 7 days" }).click();
    await expect(page).toHaveURL(/range=7d/);
    await expect(page.getByRole("region", { name: "Requests and tokens over time" })).toContainText("Per day (UTC)");
    await expect(page.getByTestId("total-requests")).toHaveText(requests ?? "");
    await page.getByRole("radio", { name: "By model" }).click();
    await expect(page.getByRole("region", { name: "Requests and tokens over time" })).toContainText("stacked by model");
    await page.waitForLoadState("networkidle");
    await expectNoHorizontalScroll(page);
    await screenshotBothSchemes(page, `usage-overview-7d-by-model-${viewport}`);

    await page.goto(`/usage/logs`);
    await expect(page.getByRole("table", { name: "Requests" }).getByRole("row", { name: /^Request / }).first()).toBeVisible();
    await page.waitForLoadState("networkidle");
    await expectNoHorizontalScroll(page);
    await screenshotBothSchemes(page, `usage-log-${viewport}`);
    await page.getByRole("button", { name: /^View request/ }).first().click();
    await expect(page.getByRole("dialog", { name: "Request details" })).toBeVisible();
    await screenshotBothSchemes(page, `usage-log-detail-${viewport}`, { fullPage: false });
  });
}
