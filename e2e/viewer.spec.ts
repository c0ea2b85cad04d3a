import { randomBytes } from "node:crypto";
import { request, type APIRequestContext, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { adminRequest } from "./support/admin-api";
import { BASE_URL, UPSTREAM_URL } from "./support/config";
import { callChat } from "./support/proxy";
import { screenshotBothSchemes, VIEWPORTS } from "./support/screenshots";
import { expect, test } from "./support/test";

// Team access: a viewer reads every dashboard page but gets no control that changes something and
// never sees a full key. The owner (the setup's admin) prepares a key, a provider and a price and
// invites the viewer, who accepts and signs in in a browser of their own.
test.describe.configure({ mode: "serial" });

const suffix = randomBytes(3).toString("hex");
const KEY_NAME = `Viewer dashboard ${suffix}`;
const PROVIDER_NAME = `Viewer upstream ${suffix}`;
const PRICE_PATTERN = `viewer-model-${suffix}`;
const VIEWER = { email: `viewer-${suffix}@keygate.test`, password: "a viewer's long password" };

let api: APIRequestContext;
let viewerContext: BrowserContext;
const created: { keyId?: string; providerId?: string; priceId?: string; userId?: string } = {};
/** Every full secret the key has had: none may reach the viewer's pages. */
const secrets: string[] = [];
let display = "";
let previousDisplay = "";

/** Controls a viewer must never get, by accessible name (buttons, links, switches alike). */
const FORBIDDEN = [
  /^New API Key$/i,
  /^Create key$/i,
  /^Show full key/i,
  /^Hide full key/i,
  /^Copy key/i,
  /^Fill in the key/i,
  /^Edit\b/i,
  /^Delete\b/i,
  /^Rotate$/i,
  /^End grace period/i,
  /^Edit limits$/i,
  /^Set limits$/i,
  /^Add (a )?provider$/i,
  /^Test connection/i,
  /^Add (a )?price$/i,
  /to your prices$/i,
  /^Save\b/i,
  /^Turn (on|off) authentication$/i,
  /^Turn authentication (on|off)$/i,
];

async function expectNoChangeControls(page: Page): Promise<void> {
  const main = page.getByRole("main");
  for (const name of FORBIDDEN) {
    for (const role of ["button", "link", "menuitem"] as const) await expect(main.getByRole(role, { name }), `${role} ${name}`).toHaveCount(0);
  }
  await expect(main.getByRole("switch")).toHaveCount(0);
  await expect(main.getByRole("dialog")).toHaveCount(0);
}

/**
 * Every card has loaded: no skeleton is left. (Not "networkidle": the key page polls its limits
 * every 5 seconds, so the network is never idle there.)
 */
async function settle(page: Page): Promise<void> {
  await expect(page.getByRole("main").locator('[aria-busy="true"]')).toHaveCount(0);
}

async function expectNoSecret(page: Page): Promise<void> {
  const html = await page.content();
  for (const secret of secrets) expect(html, "a full key in the viewer's page").not.toContain(secret);
}

async function signInAsViewer(browser: Browser): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  // A browser of the viewer's own: none of the admin's saved session.
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] }, viewport: VIEWPORTS.desktop });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("response", (response) => {
    const url = new URL(response.url());
    if (response.status() === 403) problems.push(`403 ${response.request().method()} ${url.pathname}`);
    if (url.pathname.endsWith("/reveal")) problems.push(`reveal requested: ${url.pathname}`);
    // Signing in posts to next-auth; after that, the viewer's pages only read.
    if (url.pathname.startsWith("/api/") && !url.pathname.startsWith("/api/auth/") && response.request().method() !== "GET") problems.push(`write: ${response.request().method()} ${url.pathname}`);
  });
  page.on("pageerror", (error) => problems.push(`uncaught: ${error.message}`));
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to (load|execute|apply)/i.test(message.text())) problems.push(`csp: ${message.text()}`);
  });
  await page.goto("/login");
  await page.getByLabel("Email").fill(VIEWER.email);
  await page.getByLabel("Password").fill(VIEWER.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/keys$/);
  return { context, page, problems };
}

