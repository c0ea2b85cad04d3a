// Prices on the real server: overrides through the management API, the price the proxy would use,
// and the cost it then writes for a proxied request (mock upstream: a prompt token per word, six
// completion tokens).
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { countPromptTokens, STREAM_WORDS } from "../support/mock-upstream";
import { startStack, type CreatedKey, type ErrorBody, type Stack } from "../support/stack";

interface ModelPrice {
  id: string;
  pattern: string;
  inputUsdPerMTok: number;
  outputUsdPerMTok: number;
  createdAt: string;
  updatedAt: string;
}
interface ResolvedPrice {
  model: string;
  inputUsdPerMTok: number;
  outputUsdPerMTok: number;
  source: "override" | "catalog";
  matched: string;
  maxOutputTokens: number | null;
}
interface CatalogPage {
  items: { id: string; provider: string; inputUsdPerMTok: number; outputUsdPerMTok: number; maxOutputTokens: number | null }[];
  total: number;
  page: number;
  pageSize: number;
}
interface LogItem {
  model: string | null;
  stream: boolean;
  promptTokens: number | null;
  completionTokens: number | null;
  costUsd: number | null;
}

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ env: { UPSTREAM_TIMEOUT_MS: "30000" } });
});

afterAll(async () => {
  await stack?.close();
});

const create = (body: unknown) => stack.admin<ModelPrice & ErrorBody>("/api/prices", { method: "POST", body });
const resolve = (model: string) => stack.admin<ResolvedPrice & ErrorBody>(`/api/prices/resolve?model=${encodeURIComponent(model)}`);

async function deleteAll(): Promise<void> {
  const { body } = await stack.admin<{ items: ModelPrice[] }>("/api/prices");
  for (const price of body.items) expect((await stack.admin(`/api/prices/${price.id}`, { method: "DELETE" })).status).toBe(204);
}

describe("admin authentication", () => {
  test.each([
    ["GET", "/api/prices"],
    ["POST", "/api/prices"],
    ["PATCH", "/api/prices/some-id"],
    ["DELETE", "/api/prices/some-id"],
    ["GET", "/api/prices/resolve?model=gpt-4o-mini"],
    ["GET", "/api/prices/catalog"],
  ])("%s %s is 401 without the admin token", async (method, path) => {
    const body = method === "POST" || method === "PATCH" ? { pattern: "x", inputUsdPerMTok: 1, outputUsdPerMTok: 1 } : undefined;
    for (const token of [null, "wrong-token-of-a-plausible-length"]) {
      const response = await stack.admin<ErrorBody>(path, { method, body, token });
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe("unauthorized");
    }
  });

  test("an API key is not an admin token", async () => {
    const key = await stack.createKey("prices: not an admin");
    expect((await stack.admin("/api/prices", { token: key.key })).status).toBe(401);
  });
});

