import { adminRequest, createKey, ensureMockProvider } from "./support/admin-api";
import { expect, test } from "./support/test";

// Rough edges a new user found: each one as they would notice it.
let keyId = "";

test.beforeAll(async () => {
  const api = await adminRequest();
  await ensureMockProvider(api);
  keyId = (await createKey(api, "Details")).id;
  await api.dispose();
});

test.afterAll(async () => {
  const api = await adminRequest();
  await api.delete(`/api/keys/${keyId}`);
  await api.dispose();
});

test("the request log page is headed Request log", async ({ page }) => {
  await page.goto("/usage/logs");
  await expect(page.getByRole("heading", { name: "Request log", level: 1 })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Usage", level: 1 })).toHaveCount(0);
});

test("a key page offers the Usage page's day ranges, and links there for the others", async ({ page }) => {
  await page.goto("/usage");
  const usageRanges = await page.getByRole("radiogroup", { name: "Time range" }).getByRole("radio").allTextContents();
  await page.goto(`/keys/${keyId}`);
  const keyRanges = await page.getByRole("radiogroup", { name: "Usage period" }).getByRole("radio").allTextContents();
  expect(keyRanges).toEqual(["7d", "30d"]);
  for (const range of keyRanges) expect(usageRanges).toContain(range);
  await page.getByRole("link", { name: "Usage page" }).click();
  await expect(page).toHaveURL(new RegExp(`/usage\\?range=24h&keyId=${keyId}$`));
  await expect(page.getByRole("radio", { name: "Last 24 hours" })).toHaveAttribute("aria-checked", "true");
});
