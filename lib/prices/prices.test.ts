// Overrides and the price book against a real embedded database: which price wins for a model,
// and that every change reaches the book the proxy reads without a restart.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, test, vi } from "vitest";
import { closeDb, getDb } from "@/lib/db";
import { resetEnvForTests } from "@/lib/env";
import { ApiError } from "@/lib/http/errors";
import { getPriceBook } from "@/lib/prices/book";
import { loadCatalog } from "@/lib/prices/catalog";
import {
  createModelPrice,
  deleteModelPrice,
  listModelPrices,
  resolveModelPrice,
  searchCatalog,
  updateModelPrice,
} from "@/lib/prices/prices";

const dataDir = mkdtempSync(path.join(tmpdir(), "keygate-prices-"));

beforeAll(async () => {
  vi.stubEnv("DATA_DIR", dataDir);
  vi.stubEnv("DATABASE_URL", "");
  vi.stubEnv("APP_SECRET", "prices-test-secret-0123456789abcdefghijkl");
  resetEnvForTests();
  await getDb();
}, 120_000);

afterAll(async () => {
  await closeDb();
  vi.unstubAllEnvs();
  resetEnvForTests();
  rmSync(dataDir, { recursive: true, force: true });
});

beforeEach(async () => {
  for (const price of await listModelPrices()) await deleteModelPrice(price.id);
});

async function lookup(model: string) {
  return (await getPriceBook()).lookup(model);
}

async function expectApiError(promise: Promise<unknown>, code: string, status: number) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  expect((error as ApiError).code).toBe(code);
  expect((error as ApiError).status).toBe(status);
  return error as ApiError;
}

describe("precedence", () => {
  test("exact id > longer wildcard > shorter wildcard > catalog", async () => {
    const catalog = (await loadCatalog()).get("gpt-4o-mini");
    expect(catalog).toBeDefined();
    expect(await lookup("gpt-4o-mini")).toMatchObject({ source: "catalog", matched: "gpt-4o-mini", inputUsdPerMTok: catalog?.inputUsdPerMTok });

    const short = await createModelPrice({ pattern: "gpt-*", inputUsdPerMTok: 1, outputUsdPerMTok: 2 });
    expect(await lookup("gpt-4o-mini")).toMatchObject({ source: "override", matched: "gpt-*", inputUsdPerMTok: 1, outputUsdPerMTok: 2 });

    const long = await createModelPrice({ pattern: "gpt-4o*", inputUsdPerMTok: 3, outputUsdPerMTok: 4 });
    expect(await lookup("gpt-4o-mini")).toMatchObject({ source: "override", matched: "gpt-4o*", inputUsdPerMTok: 3 });
    // The shorter wildcard still prices what the longer one does not match.
    expect(await lookup("gpt-3.5-turbo")).toMatchObject({ matched: "gpt-*", inputUsdPerMTok: 1 });

    const exact = await createModelPrice({ pattern: "gpt-4o-mini", inputUsdPerMTok: 5, outputUsdPerMTok: 6 });
    expect(await lookup("gpt-4o-mini")).toMatchObject({ source: "override", matched: "gpt-4o-mini", inputUsdPerMTok: 5, outputUsdPerMTok: 6 });
    // An override keeps the catalog's output limit, which budgets reserve for.
    expect((await lookup("gpt-4o-mini"))?.maxOutputTokens).toBe(catalog?.maxOutputTokens);
    expect(await lookup("gpt-4o")).toMatchObject({ matched: "gpt-4o*" });

    // Taking them away again falls back one step at a time, without a restart.
    await deleteModelPrice(exact.id);
    expect(await lookup("gpt-4o-mini")).toMatchObject({ matched: "gpt-4o*" });
    await deleteModelPrice(long.id);
    expect(await lookup("gpt-4o-mini")).toMatchObject({ matched: "gpt-*" });
    await deleteModelPrice(short.id);
    expect(await lookup("gpt-4o-mini")).toMatchObject({ source: "catalog", matched: "gpt-4o-mini" });
  });

  test("the list is in the order the book tries overrides", async () => {
    for (const pattern of ["a*", "claude-*", "zeta", "gpt-4o*", "alpha", "*"]) await createModelPrice({ pattern, inputUsdPerMTok: 1, outputUsdPerMTok: 1 });
    expect((await listModelPrices()).map((p) => p.pattern)).toEqual(["alpha", "zeta", "claude-*", "gpt-4o*", "a*", "*"]);
    expect(await lookup("unlisted-model")).toMatchObject({ matched: "*" });
    expect(await lookup("alphabet")).toMatchObject({ matched: "a*" });
  });

  test("two wildcards of one length that match the same model: the alphabetically first wins, whatever the insertion order", async () => {
    // Both are 6 characters and match "model-x"; created in the opposite order to the tie-break.
    await createModelPrice({ pattern: "mod*-x", inputUsdPerMTok: 5, outputUsdPerMTok: 5 });
    await createModelPrice({ pattern: "*del-x", inputUsdPerMTok: 4, outputUsdPerMTok: 4 });
    expect(await lookup("model-x")).toMatchObject({ matched: "*del-x", inputUsdPerMTok: 4 });
  });

  test("regex characters in a pattern are literal; only * is a wildcard", async () => {
    await createModelPrice({ pattern: "llama-3.1*", inputUsdPerMTok: 1, outputUsdPerMTok: 1 });
    expect(await lookup("llama-3.1-8b")).toMatchObject({ matched: "llama-3.1*" });
    expect((await lookup("llama-321-8b"))?.matched).not.toBe("llama-3.1*");
  });
});

