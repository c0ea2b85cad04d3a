import type { APIRequestContext, Page } from "@playwright/test";
import { adminRequest } from "./support/admin-api";
import { screenshotBothSchemes, VIEWPORTS } from "./support/screenshots";
import { expect, expectToast, test } from "./support/test";

// Models & pricing: the admin's own prices over the shipped catalog, what a model id costs, and
// copying a catalog row into an override.
interface ModelPrice {
  id: string;
  pattern: string;
}
interface CatalogModel {
  id: string;
  provider: string;
  inputUsdPerMTok: number;
  outputUsdPerMTok: number;
}

async function deleteAllPrices(api: APIRequestContext): Promise<void> {
  const { items } = (await (await api.get("/api/prices")).json()) as { items: ModelPrice[] };
  for (const price of items) expect((await api.delete(`/api/prices/${price.id}`)).status()).toBe(204);
}

async function checkModel(page: Page, model: string) {
  const card = page.getByRole("region", { name: "Check a model" });
  await card.getByLabel("Model id").fill(model);
  await card.getByRole("button", { name: "Check price" }).click();
  return card.getByRole("status");
}

const usd = (value: number) => new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", minimumFractionDigits: 2, maximumFractionDigits: 6 }).format(value);

// The specs share one server: prices left behind would change every later spec's costs.
test.beforeEach(async () => {
  const api = await adminRequest();
  await deleteAllPrices(api);
  await api.dispose();
});
test.afterAll(async () => {
  const api = await adminRequest();
  await deleteAllPrices(api);
  await api.dispose();
});

test("add a price in the dialog, see it in the table and in Check a model, edit it, delete it", async ({ page }) => {
  await page.goto("/models");
  await expect(page.getByRole("heading", { name: "Models & pricing", level: 1 })).toBeVisible();
  await expect(page.getByRole("link", { name: "Models & pricing" }).first()).toHaveAttribute("aria-current", "page");
  const prices = page.getByRole("region", { name: "Your prices" });
  await expect(prices).toContainText("No prices of your own yet");

  // No price yet: the check says so, and offers to add one.
  const answer = await checkModel(page, "acme-e2e-model");
  await expect(answer).toContainText("No price for acme-e2e-model");

  await page.getByRole("button", { name: "Add price" }).first().click();
  const dialog = page.getByRole("dialog", { name: "Add price" });
  // The API's own schema, in the browser, beside each field.
  await dialog.getByRole("button", { name: "Add price" }).click();
  await expect(dialog.getByText(/Pattern is required/)).toBeVisible();
  await expect(dialog.getByText(/Input price is required/)).toBeVisible();
  await expect(dialog.getByText(/Output price is required/)).toBeVisible();
  await dialog.getByLabel("Model or pattern").fill("acme e2e");
  await dialog.getByLabel("Input price").fill("-1");
  await dialog.getByLabel("Output price").fill("ten");
  await dialog.getByRole("button", { name: "Add price" }).click();
  await expect(dialog.getByText(/cannot contain spaces/)).toBeVisible();
  await expect(dialog.getByText("Input price cannot be negative")).toBeVisible();
  await expect(dialog.getByText(/Output price must be a number/)).toBeVisible();
  await expect(dialog.getByLabel("Input price")).toHaveAttribute("aria-invalid", "true");

  await dialog.getByLabel("Model or pattern").fill("acme-e2e-*");
  await dialog.getByLabel("Input price").fill("2.5");
  await dialog.getByLabel("Output price").fill("$10");
  await dialog.getByRole("button", { name: "Add price" }).click();
  await expectToast(page, "Price for “acme-e2e-*” added");
  await expect(dialog).toBeHidden();
  const row = prices.getByRole("row", { name: "acme-e2e-*" });
  await expect(row).toContainText("$2.50");
  await expect(row).toContainText("$10.00");
  await expect(row).toContainText("Wildcard");

  // The earlier "no price" answer is refreshed by the change.
  await expect(answer).toContainText("Your price");
  await expect(answer).toContainText("$2.50");
  await expect(answer).toContainText("acme-e2e-*");

  // Only the server knows the pattern is taken: its 409 lands beside the field.
  await page.getByRole("button", { name: "Add price" }).first().click();
  await dialog.getByLabel("Model or pattern").fill("acme-e2e-*");
  await dialog.getByLabel("Input price").fill("1");
  await dialog.getByLabel("Output price").fill("1");
  await dialog.getByRole("button", { name: "Add price" }).click();
  await expect(dialog.getByText('A price for "acme-e2e-*" already exists')).toBeVisible();
  await expect(dialog.getByLabel("Model or pattern")).toHaveAttribute("aria-invalid", "true");
  await dialog.getByRole("button", { name: "Cancel" }).click();

  await row.getByRole("button", { name: "Edit acme-e2e-*" }).click();
  const edit = page.getByRole("dialog", { name: "Edit the price for “acme-e2e-*”" });
  await expect(edit.getByLabel("Input price")).toHaveValue("2.5");
  await edit.getByLabel("Output price").fill("");
  await edit.getByRole("button", { name: "Save changes" }).click();
  await expect(edit.getByText(/Output price is required/)).toBeVisible();
  await edit.getByLabel("Output price").fill("12.75");
  await edit.getByRole("button", { name: "Save changes" }).click();
  await expectToast(page, "Saved the price for “acme-e2e-*”");
  await expect(row).toContainText("$12.75");
  await expect(answer).toContainText("$12.75");

  await row.getByRole("button", { name: "Delete acme-e2e-*" }).click();
  await page.getByRole("dialog", { name: "Delete the price for “acme-e2e-*”?" }).getByRole("button", { name: "Delete price" }).click();
  await expectToast(page, "Price for “acme-e2e-*” deleted");
  await expect(prices).toContainText("No prices of your own yet");
  await expect(answer).toContainText("No price for acme-e2e-model");
});

