import { adminRequest, deleteProviderNamed } from "./support/admin-api";
import { UPSTREAM_URL } from "./support/config";
import { expect, expectToast, test } from "./support/test";

// Seed step 7: add an upstream provider and run Test connection against the mock upstream.
const NAME = "Mock OpenAI";
const SECRET = "mock-provider-secret-1234";

test.beforeEach(async () => {
  const api = await adminRequest();
  await deleteProviderNamed(api, NAME);
  await api.dispose();
});

test("add a provider, test its connection, and never see its key again", async ({ page }) => {
  await page.goto("/providers");
  await page.getByRole("button", { name: "Add provider" }).first().click();
  const dialog = page.getByRole("dialog", { name: "Add provider" });

  // Validation with the API's schema, beside the fields.
  await dialog.getByRole("button", { name: "Add provider" }).click();
  await expect(dialog.getByText("Name is required")).toBeVisible();
  await expect(dialog.getByText(/Base URL must be an http\(s\) URL/)).toBeVisible();

  await dialog.getByLabel("Name").fill(NAME);
  await dialog.getByLabel("Base URL").fill("http://127.0.0.1:1/v1");
  await dialog.getByRole("button", { name: "Test connection" }).click();
  await expect(dialog.getByRole("status").filter({ hasText: "Connection failed" })).toContainText("Connection refused");

  await dialog.getByLabel("Base URL").fill(UPSTREAM_URL);
  await dialog.getByLabel("API key").fill(SECRET);
  await dialog.getByRole("button", { name: "Test connection" }).click();
  const result = dialog.getByRole("status").filter({ hasText: "Connected" });
  await expect(result).toContainText("6 models found");
  await expect(result.getByRole("list", { name: "Models found" })).toContainText("gpt-4o-mini");

  await dialog.getByRole("button", { name: "Add provider" }).click();
  await expectToast(page, `Provider “${NAME}” added`);
  const card = page.getByRole("region", { name: NAME });
  await expect(card).toContainText(UPSTREAM_URL);
  await expect(card).toContainText("All models");
  // 25 characters: an eighth of it at each end, never most of a short key.
  await expect(card).toContainText("moc…234");
  expect(await page.content()).not.toContain(SECRET);
  const listed = await page.request.get("/api/providers");
  expect(await listed.text()).not.toContain(SECRET);

  // Test connection on the saved provider uses the key stored on the server.
  await card.getByRole("button", { name: `Test connection to ${NAME}` }).click();
  await expect(card.getByRole("status").filter({ hasText: "Connected" })).toContainText("6 models found");
});

test("edit a provider to serve a list of models, then delete it", async ({ page }) => {
  const api = await adminRequest();
  expect((await api.post("/api/providers", { data: { name: NAME, baseUrl: UPSTREAM_URL, apiKey: SECRET } })).status()).toBe(201);
  await api.dispose();

  await page.goto("/providers");
  const card = page.getByRole("region", { name: NAME });
  await card.getByRole("button", { name: `Edit ${NAME}` }).click();
  const dialog = page.getByRole("dialog", { name: `Edit “${NAME}”` });
  await expect(dialog.getByLabel("API key")).toHaveValue("");
  await dialog.getByRole("switch", { name: "Serve all models" }).click();
  await dialog.getByRole("button", { name: "Save changes" }).click();
  await expect(dialog.getByText("List at least one model or alias, or serve all models")).toBeVisible();
  await dialog.getByLabel("Models", { exact: true }).fill("gpt-4o\ngpt-4o-mini");
  await dialog.getByLabel("Priority").fill("5");
  await dialog.getByLabel("Weight").fill("3");
  // A line without "=" names no model id: refused beside the field.
  await dialog.getByLabel("Model aliases").fill("team-chat");
  await dialog.getByRole("button", { name: "Save changes" }).click();
  await expect(dialog.getByText('The model id for "team-chat" cannot be empty')).toBeVisible();
  await dialog.getByLabel("Model aliases").fill("team-chat = my-azure-deployment");
  await dialog.getByRole("button", { name: "Save changes" }).click();
  await expectToast(page, `Saved “${NAME}”`);
  await expect(card).toContainText("gpt-4o-mini");
  await expect(card).toContainText("5 · weight 3");
  await expect(card).toContainText("team-chat → my-azure-deployment");
  // 25 characters: an eighth of it at each end, never most of a short key.
  await expect(card).toContainText("moc…234");

  await card.getByRole("button", { name: `Delete ${NAME}` }).click();
  await page.getByRole("dialog", { name: `Delete “${NAME}”?` }).getByRole("button", { name: "Delete provider" }).click();
  await expectToast(page, `Provider “${NAME}” deleted`);
  await expect(page.getByRole("region", { name: NAME })).toHaveCount(0);
});

test("the server's own field errors appear beside the field", async ({ page }) => {
  const api = await adminRequest();
  expect((await api.post("/api/providers", { data: { name: NAME, baseUrl: UPSTREAM_URL } })).status()).toBe(201);
  await api.dispose();

  await page.goto("/providers");
  await page.getByRole("button", { name: "Add provider" }).first().click();
  const dialog = page.getByRole("dialog", { name: "Add provider" });
  await dialog.getByLabel("Name").fill(NAME);
  await dialog.getByLabel("Base URL").fill(UPSTREAM_URL);
  await dialog.getByRole("button", { name: "Add provider" }).click();
  // Only the server knows the name is taken: its answer (error.param) lands beside the Name field.
  await expect(dialog.getByLabel("Name")).toHaveAttribute("aria-invalid", "true");
  await expect(dialog.getByText(`A provider named "${NAME}" already exists`)).toBeVisible();
  await expect(dialog).toBeVisible();
});

test("an Anthropic provider: its own base URL hint, a connection test through /v1/models, and its badge", async ({ page }) => {
  const name = "Mock Anthropic";
  const api = await adminRequest();
  await deleteProviderNamed(api, name);
  await page.goto("/providers");
  await page.getByRole("button", { name: "Add provider" }).first().click();
  const dialog = page.getByRole("dialog", { name: "Add provider" });
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByLabel("API", { exact: true }).selectOption("anthropic");
  await expect(dialog.getByText("The API root without /v1")).toBeVisible();
  await dialog.getByLabel("Base URL").fill(UPSTREAM_URL.replace(/\/v1$/, ""));
  await dialog.getByLabel("API key").fill("sk-ant-mock-key-0000");
  await dialog.getByRole("button", { name: "Test connection" }).click();
  await expect(dialog.getByRole("status").filter({ hasText: "Connected" })).toContainText("models found");
  await dialog.getByRole("button", { name: "Add provider" }).click();
  await expectToast(page, `Provider “${name}” added`);
  const card = page.getByRole("region", { name });
  await expect(card).toContainText("Anthropic");
  const listed = (await (await api.get("/api/providers")).json()) as { items: { name: string; kind: string }[] };
  expect(listed.items.find((p) => p.name === name)?.kind).toBe("anthropic");
  await deleteProviderNamed(api, name);
  await api.dispose();
});