describe("overrides", () => {
  test("create trims the pattern; update changes only what it is given", async () => {
    const created = await createModelPrice({ pattern: "  my-model  ", inputUsdPerMTok: 0.5, outputUsdPerMTok: 1.5 });
    expect(created).toMatchObject({ pattern: "my-model", inputUsdPerMTok: 0.5, outputUsdPerMTok: 1.5 });
    const updated = await updateModelPrice(created.id, { outputUsdPerMTok: 2 });
    expect(updated).toMatchObject({ id: created.id, pattern: "my-model", inputUsdPerMTok: 0.5, outputUsdPerMTok: 2 });
    expect(await lookup("my-model")).toMatchObject({ outputUsdPerMTok: 2 });
    await updateModelPrice(created.id, { pattern: "my-model-v2" });
    expect(await lookup("my-model")).toBeNull();
    expect(await lookup("my-model-v2")).toMatchObject({ inputUsdPerMTok: 0.5, outputUsdPerMTok: 2 });
  });

  test("a duplicate pattern is a 409 on the pattern field, on create and on rename", async () => {
    await createModelPrice({ pattern: "dup", inputUsdPerMTok: 1, outputUsdPerMTok: 1 });
    const other = await createModelPrice({ pattern: "other", inputUsdPerMTok: 1, outputUsdPerMTok: 1 });
    const error = await expectApiError(createModelPrice({ pattern: "dup", inputUsdPerMTok: 2, outputUsdPerMTok: 2 }), "conflict", 409);
    expect(error.param).toBe("pattern");
    expect(error.message).toContain('"dup"');
    await expectApiError(updateModelPrice(other.id, { pattern: "dup" }), "conflict", 409);
  });

  test("updating or deleting an unknown id is a 404", async () => {
    await expectApiError(updateModelPrice("no-such-id", { inputUsdPerMTok: 1 }), "not_found", 404);
    await expectApiError(deleteModelPrice("no-such-id"), "not_found", 404);
  });
});

describe("resolveModelPrice", () => {
  test("says where the price comes from, and what an unpriced model needs", async () => {
    expect(await resolveModelPrice("openai/gpt-4o-mini")).toMatchObject({ model: "openai/gpt-4o-mini", source: "catalog", matched: "openai/gpt-4o-mini" });
    // A gateway prefix in front of a provider-qualified id still finds the catalog entry.
    expect(await resolveModelPrice("my-gateway/openai/gpt-4o-mini")).toMatchObject({ source: "catalog", matched: "openai/gpt-4o-mini" });
    const error = await expectApiError(resolveModelPrice("acme-internal-llm"), "model_not_found", 404);
    expect(error.message).toMatch(/has no price/);
    expect(error.message).toMatch(/POST \/api\/prices/);
    await createModelPrice({ pattern: "acme-*", inputUsdPerMTok: 7, outputUsdPerMTok: 8 });
    expect(await resolveModelPrice("acme-internal-llm")).toEqual({
      model: "acme-internal-llm",
      inputUsdPerMTok: 7,
      outputUsdPerMTok: 8,
      source: "override",
      matched: "acme-*",
      maxOutputTokens: null,
    });
  });
});

describe("searchCatalog", () => {
  test("matches provider/id ignoring case, exact ids first, and pages", async () => {
    const page = await searchCatalog({ search: "GPT-4O-MINI", pageSize: 100 });
    expect(page.total).toBeGreaterThan(1);
    expect(page.items[0]).toMatchObject({ id: "gpt-4o-mini", provider: "openai" });
    for (const m of page.items) expect(`${m.provider}/${m.id}`.toLowerCase()).toContain("gpt-4o-mini");

    const byProvider = await searchCatalog({ search: "anthropic/", pageSize: 5 });
    expect(byProvider.items.length).toBe(5);
    expect(byProvider.total).toBeGreaterThan(5);

    const all = await searchCatalog({});
    expect(all).toMatchObject({ page: 1, pageSize: 20 });
    const second = await searchCatalog({ page: 2 });
    expect(second.items[0]).not.toEqual(all.items[0]);
    expect(second.total).toBe(all.total);
    const past = await searchCatalog({ page: Math.ceil(all.total / 20) + 1 });
    expect(past.items).toEqual([]);
    expect((await searchCatalog({ search: "zzz-no-such-model" })).total).toBe(0);
  });
});
