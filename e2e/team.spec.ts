import type { Browser, Page } from "@playwright/test";
import { ADMIN } from "./support/config";
import { screenshotBothSchemes, VIEWPORTS } from "./support/screenshots";
import { expectNoHorizontalScroll } from "./support/usage-fixture";
import { expect, test } from "./support/test";

// Issue 9, team access: the owner invites a viewer from the Team page, the viewer accepts the link
// in another browser and sees the dashboard without a secret or an edit control; the owner makes
// them an admin (their session ends), then removes them; all of it is on the audit page.
const VIEWER = { email: "team-viewer@keygate.test", password: "viewer password 12345" };
const KEY_NAME = "Team spec key";

async function freshContext(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] }, viewport: VIEWPORTS.desktop });
  return context.newPage();
}

const userRow = (page: Page, email: string) => page.getByTestId("user-row").filter({ hasText: email });

test("invite a viewer, who signs in without secrets or edit controls; change their role, remove them; all on the audit page", async ({ page, browser }) => {
  const created = await page.request.post("/api/keys", { data: { name: KEY_NAME } });
  expect(created.status()).toBe(201);
  const { id: keyId, key } = (await created.json()) as { id: string; key: string };

  // The owner invites from the Team page.
  await page.goto("/users");
  await expect(page.getByRole("heading", { name: "Team", level: 1 })).toBeVisible();
  await expect(userRow(page, ADMIN.email)).toContainText("You");
  await expect(userRow(page, ADMIN.email)).toContainText("Owner");
  await page.getByRole("button", { name: "Invite user" }).click();
  const dialog = page.getByRole("dialog", { name: "Invite a user" });
  await dialog.getByRole("button", { name: "Create invite" }).click();
  await expect(dialog.getByText("Email is required")).toBeVisible();
  await dialog.getByLabel("Email").fill("not an email");
  await dialog.getByRole("button", { name: "Create invite" }).click();
  await expect(dialog.getByText("Enter a valid email address")).toBeVisible();
  await dialog.getByLabel("Email").fill(VIEWER.email);
  await dialog.getByLabel("Role").selectOption("viewer");
  await expect(dialog.getByText("Reads everything except secrets; changes nothing")).toBeVisible();
  await dialog.getByRole("button", { name: "Create invite" }).click();
  const done = page.getByRole("dialog", { name: "User invited" });
  const inviteUrl = (await done.getByTestId("invite-url").textContent()) ?? "";
  expect(inviteUrl).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);
  await expect(done.getByText("Pass this link on")).toBeVisible();
  await screenshotBothSchemes(page, "team-invite-link", { fullPage: false });
  await done.getByRole("button", { name: "Done" }).click();
  await expect(userRow(page, VIEWER.email)).toContainText("Invited");
  // Inviting the same email again says what to do instead.
  await page.getByRole("button", { name: "Invite user" }).click();
  await page.getByRole("dialog", { name: "Invite a user" }).getByLabel("Email").fill(VIEWER.email);
  await page.getByRole("dialog", { name: "Invite a user" }).getByRole("button", { name: "Create invite" }).click();
  await expect(page.getByRole("dialog", { name: "Invite a user" }).getByText(/already has an invite: re-issue it/)).toBeVisible();
  await page.getByRole("dialog", { name: "Invite a user" }).getByRole("button", { name: "Cancel" }).click();

  // The viewer, in a second browser, sets a password through the link and is signed in.
  const viewer = await freshContext(browser);
  await viewer.goto(inviteUrl);
  await expect(viewer.getByRole("heading", { name: "Join Keygate" })).toBeVisible();
  await expect(viewer.getByText(`${ADMIN.email} invited you as viewer`)).toBeVisible();
  await expect(viewer.getByLabel("Email")).toHaveValue(VIEWER.email);
  await screenshotBothSchemes(viewer, "team-accept-invite");
  await viewer.getByLabel("Password", { exact: true }).fill(VIEWER.password);
  await viewer.getByLabel("Confirm password").fill("not the same password");
  await viewer.getByRole("button", { name: "Set password and sign in" }).click();
  await expect(viewer.getByText("Passwords do not match")).toBeVisible();
  await viewer.getByLabel("Confirm password").fill(VIEWER.password);
  await viewer.getByRole("button", { name: "Set password and sign in" }).click();
  await expect(viewer).toHaveURL(/\/keys$/);
  await expect(viewer.getByText("Signed in as viewer").first()).toBeVisible();

  // What a viewer sees: the keys, never a full one, and nothing to change them with.
  await expect(viewer.getByRole("row", { name: new RegExp(KEY_NAME) })).toBeVisible();
  for (const name of [/^New key$/, /Show full key/, /Copy key/, /^Edit/, /^Delete/, /^Rotate/]) {
    await expect(viewer.getByRole("button", { name })).toHaveCount(0);
  }
  await expect(viewer.getByRole("switch")).toHaveCount(0);
  await viewer.goto(`/keys/${keyId}`);
  await expect(viewer.getByRole("heading", { name: KEY_NAME, level: 1 })).toBeVisible();
  await expect(viewer.getByRole("button", { name: /^(Rotate|Show full key|Copy key|Save|Edit|Delete|End grace)/ })).toHaveCount(0);
  expect(await viewer.content()).not.toContain(key);
  // The Team page: the list, without the owner's controls.
  await viewer.goto("/users");
  await expect(userRow(viewer, VIEWER.email)).toContainText("Viewer");
  await expect(viewer.getByRole("button", { name: "Invite user" })).toHaveCount(0);
  await expect(viewer.getByRole("combobox")).toHaveCount(0);
  await expect(viewer.getByText("Only an owner can invite users")).toBeVisible();

  // The owner makes the viewer an admin: the viewer's session ends on its next request.
  await page.reload();
  await expect(userRow(page, VIEWER.email)).toContainText(/Signed in/);
  await page.getByRole("combobox", { name: `Role of ${VIEWER.email}` }).selectOption("admin");
  const confirm = page.getByRole("dialog", { name: `Make ${VIEWER.email} admin?` });
  await expect(confirm).toContainText("signed out everywhere");
  await confirm.getByRole("button", { name: "Change role" }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByRole("combobox", { name: `Role of ${VIEWER.email}` })).toHaveValue("admin");
  await viewer.goto("/keys");
  await expect(viewer).toHaveURL(/\/login/);
  await viewer.getByLabel("Email").fill(VIEWER.email);
  await viewer.getByLabel("Password").fill(VIEWER.password);
  await viewer.getByRole("button", { name: "Sign in" }).click();
  await expect(viewer).toHaveURL(/\/keys$/);
  await expect(viewer.getByText("Signed in as admin").first()).toBeVisible();
  await expect(viewer.getByRole("button", { name: `Show full key for ${KEY_NAME}` })).toBeVisible();

  await page.waitForLoadState("networkidle");
  await screenshotBothSchemes(page, "team-desktop");
  await page.setViewportSize(VIEWPORTS.phone);
  await expectNoHorizontalScroll(page);
  await screenshotBothSchemes(page, "team-phone");
  await page.setViewportSize(VIEWPORTS.desktop);

  // Removed: the open session is refused on its next click.
  await userRow(page, VIEWER.email).getByRole("button", { name: "Remove" }).click();
  const remove = page.getByRole("dialog", { name: "Remove user?" });
  await remove.getByRole("button", { name: "Remove user" }).click();
  await expect(userRow(page, VIEWER.email)).toHaveCount(0);
  await viewer.goto("/keys");
  await expect(viewer).toHaveURL(/\/login/);
  await viewer.context().close();

  // Everything above, on the audit page.
  await page.goto(`/audit?action=user&target=${encodeURIComponent(VIEWER.email)}`);
  const table = page.getByRole("table", { name: "Audit entries" });
  const rows = table.locator("tbody tr");
  await expect(rows).toHaveCount(4);
  await expect(rows.nth(0)).toContainText("User removed");
  await expect(rows.nth(0)).toContainText(ADMIN.email);
  await expect(rows.nth(1)).toContainText("Role changed");
  await expect(rows.nth(1)).toContainText("role: viewer → admin");
  await expect(rows.nth(2)).toContainText("Invite accepted");
  await expect(rows.nth(2)).toContainText(VIEWER.email);
  await expect(rows.nth(3)).toContainText("User invited");
  await expect(page.locator("body")).not.toContainText(inviteUrl.split("/").pop() as string);
  await screenshotBothSchemes(page, "team-audit");

  expect((await page.request.delete(`/api/keys/${keyId}`)).status()).toBe(204);
});
