import type { Page } from "@playwright/test";
import { ADMIN } from "./support/config";
import { expectNoHorizontalScroll } from "./support/usage-fixture";
import { screenshotBothSchemes, VIEWPORTS } from "./support/screenshots";
import { expect, expectToast, test } from "./support/test";

// Issue 9: what an admin does in the dashboard is found on the audit page, with who, when and what
// changed; the filters narrow it; the full key never appears there.
const NAME = "Audited in the browser";
const row = (page: Page, name: string) => page.getByRole("row", { name, exact: true });

test("changes made in the dashboard are on the audit page, with who and what changed, and the filters find them", async ({ page }) => {
  // Make the changes the way an admin does: create, edit limits, view, copy, disable.
  const created = await page.request.post("/api/keys", { data: { name: NAME } });
  expect(created.status()).toBe(201);
  const { id, key } = (await created.json()) as { id: string; key: string };
  expect((await page.request.patch(`/api/keys/${id}`, { data: { rpmLimit: 30, tags: ["team:audit"] } })).status()).toBe(200);

  await page.goto(`/keys?tag=team:audit`);
  const keyRow = row(page, NAME);
  // Copied from the list (fetched for the copy), then viewed (fetched again): two entries. A copy
  // while the key is shown fetches nothing more, so it adds nothing.
  await keyRow.getByRole("button", { name: `Copy key ${NAME}` }).click();
  await expectToast(page, `Key “${NAME}” copied to clipboard`);
  await keyRow.getByRole("button", { name: `Show full key for ${NAME}` }).click();
  await expect(keyRow).toContainText(key);
  await keyRow.getByRole("switch", { name: `${NAME} enabled` }).click();
  await expectToast(page, `“${NAME}” disabled`);

  await page.goto("/audit");
  await expect(page.getByRole("heading", { name: "Audit log", level: 1 })).toBeVisible();
  const table = page.getByRole("table", { name: "Audit entries" });
  // Newest first: disabled, revealed, copied, updated, created.
  const ours = table.getByRole("row", { name: new RegExp(`: ${NAME}$`) });
  await expect(ours).toHaveCount(5);
  await expect(ours.nth(0)).toContainText("Key disabled");
  await expect(ours.nth(0)).toContainText("enabled: true → false");
  await expect(ours.nth(0)).toContainText(ADMIN.email);
  await expect(ours.nth(1)).toContainText("Key revealed");
  await expect(ours.nth(2)).toContainText("Key copied");
  await expect(ours.nth(3)).toContainText("Key updated");
  await expect(ours.nth(3)).toContainText("rpmLimit: 30");
  await expect(ours.nth(3)).toContainText("tags: none → team:audit");
  await expect(ours.nth(4)).toContainText("Key created");
  // The page's session made them all (page.request shares its cookies): its user is the actor.
  await expect(table).not.toContainText(key);
  await expect(page.locator("body")).not.toContainText(key);
  await page.waitForLoadState("networkidle");
  await screenshotBothSchemes(page, "audit-desktop");

  // Filters live in the URL: an action, a target, an actor.
  await page.getByRole("combobox", { name: "Action" }).selectOption({ label: "Key copied" });
  await expect(page).toHaveURL(/action=key\.copied/);
  await expect(table.getByRole("row")).not.toHaveCount(0);
  for (const text of await table.locator("tbody tr").allTextContents()) expect(text).toContain("Key copied");
  await page.getByRole("combobox", { name: "Action" }).selectOption("");
  await page.getByRole("textbox", { name: "Target" }).fill("in the BROWSER");
  await expect(page).toHaveURL(/target=in\+the\+BROWSER|target=in%20the%20BROWSER/);
  await expect(page.getByTestId("audit-count")).toHaveText("5");
  await page.getByRole("textbox", { name: "Actor" }).fill("nobody-at-all@example.com");
  await expect(page.getByText("No entries match these filters")).toBeVisible();
  await page.getByRole("button", { name: "Clear filters" }).click();
  await expect(page.getByRole("textbox", { name: "Target" })).toHaveValue("");
  await expect(ours).toHaveCount(5);

  // The export is the same entries as CSV.
  await page.getByRole("textbox", { name: "Target" }).fill(id);
  await expect(page.getByTestId("audit-count")).toHaveText("5");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export CSV" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^keygate-audit-.*\.csv$/);

  await page.setViewportSize(VIEWPORTS.phone);
  await page.goto("/audit");
  await expect(ours.first()).toBeVisible();
  await page.waitForLoadState("networkidle");
  await expectNoHorizontalScroll(page);
  await screenshotBothSchemes(page, "audit-phone");
});

test("settings changed in the dashboard are recorded with their user", async ({ page }) => {
  try {
    await page.goto("/settings");
    const card = page.getByRole("region", { name: "Data retention" });
    await card.getByLabel("Keep the audit log for").fill("399");
    await card.getByRole("button", { name: "Save retention" }).click();
    await expectToast(page, "Retention saved");
    await page.goto("/audit?action=settings");
    const first = page.getByRole("table", { name: "Audit entries" }).locator("tbody tr").first();
    await expect(first).toContainText("Settings changed");
    await expect(first).toContainText("auditRetentionDays: 400 → 399");
    await expect(first).toContainText(ADMIN.email);
  } finally {
    expect((await page.request.patch("/api/settings", { data: { auditRetentionDays: 400 } })).status()).toBe(200);
  }
});