test("copy a catalog row into a price of your own; it then wins over the catalog", async ({ page }) => {
  const listed = (await (await page.request.get("/api/prices/catalog?search=gpt-4o-mini&pageSize=100")).json()) as { items: CatalogModel[] };
  const openai = listed.items.find((m) => m.provider === "openai" && m.id === "gpt-4o-mini");
  expect(openai).toBeDefined();
  if (!openai) return;

  await page.goto("/models");
  const answer = await checkModel(page, "gpt-4o-mini");
  await expect(answer).toContainText("Shipped catalog");
  await expect(answer).toContainText(usd(openai.inputUsdPerMTok));

  const catalog = page.getByRole("region", { name: "Shipped catalog" });
  await catalog.getByLabel("Search the catalog").fill("GPT-4O-MINI");
  const row = catalog.getByRole("row", { name: "openai/gpt-4o-mini", exact: true });
  await expect(row).toContainText(usd(openai.outputUsdPerMTok));
  await expect(catalog.getByRole("navigation", { name: "Pagination" })).toContainText(`of ${listed.items.length}`);
  await row.getByRole("button", { name: "Copy openai/gpt-4o-mini to your prices" }).click();

  const dialog = page.getByRole("dialog", { name: "Add price" });
  await expect(dialog).toContainText("Copied from openai/gpt-4o-mini");
  await expect(dialog.getByLabel("Model or pattern")).toHaveValue("gpt-4o-mini");
  await expect(dialog.getByLabel("Input price")).toHaveValue(String(openai.inputUsdPerMTok));
  await expect(dialog.getByLabel("Output price")).toHaveValue(String(openai.outputUsdPerMTok));
  await dialog.getByLabel("Input price").fill("0.2");
  await dialog.getByRole("button", { name: "Add price" }).click();
  await expectToast(page, "Price for “gpt-4o-mini” added");

  await expect(answer).toContainText("Your price");
  await expect(answer).toContainText("$0.20");
  await expect(page.getByRole("region", { name: "Your prices" }).getByRole("row", { name: "gpt-4o-mini" })).toContainText("$0.20");

  await catalog.getByLabel("Search the catalog").fill("no-such-model-anywhere");
  await expect(catalog).toContainText("No model in the catalog matches “no-such-model-anywhere”");
});

const SCREENSHOT_PRICES = [
  { pattern: "gpt-4o-mini", inputUsdPerMTok: 0.15, outputUsdPerMTok: 0.6 },
  { pattern: "acme-llm-70b-instruct", inputUsdPerMTok: 0.9, outputUsdPerMTok: 0.9 },
  { pattern: "claude-*", inputUsdPerMTok: 3, outputUsdPerMTok: 15 },
  { pattern: "*", inputUsdPerMTok: 0.5, outputUsdPerMTok: 1.5 },
];

async function expectNoHorizontalScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, "page is wider than the viewport").toBeLessThanOrEqual(0);
}

for (const [viewport, size] of Object.entries(VIEWPORTS)) {
  test(`screenshots of the models page (${viewport})`, async ({ page }) => {
    await page.setViewportSize(size);
    await page.goto("/models");
    await expect(page.getByRole("region", { name: "Your prices" })).toContainText("No prices of your own yet");
    await expect(await checkModel(page, "acme-unknown")).toContainText("No price for acme-unknown");
    await expect(page.getByRole("region", { name: "Shipped catalog" }).getByRole("row").nth(3)).toBeVisible();
    await page.waitForLoadState("networkidle");
    await expectNoHorizontalScroll(page);
    await screenshotBothSchemes(page, `models-empty-${viewport}`);

    const api = await adminRequest();
    for (const data of SCREENSHOT_PRICES) expect((await api.post("/api/prices", { data })).status()).toBe(201);
    await api.dispose();
    await page.reload();
    await expect(page.getByRole("region", { name: "Your prices" }).getByRole("row", { name: "claude-*" })).toBeVisible();
    await expect(await checkModel(page, "claude-sonnet-4-5")).toContainText("claude-*");
    await expect(page.getByRole("region", { name: "Shipped catalog" }).getByRole("row").nth(3)).toBeVisible();
    await page.waitForLoadState("networkidle");
    await expectNoHorizontalScroll(page);
    await screenshotBothSchemes(page, `models-${viewport}`);

    await page.getByRole("button", { name: "Add price" }).first().click();
    const dialog = page.getByRole("dialog", { name: "Add price" });
    await dialog.getByLabel("Model or pattern").fill("my model");
    await dialog.getByLabel("Output price").fill("3");
    await dialog.getByRole("button", { name: "Add price" }).click();
    await expect(dialog.getByText(/cannot contain spaces/)).toBeVisible();
    await screenshotBothSchemes(page, `models-add-dialog-${viewport}`, { fullPage: false });
    await dialog.getByRole("button", { name: "Cancel" }).click();

    await page.getByRole("region", { name: "Your prices" }).getByRole("button", { name: "Delete *", exact: true }).click();
    await expect(page.getByRole("dialog", { name: "Delete the price for “*”?" })).toBeVisible();
    await screenshotBothSchemes(page, `models-delete-dialog-${viewport}`, { fullPage: false });
    await page.getByRole("button", { name: "Cancel" }).click();
  });
}