test.beforeAll(async () => {
  api = await adminRequest();

  const provider = await api.post("/api/providers", { data: { name: PROVIDER_NAME, baseUrl: UPSTREAM_URL, allModels: true, priority: 50 } });
  expect(provider.status()).toBe(201);
  created.providerId = ((await provider.json()) as { id: string }).id;

  const key = await api.post("/api/keys", { data: { name: KEY_NAME, description: "Read by the viewer", rpmLimit: 60 } });
  expect(key.status()).toBe(201);
  const keyJson = (await key.json()) as { id: string; key: string };
  created.keyId = keyJson.id;
  secrets.push(keyJson.key);
  // One answered call, so the usage pages and the request log have this key's row.
  expect((await callChat(keyJson.key, "bearer")).status).toBe(200);
  // Rotated with a grace period: the key page has a previous secret (and, for an admin, "End grace period now").
  const rotated = await api.post(`/api/keys/${keyJson.id}/rotate`, { data: { gracePeriodSeconds: 3600 } });
  expect(rotated.status()).toBe(200);
  const rotatedJson = (await rotated.json()) as { key: string; display: string; previousSecret: { display: string } | null };
  secrets.push(rotatedJson.key);
  display = rotatedJson.display;
  previousDisplay = rotatedJson.previousSecret?.display ?? "";
  expect(previousDisplay).not.toBe("");

  const price = await api.post("/api/prices", { data: { pattern: PRICE_PATTERN, inputUsdPerMTok: 1.25, outputUsdPerMTok: 2.5 } });
  expect(price.status()).toBe(201);
  created.priceId = ((await price.json()) as { id: string }).id;

  const invite = await api.post("/api/users", { data: { email: VIEWER.email, role: "viewer" } });
  expect(invite.status()).toBe(201);
  const inviteJson = (await invite.json()) as { id: string; role: string; inviteUrl: string };
  expect(inviteJson.role).toBe("viewer");
  created.userId = inviteJson.id;

  // The invitee sets a password as the invite page does: no session, a same-origin JSON post.
  const token = new URL(inviteJson.inviteUrl).pathname.split("/").pop() ?? "";
  const guest = await request.newContext({ baseURL: BASE_URL, storageState: { cookies: [], origins: [] } });
  const accepted = await guest.post("/api/invites/accept", {
    headers: { origin: new URL(BASE_URL).origin },
    data: { token, password: VIEWER.password, confirmPassword: VIEWER.password },
  });
  expect(accepted.status(), await accepted.text()).toBe(200);
  await guest.dispose();
});

test.afterAll(async () => {
  await viewerContext?.close();
  if (created.userId) expect((await api.delete(`/api/users/${created.userId}`)).status()).toBe(204);
  if (created.keyId) expect((await api.delete(`/api/keys/${created.keyId}`)).status()).toBe(204);
  if (created.providerId) expect((await api.delete(`/api/providers/${created.providerId}`)).status()).toBe(204);
  if (created.priceId) expect((await api.delete(`/api/prices/${created.priceId}`)).status()).toBe(204);
  await api.dispose();
});