describe("overrides", () => {
  test("create, list, update, delete", async () => {
    await deleteAll();
    const created = await create({ pattern: "  acme-*  ", inputUsdPerMTok: 1.25, outputUsdPerMTok: 5 });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ pattern: "acme-*", inputUsdPerMTok: 1.25, outputUsdPerMTok: 5 });
    expect(created.body.id).toEqual(expect.any(String));
    expect(Date.parse(created.body.createdAt)).not.toBeNaN();
    const exact = await create({ pattern: "acme-large", inputUsdPerMTok: 0, outputUsdPerMTok: 0 });
    expect(exact.status).toBe(201);

    const list = await stack.admin<{ items: ModelPrice[] }>("/api/prices");
    expect(list.status).toBe(200);
    expect(list.headers.get("cache-control")).toBe("no-store");
    // In the order the proxy tries them: the exact id before the wildcard.
    expect(list.body.items.map((p) => p.pattern)).toEqual(["acme-large", "acme-*"]);

    const patched = await stack.admin<ModelPrice>(`/api/prices/${created.body.id}`, { method: "PATCH", body: { outputUsdPerMTok: 6.5 } });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ id: created.body.id, pattern: "acme-*", inputUsdPerMTok: 1.25, outputUsdPerMTok: 6.5 });

    expect((await stack.admin(`/api/prices/${exact.body.id}`, { method: "DELETE" })).status).toBe(204);
    const deletedAgain = await stack.admin<ErrorBody>(`/api/prices/${exact.body.id}`, { method: "DELETE" });
    expect(deletedAgain.status).toBe(404);
    expect(deletedAgain.body.error.code).toBe("not_found");
    const patchMissing = await stack.admin<ErrorBody>(`/api/prices/${exact.body.id}`, { method: "PATCH", body: { inputUsdPerMTok: 1 } });
    expect(patchMissing.status).toBe(404);
    expect((await stack.admin<{ items: ModelPrice[] }>("/api/prices")).body.items.map((p) => p.pattern)).toEqual(["acme-*"]);
  });

  test("a duplicate pattern is 409 conflict on the pattern field, on create and on rename", async () => {
    await deleteAll();
    expect((await create({ pattern: "dup-model", inputUsdPerMTok: 1, outputUsdPerMTok: 1 })).status).toBe(201);
    const again = await create({ pattern: " dup-model ", inputUsdPerMTok: 2, outputUsdPerMTok: 2 });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: "conflict", param: "pattern" });
    expect(again.body.error.message).toContain('"dup-model"');
    const other = await create({ pattern: "other-model", inputUsdPerMTok: 1, outputUsdPerMTok: 1 });
    const rename = await stack.admin<ErrorBody>(`/api/prices/${other.body.id}`, { method: "PATCH", body: { pattern: "dup-model" } });
    expect(rename.status).toBe(409);
  });

  test.each([
    [{ inputUsdPerMTok: 1, outputUsdPerMTok: 1 }, "pattern", /Pattern is required/],
    [{ pattern: "   ", inputUsdPerMTok: 1, outputUsdPerMTok: 1 }, "pattern", /Pattern is required/],
    [{ pattern: "gpt 4o", inputUsdPerMTok: 1, outputUsdPerMTok: 1 }, "pattern", /cannot contain spaces/],
    [{ pattern: "x".repeat(201), inputUsdPerMTok: 1, outputUsdPerMTok: 1 }, "pattern", /at most 200 characters/],
    [{ pattern: "m", outputUsdPerMTok: 1 }, "inputUsdPerMTok", /Input price is required/],
    [{ pattern: "m", inputUsdPerMTok: "2.5", outputUsdPerMTok: 1 }, "inputUsdPerMTok", /Input price must be a number/],
    [{ pattern: "m", inputUsdPerMTok: -0.01, outputUsdPerMTok: 1 }, "inputUsdPerMTok", /Input price cannot be negative/],
    [{ pattern: "m", inputUsdPerMTok: 1, outputUsdPerMTok: 100_000.01 }, "outputUsdPerMTok", /Output price must be at most \$100,000/],
    [{ pattern: "m", inputUsdPerMTok: 1, outputUsdPerMTok: null }, "outputUsdPerMTok", /Output price must be a number/],
  ])("POST %j is 400 with a message on %s", async (body, field, message) => {
    const response = await create(body);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("validation_error");
    expect(response.body.error.fields?.[field]).toMatch(message);
  });

  test("several bad fields are all reported; bodies that are not JSON or have unknown fields are refused", async () => {
    const both = await create({ pattern: "", inputUsdPerMTok: -1, outputUsdPerMTok: "free" });
    expect(both.status).toBe(400);
    expect(Object.keys(both.body.error.fields ?? {}).sort()).toEqual(["inputUsdPerMTok", "outputUsdPerMTok", "pattern"]);
    const notJson = await create("{nope");
    expect(notJson.status).toBe(400);
    expect(notJson.body.error.code).toBe("invalid_json");
    const extra = await create({ pattern: "m", inputUsdPerMTok: 1, outputUsdPerMTok: 1, currency: "EUR" });
    expect(extra.status).toBe(400);
    const created = await create({ pattern: "patch-me", inputUsdPerMTok: 1, outputUsdPerMTok: 1 });
    const empty = await stack.admin<ErrorBody>(`/api/prices/${created.body.id}`, { method: "PATCH", body: {} });
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toMatch(/at least one field/);
    const badPatch = await stack.admin<ErrorBody>(`/api/prices/${created.body.id}`, { method: "PATCH", body: { inputUsdPerMTok: -5 } });
    expect(badPatch.body.error.fields?.inputUsdPerMTok).toMatch(/cannot be negative/);
  });
});

