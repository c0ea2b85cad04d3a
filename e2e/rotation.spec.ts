import type { APIRequestContext, Page } from "@playwright/test";
import { adminRequest, ensureMockProvider } from "./support/admin-api";
import { callChat, errorCode } from "./support/proxy";
import { screenshotBothSchemes, VIEWPORTS } from "./support/screenshots";
import { expect, expectToast, test } from "./support/test";

// Issue 9, rotation: rotate a key with a 1 hour grace period in the dialog, see the new secret once,
// follow both secrets' state on the key page, and end the grace period there.
test.describe.configure({ mode: "serial" });

interface KeyJson {
  id: string;
  key: string;
  name: string;
  display: string;
  previousSecret: { display: string; expiresAt: string } | null;
}

let api: APIRequestContext;

test.beforeAll(async () => {
  api = await adminRequest();
  await ensureMockProvider(api);
});

test.afterAll(async () => {
  await api.patch("/api/settings", { data: { rotationReminderDays: 90 } });
  await api.dispose();
});

async function createKey(name: string): Promise<KeyJson> {
  const response = await api.post("/api/keys", { data: { name, description: "Checkout backend, production" } });
  expect(response.status()).toBe(201);
  return (await response.json()) as KeyJson;
}

const status = async (key: string) => {
  const { status, json } = await callChat(key, "bearer");
  return status === 200 ? "ok" : errorCode(json);
};

const previousRow = (page: Page) => page.getByTestId("previous-secret");

test("rotate with a 1 hour grace period, see the new secret once, then end the grace period on the key page", async ({ page }) => {
  const old = await createKey("Checkout service");
  expect(await status(old.key)).toBe("ok");

  await page.goto(`/keys/${old.id}`);
  await expect(page.getByRole("heading", { name: "Checkout service" })).toBeVisible();
  await expect(previousRow(page)).toHaveCount(0);
  await page.getByRole("button", { name: "Rotate", exact: true }).click();

  const dialog = page.getByRole("dialog", { name: "Rotate “Checkout service”" });
  await expect(dialog).toBeVisible();
  await dialog.getByText("1 hour", { exact: true }).click();
  await expect(dialog.getByRole("radio", { name: "1 hour" })).toBeChecked();
  await expect(dialog.getByText("Both secrets work for an hour")).toBeVisible();
  await screenshotBothSchemes(page, "rotation-dialog-desktop", { fullPage: false });

  const rotate = page.waitForResponse((r) => r.request().method() === "POST" && r.url().endsWith(`/api/keys/${old.id}/rotate`));
  await dialog.getByRole("button", { name: "Rotate", exact: true }).click();
  const sent = (await rotate).request().postDataJSON() as { gracePeriodSeconds: number };
  expect(sent).toEqual({ gracePeriodSeconds: 3600 });

  const done = page.getByRole("dialog", { name: "“Checkout service” has a new secret" });
  await expect(done).toBeVisible();
  const secret = (await done.getByTestId("new-key").textContent())?.trim() ?? "";
  expect(secret).toMatch(/^sk-/);
  expect(secret).not.toBe(old.key);
  await expect(done.getByTestId("rotated-previous")).toContainText(`The previous secret ${old.display} keeps working until`);
  await done.getByRole("button", { name: "Copy API key" }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
  await screenshotBothSchemes(page, "rotation-new-secret-desktop", { fullPage: false });
  await done.getByRole("button", { name: "Done" }).click();
  await expect(done).toBeHidden();
  // Shown once: the page holds the masked form only.
  expect(await page.content()).not.toContain(secret);

  // Both secrets work during the grace period, and the key page shows both.
  const rotated = (await (await api.get(`/api/keys/${old.id}`)).json()) as KeyJson;
  expect(rotated.previousSecret?.display).toBe(old.display);
  await expect(previousRow(page)).toContainText(old.display);
  await expect(previousRow(page)).toContainText("Valid until");
  await expect(page.getByLabel("Key settings").getByText(rotated.display)).toBeVisible();
  await expect(page.getByTestId("key-rotated")).toBeVisible();
  expect(await status(old.key)).toBe("ok");
  expect(await status(secret)).toBe("ok");
  await screenshotBothSchemes(page, "rotation-key-page-desktop");

  await page.setViewportSize(VIEWPORTS.phone);
  await expect(previousRow(page)).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, "page is wider than the viewport").toBeLessThanOrEqual(0);
  await screenshotBothSchemes(page, "rotation-key-page-phone");
  await page.setViewportSize(VIEWPORTS.desktop);

  await previousRow(page).getByRole("button", { name: "End grace period now" }).click();
  await expectToast(page, "Grace period ended");
  await expect(previousRow(page)).toHaveCount(0);
  expect(await status(old.key)).toBe("invalid_api_key");
  expect(await status(secret)).toBe("ok");
});

test("rotating with “End now” refuses the old secret at once; ?rotate (the hints' link) opens the dialog", async ({ page }) => {
  const old = await createKey("Batch jobs");
  await page.goto(`/keys/${old.id}?rotate`);
  const dialog = page.getByRole("dialog", { name: "Rotate “Batch jobs”" });
  await expect(dialog).toBeVisible();
  // 24 hours is the default choice.
  await expect(dialog.getByRole("radio", { name: "24 hours" })).toBeChecked();
  await dialog.getByText("End now", { exact: true }).click();
  await expect(dialog.getByText("The current secret is refused at once")).toBeVisible();
  await dialog.getByRole("button", { name: "Rotate", exact: true }).click();
  const done = page.getByRole("dialog", { name: "“Batch jobs” has a new secret" });
  await expect(done.getByTestId("rotated-previous")).toHaveText("The previous secret no longer works.");
  const secret = (await done.getByTestId("new-key").textContent())?.trim() ?? "";
  await done.getByRole("button", { name: "Done" }).click();
  await expect(page).toHaveURL(new RegExp(`/keys/${old.id}$`));
  await expect(previousRow(page)).toHaveCount(0);
  expect(await status(old.key)).toBe("invalid_api_key");
  expect(await status(secret)).toBe("ok");
});

test("the rotation reminder age is a setting of 1 to 3650 days", async ({ page }) => {
  await page.goto("/settings");
  const card = page.getByRole("region", { name: "Key rotation" }).or(page.getByLabel("Key rotation"));
  const input = card.getByLabel("Rotation reminder age (days)");
  await expect(input).toHaveValue("90");
  await input.fill("0");
  await card.getByRole("button", { name: "Save reminder" }).click();
  await expect(card.getByText("At least 1 day")).toBeVisible();
  await input.fill("30");
  await card.getByRole("button", { name: "Save reminder" }).click();
  await expectToast(page, "Rotation reminder saved");
  const saved = (await (await api.get("/api/settings")).json()) as { rotationReminderDays: number };
  expect(saved.rotationReminderDays).toBe(30);
});