test("a viewer reads every page, with no control that changes something and no full key", async ({ browser }) => {
  // Eight pages, two widths, two colour schemes: longer than one page's test.
  test.setTimeout(180_000);
  const { context, page, problems } = await signInAsViewer(browser);
  viewerContext = context;
  const main = page.getByRole("main");
  const note = main.getByRole("status").filter({ hasText: "You have view-only access" });

  // Keys: the list with the masked key only.
  await expect(page.getByRole("heading", { name: "API Keys", level: 1 })).toBeVisible();
  const row = main.getByRole("row", { name: KEY_NAME });
  await expect(row).toBeVisible();
  await expect(row.getByTestId("masked-key")).toHaveText(display);
  await expect(row).toContainText("Enabled");
  await expect(note).toContainText("Ask an admin or owner to change keys.");
  await expect(main.getByRole("heading", { name: "Get started" })).toHaveCount(0);
  await expect(main.getByRole("heading", { name: "Authentication", exact: true })).toBeVisible();
  await expect(main.getByTestId("auth-status")).toHaveText(/On|Off/);
  await settle(page);
  await expectNoChangeControls(page);
  await expectNoSecret(page);
  await screenshotBothSchemes(page, "viewer-keys-desktop");

  // The key page: settings, limits, usage, previous secret, all read-only. ?rotate opens nothing.
  await page.goto(`/keys/${created.keyId}?rotate`);
  await expect(page.getByRole("heading", { name: KEY_NAME, level: 1 })).toBeVisible();
  const settings = main.getByRole("region", { name: "Key settings" });
  await expect(settings.getByTestId("masked-key")).toHaveText(display);
  await expect(settings.getByTestId("previous-secret")).toContainText(previousDisplay);
  await expect(settings).toContainText("Enabled");
  await expect(main.getByRole("region", { name: "Key limits" })).toContainText("Requests per minute");
  await expect(main.getByTestId("key-requests")).toHaveText("1");
  await expect(main.getByRole("region", { name: "Recent requests" }).getByRole("row")).not.toHaveCount(0);
  await expect(note).toContainText("Ask an admin or owner to change keys.");
  await settle(page);
  await expectNoChangeControls(page);
  await expectNoSecret(page);
  await screenshotBothSchemes(page, "viewer-key-desktop");

  // Providers: the card and its details, no switch, no test, no edit.
  await page.goto("/providers");
  const provider = main.getByRole("region", { name: PROVIDER_NAME });
  await expect(provider).toBeVisible();
  await expect(provider).toContainText(UPSTREAM_URL);
  await expect(provider).toContainText("Enabled");
  await expect(note).toContainText("Ask an admin or owner to change providers.");
  await settle(page);
  await expectNoChangeControls(page);

  // Models: the viewer's lookup works; adding, editing, deleting and copying prices are gone.
  await page.goto("/models");
  const prices = main.getByRole("region", { name: "Your prices" });
  await expect(prices.getByRole("row", { name: PRICE_PATTERN })).toContainText("$1.25");
  await expect(main.getByRole("region", { name: "Shipped catalog" }).getByRole("row").nth(2)).toBeVisible();
  await page.getByRole("textbox", { name: "Model id" }).fill(PRICE_PATTERN);
  await page.getByRole("button", { name: "Check price" }).click();
  await expect(main.getByRole("region", { name: "Check a model" })).toContainText("Your price");
  await page.getByRole("textbox", { name: "Model id" }).fill(`unpriced-${suffix}`);
  await page.getByRole("button", { name: "Check price" }).click();
  await expect(main.getByRole("region", { name: "Check a model" })).toContainText(`No price for unpriced-${suffix}`);
  await expect(note).toContainText("Ask an admin or owner to change prices.");
  await settle(page);
  await expectNoChangeControls(page);

  // Settings: values as text, no field, no toggle, no "run now".
  await page.goto("/settings");
  await expect(page.getByRole("heading", { name: "Settings", level: 1 })).toBeVisible();
  const retention = main.getByRole("region", { name: "Data retention" });
  await expect(retention).toContainText(/Keep request logs for\s*\d+ days/);
  await expect(retention.getByRole("button")).toHaveCount(0);
  await expect(main.getByRole("region", { name: "Key rotation" })).toContainText(/Rotation reminder age\s*\d+ days/);
  await expect(main.getByRole("spinbutton")).toHaveCount(0);
  await expect(main.getByRole("textbox")).toHaveCount(0);
  await expect(main.getByTestId("proxy-base-url")).toContainText("/v1");
  await expect(main.getByRole("link", { name: "Change email or password" })).toBeVisible();
  await expect(note).toContainText("Ask an admin or owner to change settings.");
  await settle(page);
  await expectNoChangeControls(page);

  // Usage, request log and audit: read-only pages, with this key's traffic and the owner's changes.
  await page.goto(`/usage?range=24h&keyId=${created.keyId}`);
  await expect(page.getByTestId("total-requests")).toHaveText("1");
  await page.goto(`/usage/logs?keyId=${created.keyId}`);
  await expect(main.getByRole("row", { name: /^Request / })).toHaveCount(1);
  await expectNoSecret(page);
  await page.goto(`/audit?target=${encodeURIComponent(KEY_NAME)}`);
  await expect(main.getByRole("table", { name: "Audit entries" })).toContainText("Key created");
  await expectNoSecret(page);
  await settle(page);
  await expectNoChangeControls(page);

  // The account page stays the viewer's own to change.
  await page.goto("/account");
  await expect(main.getByRole("button", { name: "Change password" })).toBeVisible();
  await expect(main.getByRole("button", { name: "Change email" })).toBeVisible();

  // Phone width: the keys list and the key page.
  await page.setViewportSize(VIEWPORTS.phone);
  await page.goto("/keys");
  await expect(main.getByRole("row", { name: KEY_NAME })).toBeVisible();
  await settle(page);
  await expectNoChangeControls(page);
  await screenshotBothSchemes(page, "viewer-keys-phone");
  await page.goto(`/keys/${created.keyId}`);
  await expect(page.getByRole("heading", { name: KEY_NAME, level: 1 })).toBeVisible();
  await expect(main.getByTestId("key-requests")).toHaveText("1");
  await settle(page);
  await expectNoChangeControls(page);
  await expectNoSecret(page);
  await screenshotBothSchemes(page, "viewer-key-phone");

  expect(problems, "403s, reveals, writes or errors while the viewer browsed").toEqual([]);
});

test("the server refuses what the viewer's dashboard does not offer", async () => {
  // The dashboard hides the controls; the API is the boundary. Same session cookie as the browser.
  const state = await viewerContext.storageState();
  const viewerApi = await request.newContext({ baseURL: BASE_URL, storageState: state });
  try {
    expect((await viewerApi.get(`/api/keys/${created.keyId}`)).status()).toBe(200);
    const reveal = await viewerApi.get(`/api/keys/${created.keyId}/reveal`);
    expect(reveal.status()).toBe(403);
    expect(await reveal.text()).not.toContain(secrets.at(-1) ?? "sk-");
    const patch = await viewerApi.patch(`/api/keys/${created.keyId}`, { headers: { origin: new URL(BASE_URL).origin }, data: { enabled: false } });
    expect(patch.status()).toBe(403);
    expect(((await patch.json()) as { error: { code: string } }).error.code).toBe("forbidden");
  } finally {
    await viewerApi.dispose();
  }
  // Nothing changed.
  expect(((await (await api.get(`/api/keys/${created.keyId}`)).json()) as { enabled: boolean }).enabled).toBe(true);
});