describe("resolve and catalog", () => {
  test("resolve gives the catalog price, then the override's, then the catalog's again", async () => {
    await deleteAll();
    const before = await resolve("gpt-4o-mini");
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ model: "gpt-4o-mini", source: "catalog", matched: "gpt-4o-mini" });
    expect(before.body.inputUsdPerMTok).toBeGreaterThan(0);
    expect(before.body.maxOutputTokens).toBeGreaterThan(0);
    const fromCatalog = await stack.admin<CatalogPage>("/api/prices/catalog?search=gpt-4o-mini&pageSize=100");
    expect(fromCatalog.body.items.find((m) => m.id === "gpt-4o-mini" && m.provider === "openai")).toMatchObject({
      inputUsdPerMTok: before.body.inputUsdPerMTok,
      outputUsdPerMTok: before.body.outputUsdPerMTok,
    });

    const override = await create({ pattern: "gpt-4o*", inputUsdPerMTok: 9, outputUsdPerMTok: 27 });
    const after = await resolve("gpt-4o-mini");
    expect(after.body).toEqual({ model: "gpt-4o-mini", inputUsdPerMTok: 9, outputUsdPerMTok: 27, source: "override", matched: "gpt-4o*", maxOutputTokens: before.body.maxOutputTokens });
    await stack.admin(`/api/prices/${override.body.id}`, { method: "DELETE" });
    expect((await resolve("gpt-4o-mini")).body).toEqual(before.body);
  });

  test("an unpriced model is 404 model_not_found, saying how to add a price", async () => {
    const response = await resolve("acme-internal-llm");
    expect(response.status).toBe(404);
    expect(response.body.error).toMatchObject({ code: "model_not_found", param: "model" });
    expect(response.body.error.message).toMatch(/has no price/);
    expect(response.body.error.message).toMatch(/Models & pricing|POST \/api\/prices/);
    const missing = await stack.admin<ErrorBody>("/api/prices/resolve");
    expect(missing.status).toBe(400);
    expect(missing.body.error.fields?.model).toMatch(/model id/);
  });

  test("the catalog pages and searches by provider/id", async () => {
    const first = await stack.admin<CatalogPage>("/api/prices/catalog");
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ page: 1, pageSize: 20 });
    expect(first.body.items).toHaveLength(20);
    expect(first.body.total).toBeGreaterThan(100);
    const second = await stack.admin<CatalogPage>("/api/prices/catalog?page=2&pageSize=20");
    expect(second.body.items[0]).not.toEqual(first.body.items[0]);
    const anthropic = await stack.admin<CatalogPage>("/api/prices/catalog?search=ANTHROPIC/claude&pageSize=100");
    expect(anthropic.body.total).toBeGreaterThan(0);
    for (const m of anthropic.body.items) expect(`${m.provider}/${m.id}`.toLowerCase()).toContain("anthropic/claude");
    const bad = await stack.admin<ErrorBody>("/api/prices/catalog?pageSize=500");
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields?.pageSize).toMatch(/1 to 100/);
  });
});

describe("the proxy charges what resolve says", () => {
  const MESSAGE = "price this request for me please";
  const PROMPT = countPromptTokens({ messages: [{ content: MESSAGE }] });
  const COMPLETION = STREAM_WORDS.length;
  let key: CreatedKey;
  let requests = 0;

  async function chat(model: string, stream = false): Promise<void> {
    const client = stack.client(key.key);
    if (stream) {
      const events = await client.chat.completions.create({ model, messages: [{ role: "user", content: MESSAGE }], stream: true });
      for await (const event of events) void event;
    } else {
      await client.chat.completions.create({ model, messages: [{ role: "user", content: MESSAGE }] });
    }
    requests++;
  }

  async function logs(model: string): Promise<LogItem[]> {
    expect(await stack.waitForUsage(key.id, requests)).toBe(requests);
    const response = await stack.admin<{ items: LogItem[] }>(`/api/usage/logs?range=1h&keyId=${key.id}&model=${encodeURIComponent(model)}`);
    expect(response.status).toBe(200);
    return response.body.items;
  }

  const usd = (price: { inputUsdPerMTok: number; outputUsdPerMTok: number }) => (PROMPT * price.inputUsdPerMTok + COMPLETION * price.outputUsdPerMTok) / 1e6;

  beforeAll(async () => {
    await deleteAll();
    key = await stack.createKey("prices: traffic");
  });

  test("an unpriced model's requests have no cost; after an override they cost tokens × its price", async () => {
    expect(PROMPT).toBe(6);
    await chat("acme-llm-test");
    const [unpriced] = await logs("acme-llm-test");
    expect(unpriced).toMatchObject({ promptTokens: PROMPT, completionTokens: COMPLETION, costUsd: null });

    const price = { pattern: "acme-llm-*", inputUsdPerMTok: 2.5, outputUsdPerMTok: 10 };
    expect((await create(price)).status).toBe(201);
    await chat("acme-llm-test");
    await chat("acme-llm-test", true);
    const [streamed, plain] = await logs("acme-llm-test");
    expect(streamed).toMatchObject({ stream: true, promptTokens: PROMPT, completionTokens: COMPLETION });
    expect(plain).toMatchObject({ stream: false, promptTokens: PROMPT, completionTokens: COMPLETION });
    expect(plain?.costUsd).toBeCloseTo(usd(price), 12);
    expect(streamed?.costUsd).toBeCloseTo(usd(price), 12);
    expect(usd(price)).toBeGreaterThan(0);
  });

  test("a catalog model costs its catalog price until an override replaces it", async () => {
    const catalog = (await resolve("gpt-4o-mini")).body;
    expect(catalog.source).toBe("catalog");
    await chat("gpt-4o-mini");
    const [byCatalog] = await logs("gpt-4o-mini");
    expect(byCatalog?.costUsd).toBeCloseTo(usd(catalog), 12);

    const override = await create({ pattern: "gpt-4o-mini", inputUsdPerMTok: 3, outputUsdPerMTok: 12 });
    expect(override.status).toBe(201);
    await chat("gpt-4o-mini");
    const [byOverride] = await logs("gpt-4o-mini");
    expect(byOverride?.costUsd).toBeCloseTo(usd(override.body), 12);
    expect(byOverride?.costUsd).not.toBeCloseTo(byCatalog?.costUsd ?? 0, 12);
  });
});
