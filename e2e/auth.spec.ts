import { ADMIN } from "./support/config";
import { screenshotBothSchemes } from "./support/screenshots";
import { expect, test } from "./support/test";

// Seed step 1: only the admin gets in. These tests start without the saved session.
test.use({ storageState: { cookies: [], origins: [] } });

test("pages and /api are refused without a session", async ({ page }) => {
  for (const path of ["/keys", "/usage", "/providers", "/settings", "/"]) {
    await page.goto(path);
    await expect(page, `${path} redirects to sign-in`).toHaveURL(/\/login(\?|$)/);
  }
  for (const [method, path] of [
    ["GET", "/api/keys"],
    ["POST", "/api/keys"],
    ["GET", "/api/settings"],
    ["PATCH", "/api/settings"],
    ["GET", "/api/providers"],
  ] as const) {
    const response = await page.request.fetch(path, { method, data: method === "GET" ? undefined : {} });
    expect(response.status(), `${method} ${path}`).toBe(401);
    expect(((await response.json()) as { error: { code: string; type: string } }).error).toMatchObject({ code: "unauthorized", type: "authentication_error" });
  }
  // A forged session cookie is no session either.
  await page.context().addCookies([{ name: "next-auth.session-token", value: "forged.token.value", url: page.url() }]);
  expect((await page.request.get("/api/keys")).status()).toBe(401);
  await page.goto("/keys");
  await expect(page).toHaveURL(/\/login/);
});

test("a wrong password is refused, the right one signs in, and logout ends the session", async ({ page }) => {
  await page.goto("/login");
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await screenshotBothSchemes(page, "login");

  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill("not the password at all");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Email or password is incorrect." })).toBeVisible();
  await expect(page).toHaveURL(/\/login/);

  // An unknown email gets the very same answer: the form never says which part was wrong.
  await page.getByLabel("Email").fill("nobody@keygate.test");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Email or password is incorrect." })).toBeVisible();

  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/keys$/);
  await expect(page.getByRole("heading", { name: "API Keys", level: 1 })).toBeVisible();
  expect((await page.request.get("/api/keys")).status()).toBe(200);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  expect((await page.request.get("/api/keys")).status()).toBe(401);
  await page.goto("/settings");
  await expect(page).toHaveURL(/\/login/);
});

test("the sign-in form validates before it asks the server", async ({ page }) => {
  await page.goto("/login");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Enter a valid email address").or(page.getByText("Email is required"))).toBeVisible();
  await expect(page.getByText("Password is required")).toBeVisible();
});

test("repeated failures lock an account, whether or not it exists", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Email").fill("ghost@keygate.test");
  await page.getByLabel("Password").fill("guessing the password");
  const alert = page.locator("form").getByRole("alert");
  for (let attempt = 1; attempt <= 4; attempt++) {
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(alert).toHaveText("Email or password is incorrect.");
    await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();
  }
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(alert).toHaveText(/Too many failed sign-in attempts\. Try again in \d+ seconds\./);
  // Even the right password would now be refused for that email; the real admin is unaffected.
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/keys$/);
});
