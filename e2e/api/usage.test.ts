// Usage views: after a known mix of requests through the proxy, the rollups behind the usage API,
// the request log, the exports and a key's own GET /v1/usage give exactly the expected numbers,
// cost included (from the shipped price catalog, the price the proxy uses without overrides).
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { loadCatalog, type CatalogEntry } from "../../lib/prices/catalog";
import { roundUsd } from "../../lib/usage/usd";
import { STREAM_WORDS } from "../support/mock-upstream";
import { startStack, type CreatedKey, type ErrorBody, type Stack } from "../support/stack";

const COMPLETION = STREAM_WORDS.length;

interface Totals {
  requests: number;
  errors: number;
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
}
interface Overview {
  totals: Totals & { p50LatencyMs: number | null; costUsd: number };
  byKey: (Totals & { id: string; label: string; requestShare: number; costUsd: number; costShare: number })[];
  byModel: (Totals & { id: string; costUsd: number; costShare: number })[];
  series: (Totals & { t: string; costUsd: number; groups: Record<string, { requests: number; totalTokens: number; costUsd: number }> })[];
}

let stack: Stack;
let a: CreatedKey;
let b: CreatedKey;

// Per key and model: what the mock upstream bills (one prompt token per word, six completion tokens).
const expected = {
  a: { "gpt-4": { requests: 5, errors: 0, prompt: 3 * 3 + 2 * 2, completion: 5 * COMPLETION }, "text-embedding-3-small": { requests: 1, errors: 0, prompt: 4, completion: 0 } },
  b: { "gpt-4o-mini": { requests: 3, errors: 0, prompt: 2 * 2 + 3, completion: 3 * COMPLETION }, "mock-error": { requests: 2, errors: 2, prompt: 0, completion: 0 } },
};

function sum(entries: { requests: number; errors: number; prompt: number; completion: number }[]): Totals {
  const t = { requests: 0, errors: 0, promptTokens: 0, completionTokens: 0, totalTokens: 0 };
  for (const e of entries) {
    t.requests += e.requests;
    t.errors += e.errors;
    t.promptTokens += e.prompt;
    t.completionTokens += e.completion;
    t.totalTokens += e.prompt + e.completion;
  }
  return t;
}
const pick = (t: Totals) => ({ requests: t.requests, errors: t.errors, promptTokens: t.promptTokens, completionTokens: t.completionTokens, totalTokens: t.totalTokens });

async function usage(query: string): Promise<Overview> {
  const response = await stack.admin<Overview>(`/api/usage?${query}`);
  expect(response.status).toBe(200);
  return response.body;
}

beforeAll(async () => {
  stack = await startStack({ env: { UPSTREAM_TIMEOUT_MS: "30000" } });
  a = await stack.createKey("Usage A");
  b = await stack.createKey("Usage B");
  const ca = stack.client(a.key);
  const cb = stack.client(b.key, "x-api-key");
  for (let i = 0; i < 3; i++) await ca.chat.completions.create({ model: "gpt-4", messages: [{ role: "user", content: "one two three" }] });
  for (let i = 0; i < 2; i++) {
    const stream = await ca.chat.completions.create({ model: "gpt-4", messages: [{ role: "user", content: "four five" }], stream: true });
    for await (const chunk of stream) void chunk;
  }
  await ca.embeddings.create({ model: "text-embedding-3-small", input: "a b c d" });
  for (let i = 0; i < 2; i++) await cb.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hello world" }] });
  const stream = await cb.completions.create({ model: "gpt-4o-mini", prompt: "x y z", stream: true });
  for await (const chunk of stream) void chunk;
  for (let i = 0; i < 2; i++) {
    await expect(cb.chat.completions.create({ model: "mock-error", messages: [{ role: "user", content: "fail please" }] })).rejects.toMatchObject({ status: 500 });
  }
  expect(await stack.waitForUsage(a.id, 6)).toBe(6);
  expect(await stack.waitForUsage(b.id, 5)).toBe(5);
});

afterAll(async () => {
  await stack?.close();
});

describe("usage API", () => {
  test("totals, rankings by key and by model and the series add up exactly", async () => {
    const all = sum([...Object.values(expected.a), ...Object.values(expected.b)]);
    const overview = await usage("range=1h");
    expect(pick(overview.totals)).toEqual(all);
    expect(overview.totals.p50LatencyMs).not.toBeNull();

    const byKey = Object.fromEntries(overview.byKey.map((r) => [r.id, r]));
    expect(pick(byKey[a.id] as Totals)).toEqual(sum(Object.values(expected.a)));
    expect(pick(byKey[b.id] as Totals)).toEqual(sum(Object.values(expected.b)));
    expect(byKey[a.id]?.label).toBe("Usage A");
    expect(byKey[a.id]?.requestShare).toBeCloseTo(6 / 11);

    const byModel = Object.fromEntries(overview.byModel.map((r) => [r.id, r]));
    expect(pick(byModel["gpt-4"] as Totals)).toEqual(sum([expected.a["gpt-4"]]));
    expect(pick(byModel["mock-error"] as Totals)).toEqual(sum([expected.b["mock-error"]]));

    const seriesTotal = overview.series.reduce((n, p) => n + p.requests, 0);
    expect(seriesTotal).toBe(11);
    const stacked = overview.series.reduce((n, p) => n + (p.groups[a.id]?.requests ?? 0), 0);
    expect(stacked).toBe(6);
  });

  test("filters by key and by model apply to everything", async () => {
    const onlyA = await usage(`range=24h&keyId=${a.id}`);
    expect(pick(onlyA.totals)).toEqual(sum(Object.values(expected.a)));
    expect(onlyA.byKey.map((r) => r.id)).toEqual([a.id]);
    expect(onlyA.byModel.map((r) => r.id).sort()).toEqual(["gpt-4", "text-embedding-3-small"]);

    const failing = await usage(`range=7d&keyId=${b.id}&model=mock-error`);
    expect(pick(failing.totals)).toEqual(sum([expected.b["mock-error"]]));

    const byModel = await usage("range=30d&model=gpt-4o-mini&groupBy=model");
    expect(pick(byModel.totals)).toEqual(sum([expected.b["gpt-4o-mini"]]));
    expect(byModel.byKey.map((r) => r.id)).toEqual([b.id]);
  });

  test("bad ranges are refused with a clear field error", async () => {
    const response = await stack.admin<ErrorBody>("/api/usage?range=custom&from=2026-11-02&to=2026-11-01");
    expect(response.status).toBe(400);
    expect(response.body.error.fields?.to).toMatch(/before/);
  });

  test("the request log lists, filters, pages and shows one request", async () => {
    const errors = await stack.admin<{ items: { id: string; status: number; errorCode: string; apiKeyName: string }[] }>(
      `/api/usage/logs?range=1h&keyId=${b.id}&status=error`,
    );
    expect(errors.body.items).toHaveLength(2);
    expect(errors.body.items.every((r) => r.status === 500 && r.errorCode === "mock_failure" && r.apiKeyName === "Usage B")).toBe(true);

    const streamed = await stack.admin<{ items: unknown[] }>("/api/usage/logs?range=1h&stream=true");
    expect(streamed.body.items).toHaveLength(3);

    const ids: string[] = [];
    let cursor = "";
    for (let page = 0; page < 10; page++) {
      const res = await stack.admin<{ items: { id: string }[]; nextCursor: string | null }>(`/api/usage/logs?range=1h&limit=4${cursor ? `&cursor=${cursor}` : ""}`);
      ids.push(...res.body.items.map((r) => r.id));
      if (!res.body.nextCursor) break;
      cursor = res.body.nextCursor;
    }
    expect(ids).toHaveLength(11);
    expect(new Set(ids).size).toBe(11);
    expect(ids.map(Number)).toEqual([...ids.map(Number)].sort((x, y) => y - x));

    const one = await stack.admin<Record<string, unknown>>(`/api/usage/logs/${ids[0]}`);
    expect(one.status).toBe(200);
    expect(Object.keys(one.body)).toEqual(expect.arrayContaining(["endpoint", "model", "status", "latencyMs", "promptTokens"]));
    expect(JSON.stringify(one.body)).not.toContain(a.key);
    expect((await stack.admin(`/api/usage/logs/999999999`)).status).toBe(404);
  });

  test("CSV exports stream the filtered log and the totals", async () => {
    const response = await fetch(`${stack.server.url}/api/usage/logs/export?range=1h&keyId=${a.id}`, { headers: { authorization: `Bearer ${stack.adminToken}` } });
    expect(response.headers.get("content-type")).toMatch(/text\/csv/);
    expect(response.headers.get("content-disposition")).toMatch(/attachment; filename="keygate-requests-/);
    const lines = (await response.text()).trim().split("\r\n");
    expect(lines[0]).toMatch(/^id,createdAt,apiKeyId,apiKeyName,secret,endpoint,model/);
    expect(lines).toHaveLength(1 + 6);

    // Fields are quoted and defused exactly as a spreadsheet needs, whatever the database wrote.
    const tricky = await stack.createKey('=cmd "x", y');
    await stack.client(tricky.key).embeddings.create({ model: "text-embedding-3-small", input: "one" });
    expect(await stack.waitForUsage(tricky.id, 1)).toBe(1);
    const trickyCsv = await fetch(`${stack.server.url}/api/usage/logs/export?range=1h&keyId=${tricky.id}`, { headers: { authorization: `Bearer ${stack.adminToken}` } });
    const [, row] = (await trickyCsv.text()).split("\r\n");
    expect(row).toMatch(new RegExp(`^\\d+,\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z,${tricky.id},"'=cmd ""x"", y",current,embeddings,text-embedding-3-small,`));
    // No price for this embedding model: an empty cost cell.
    expect(row).toMatch(/,200,,false,\d+,,1,,1,$/);

    const totals = await fetch(`${stack.server.url}/api/usage/export?range=1h`, { headers: { authorization: `Bearer ${stack.adminToken}` } });
    const rows = (await totals.text()).trim().split("\r\n").slice(1).map((line) => line.split(","));
    const mixed = rows.filter((r) => r[1] === a.id || r[1] === b.id);
    expect(mixed.reduce((n, r) => n + Number(r[4]), 0)).toBe(11);
    expect(mixed.reduce((n, r) => n + Number(r[8]), 0)).toBe(sum([...Object.values(expected.a), ...Object.values(expected.b)]).totalTokens);
  });

  test("a key's detail usage matches its requests", async () => {
    const detail = await stack.admin<{ totals: Totals; daily: (Totals & { date: string })[]; models: { model: string; requests: number }[]; key: { firstUsedAt: string | null } }>(
      `/api/keys/${b.id}/usage?days=7`,
    );
    expect(pick(detail.body.totals)).toEqual(sum(Object.values(expected.b)));
    expect(detail.body.daily).toHaveLength(7);
    expect(detail.body.daily.at(-1)?.requests).toBe(5);
    expect(detail.body.models.map((m) => m.model).sort()).toEqual(["gpt-4o-mini", "mock-error"]);
    expect(detail.body.key.firstUsedAt).not.toBeNull();
  });
});

// Issue 9: usage per tag ("tokens per team this month"), read through each key's tags as they are now.
describe("usage by tag", () => {
  type Ranked = { id: string; label: string; requests: number; totalTokens: number };
  type TagOverview = Overview & { groupBy: string; groups: { id: string; label: string }[]; byTag: Ranked[] };
  const tagged = async (query: string) => (await stack.admin<TagOverview>(`/api/usage?${query}`)).body;
  const setTags = async (id: string, tags: string[]) => expect((await stack.admin(`/api/keys/${id}`, { method: "PATCH", body: { tags } })).status).toBe(200);

  beforeAll(async () => {
    await setTags(a.id, ["team:search", "env:prod"]);
    await setTags(b.id, ["team:ads"]);
  });

  test("the ranking by tag counts a key under each of its tags, and the series stack by tag", async () => {
    const overview = await tagged("range=24h&groupBy=tag");
    expect(overview.groupBy).toBe("tag");
    const row = (id: string) => overview.byTag.find((r) => r.id === id);
    expect(pick(row("team:search") as unknown as Totals)).toEqual(sum(Object.values(expected.a)));
    expect(pick(row("env:prod") as unknown as Totals)).toEqual(sum(Object.values(expected.a)));
    expect(pick(row("team:ads") as unknown as Totals)).toEqual(sum(Object.values(expected.b)));
    expect(row("team:ads")?.label).toBe("team:ads");
    expect(overview.groups.map((g) => g.id)).toContain("team:search");
    expect(overview.series.reduce((n, p) => n + (p.groups["team:search"]?.requests ?? 0), 0)).toBe(6);
    expect(overview.series.reduce((n, p) => n + (p.groups["team:ads"]?.totalTokens ?? 0), 0)).toBe(sum(Object.values(expected.b)).totalTokens);
  });

  test("a tag filter narrows totals, rankings, the request log and both exports to the keys carrying it", async () => {
    const search = await tagged("range=24h&tag=team:search");
    expect(pick(search.totals)).toEqual(sum(Object.values(expected.a)));
    expect(search.byKey.map((r) => r.id)).toEqual([a.id]);
    // Tags are matched as they are stored, lower-case.
    const upper = await tagged("range=24h&tag=Team:Search&model=gpt-4");
    expect(pick(upper.totals)).toEqual(sum([expected.a["gpt-4"]]));
    const failing = await tagged("range=7d&tag=team:ads&model=mock-error&groupBy=model");
    expect(pick(failing.totals)).toEqual(sum([expected.b["mock-error"]]));
    expect((await tagged("range=24h&tag=team:nobody")).totals.requests).toBe(0);

    const logs = await stack.admin<{ items: { apiKeyId: string }[] }>("/api/usage/logs?range=1h&tag=team:search&limit=200");
    expect(logs.body.items).toHaveLength(6);
    expect(new Set(logs.body.items.map((i) => i.apiKeyId))).toEqual(new Set([a.id]));
    const auth = { headers: { authorization: `Bearer ${stack.adminToken}` } };
    const logCsv = (await (await fetch(`${stack.server.url}/api/usage/logs/export?range=1h&tag=team:ads`, auth)).text()).trim().split("\r\n");
    expect(logCsv).toHaveLength(1 + 5);
    const totalsCsv = (await (await fetch(`${stack.server.url}/api/usage/export?range=1h&tag=env:prod`, auth)).text()).trim().split("\r\n").slice(1);
    expect(totalsCsv.reduce((n, line) => n + Number(line.split(",")[4]), 0)).toBe(6);
  });

  test("a bad tag is a field error", async () => {
    for (const path of ["/api/usage?tag=not%20a%20tag", "/api/usage/logs?tag=%00x", "/api/usage/export?tag=-x"]) {
      const response = await stack.admin<ErrorBody>(path);
      expect(response.status, path).toBe(400);
      expect(response.body.error.fields?.tag, path).toMatch(/not a tag|control/i);
    }
  });

  test("past the top eight tags, Other holds exactly the keys with none of them", async () => {
    // Nine more tags, one key and one request each, beside whatever keys the other tests made.
    for (let i = 1; i <= 9; i++) {
      const key = await stack.createKey(`Grouped ${i}`);
      await setTags(key.id, [`grp:${i}`]);
      await stack.client(key.key).embeddings.create({ model: "text-embedding-3-small", input: "x" });
      expect(await stack.waitForUsage(key.id, 1)).toBe(1);
    }
    const overview = await tagged("range=24h&groupBy=tag");
    const top = overview.groups.map((g) => g.id).filter((id) => id !== "(other)");
    expect(top).toHaveLength(8);
    expect(overview.groups.at(-1)).toEqual({ id: "(other)", label: "Other" });
    const keys = await stack.admin<{ items: { id: string; tags: string[] }[] }>("/api/keys?pageSize=100");
    const tagsOf = new Map(keys.body.items.map((k) => [k.id, k.tags.length ? k.tags : [""]]));
    const other = overview.byKey.filter((r) => !(tagsOf.get(r.id) ?? [""]).some((t) => top.includes(t))).reduce((n, r) => n + r.requests, 0);
    expect(other).toBeGreaterThan(0);
    expect(overview.series.reduce((n, p) => n + (p.groups["(other)"]?.requests ?? 0), 0)).toBe(other);
  });

  test("retagging a key moves its history with it", async () => {
    await setTags(a.id, ["team:search"]);
    expect((await tagged("range=24h&tag=env:prod")).totals.requests).toBe(0);
    expect((await tagged("range=24h&tag=team:search")).totals.requests).toBe(6);
  });
});

describe("GET /v1/usage", () => {
  test("answers for the calling key only", async () => {
    const response = await fetch(`${stack.server.url}/v1/usage?days=3`, { headers: { authorization: `Bearer ${a.key}` } });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { key: { name: string; enabled: boolean }; usage_count: number; totals: Record<string, number>; daily: unknown[] };
    expect(body.key).toMatchObject({ name: "Usage A", enabled: true });
    expect(body.usage_count).toBeGreaterThanOrEqual(6);
    const mine = sum(Object.values(expected.a));
    expect(body.totals).toEqual({
      requests: mine.requests,
      errors: 0,
      prompt_tokens: mine.promptTokens,
      completion_tokens: mine.completionTokens,
      total_tokens: mine.totalTokens,
      cost_usd: expect.any(Number),
    });
    expect(body.daily).toHaveLength(3);
    const text = JSON.stringify(body);
    expect(text).not.toContain(b.id);
    expect(text).not.toContain("Usage B");
    expect(text).not.toContain("mock-error");
  });

  test("a disabled key gets api_key_disabled, no key or a wrong one is refused", async () => {
    const key = await stack.createKey("soon disabled");
    expect((await stack.admin(`/api/keys/${key.id}`, { method: "PATCH", body: { enabled: false } })).status).toBe(200);
    const disabled = await fetch(`${stack.server.url}/v1/usage`, { headers: { "x-api-key": key.key } });
    expect(disabled.status).toBe(401);
    expect(((await disabled.json()) as ErrorBody).error.code).toBe("api_key_disabled");
    const none = await fetch(`${stack.server.url}/v1/usage`);
    expect(((await none.json()) as ErrorBody).error.code).toBe("missing_api_key");
    const wrong = await fetch(`${stack.server.url}/v1/usage?api_key=sk-${"x".repeat(32)}`);
    expect(((await wrong.json()) as ErrorBody).error.code).toBe("invalid_api_key");
  });
});

describe("cost", () => {
  let catalog: Map<string, CatalogEntry>;
  // Per request, from the catalog's price and the mock's usage numbers (the proxy rounds each
  // request up to the nano-dollar, so a sum may differ by at most that much per request).
  const costOf = (model: string, e: { prompt: number; completion: number }) => {
    const price = catalog.get(model);
    return price ? (e.prompt * price.inputUsdPerMTok) / 1e6 + (e.completion * price.outputUsdPerMTok) / 1e6 : 0;
  };
  const costs = (entries: Record<string, { prompt: number; completion: number }>) => Object.entries(entries).reduce((sum, [model, e]) => sum + costOf(model, e), 0);
  function expectUsd(actual: number | undefined, expected: number, requests: number) {
    expect(actual).toBeTypeOf("number");
    // Rounded to the nano-dollar: no float noise reaches an answer.
    expect(actual).toBe(roundUsd(actual ?? NaN));
    expect(Math.abs((actual ?? NaN) - expected)).toBeLessThanOrEqual(requests * 1e-9 + 1e-15);
  }
  let costA: number;
  let costB: number;

  beforeAll(async () => {
    catalog = await loadCatalog();
    costA = costs(expected.a);
    costB = costs(expected.b);
  });

  test("the mock's chat models have catalog prices, its embedding and failing models none", () => {
    expect(catalog.get("gpt-4")?.inputUsdPerMTok).toBeGreaterThan(0);
    expect(catalog.get("gpt-4o-mini")?.outputUsdPerMTok).toBeGreaterThan(0);
    expect(catalog.get("text-embedding-3-small")).toBeUndefined();
    expect(catalog.get("mock-error")).toBeUndefined();
    expect(costA).toBeGreaterThan(0);
    expect(costB).toBeGreaterThan(0);
  });

  test("totals, rankings with their share, and the stacked series", async () => {
    const overview = await usage("range=1h");
    expectUsd(overview.totals.costUsd, costA + costB, 11);

    const byKey = Object.fromEntries(overview.byKey.map((r) => [r.id, r]));
    expectUsd(byKey[a.id]?.costUsd, costA, 6);
    expectUsd(byKey[b.id]?.costUsd, costB, 5);
    expect(byKey[a.id]?.costShare).toBeCloseTo(costA / (costA + costB), 6);

    const byModel = Object.fromEntries(overview.byModel.map((r) => [r.id, r]));
    expectUsd(byModel["gpt-4"]?.costUsd, costOf("gpt-4", expected.a["gpt-4"]), 5);
    expectUsd(byModel["gpt-4o-mini"]?.costUsd, costOf("gpt-4o-mini", expected.b["gpt-4o-mini"]), 3);
    expect(byModel["text-embedding-3-small"]?.costUsd).toBe(0);
    expect(byModel["mock-error"]?.costUsd).toBe(0);
    expect(byModel["text-embedding-3-small"]?.costShare).toBe(0);

    for (const point of overview.series) expect(point.costUsd).toBe(roundUsd(point.costUsd));
    expectUsd(roundUsd(overview.series.reduce((n, p) => n + p.costUsd, 0)), costA + costB, 11);
    expectUsd(roundUsd(overview.series.reduce((n, p) => n + (p.groups[b.id]?.costUsd ?? 0), 0)), costB, 5);
    const byModelSeries = await usage("range=24h&groupBy=model");
    expectUsd(roundUsd(byModelSeries.series.reduce((n, p) => n + (p.groups["gpt-4"]?.costUsd ?? 0), 0)), costOf("gpt-4", expected.a["gpt-4"]), 5);
  });

  test("filters apply to cost like to everything else", async () => {
    expectUsd((await usage(`range=24h&keyId=${a.id}`)).totals.costUsd, costA, 6);
    expectUsd((await usage(`range=7d&keyId=${b.id}&model=gpt-4o-mini`)).totals.costUsd, costOf("gpt-4o-mini", expected.b["gpt-4o-mini"]), 3);
    expect((await usage(`range=30d&model=mock-error`)).totals.costUsd).toBe(0);
  });

  test("a key's usage and its own GET /v1/usage give its cost in total, per day and per model", async () => {
    const detail = await stack.admin<{ totals: { costUsd: number }; daily: { costUsd: number }[]; models: { model: string; costUsd: number }[] }>(`/api/keys/${a.id}/usage?days=7`);
    expectUsd(detail.body.totals.costUsd, costA, 6);
    expectUsd(detail.body.daily.at(-1)?.costUsd, costA, 6);
    expect(detail.body.daily.slice(0, -1).every((d) => d.costUsd === 0)).toBe(true);
    const models = Object.fromEntries(detail.body.models.map((m) => [m.model, m.costUsd]));
    expectUsd(models["gpt-4"], costA, 5);
    expect(models["text-embedding-3-small"]).toBe(0);

    const response = await fetch(`${stack.server.url}/v1/usage?days=3`, { headers: { authorization: `Bearer ${b.key}` } });
    expect(response.status).toBe(200);
    const own = (await response.json()) as { totals: { cost_usd: number }; daily: { date: string; cost_usd: number }[]; models: { model: string; cost_usd: number }[] };
    expectUsd(own.totals.cost_usd, costB, 5);
    expectUsd(own.daily.at(-1)?.cost_usd, costB, 5);
    expect(Object.fromEntries(own.models.map((m) => [m.model, m.cost_usd]))).toEqual({
      "gpt-4o-mini": own.totals.cost_usd,
      "mock-error": 0,
    });
    // The call itself counts: let it be written before later tests take totals.
    expect(await stack.waitForUsage(b.id, 6)).toBe(6);
  });

  test("the request log gives each request's cost, null without a price", async () => {
    const logs = await stack.admin<{ items: { id: string; model: string | null; stream: boolean; promptTokens: number | null; completionTokens: number | null; costUsd: number | null }[] }>(
      `/api/usage/logs?range=1h&keyId=${a.id}`,
    );
    const priced = logs.body.items.filter((item) => item.model !== null && catalog.has(item.model));
    expect(priced).toHaveLength(5);
    for (const item of priced) expectUsd(item.costUsd ?? undefined, costOf(item.model ?? "", { prompt: item.promptTokens ?? 0, completion: item.completionTokens ?? 0 }), 1);
    // The embedding, and the key's own GET /v1/usage call above: no price, no cost.
    expect(logs.body.items.filter((item) => !priced.includes(item)).every((item) => item.costUsd === null)).toBe(true);
    const failed = await stack.admin<{ items: { costUsd: number | null }[] }>(`/api/usage/logs?range=1h&keyId=${b.id}&status=error`);
    expect(failed.body.items.map((r) => r.costUsd)).toEqual([null, null]);
    const one = await stack.admin<{ costUsd: number | null }>(`/api/usage/logs/${logs.body.items[0]?.id}`);
    expect(one.body.costUsd).toBe(logs.body.items[0]?.costUsd);
  });

  test("both CSV exports carry a costUsd column of plain decimals that adds up", async () => {
    const csv = async (pathname: string) => {
      const response = await fetch(`${stack.server.url}${pathname}`, { headers: { authorization: `Bearer ${stack.adminToken}` } });
      const [header, ...rows] = (await response.text()).trim().split("\r\n");
      const columns = (header ?? "").split(",");
      return { columns, rows: rows.map((line) => line.split(",")) };
    };
    const log = await csv(`/api/usage/logs/export?range=1h&keyId=${b.id}`);
    expect(log.columns.at(-1)).toBe("costUsd");
    const cost = log.columns.indexOf("costUsd");
    const model = log.columns.indexOf("model");
    const cells = log.rows.map((r) => r[cost] ?? "");
    expect(cells.every((c) => c === "" || /^\d+(\.\d{1,9})?$/.test(c))).toBe(true);
    expect(log.rows.filter((r) => r[model] === "mock-error").map((r) => r[cost])).toEqual(["", ""]);
    expectUsd(roundUsd(cells.reduce((n, c) => n + Number(c), 0)), costB, 5);

    const totals = await csv("/api/usage/export?range=1h");
    expect(totals.columns.slice(-2)).toEqual(["avgLatencyMs", "costUsd"]);
    const rollupCost = totals.columns.indexOf("costUsd");
    const key = totals.columns.indexOf("apiKeyId");
    const sumFor = (id: string) => roundUsd(totals.rows.filter((r) => r[key] === id).reduce((n, r) => n + Number(r[rollupCost]), 0));
    expect(totals.rows.every((r) => /^\d+(\.\d{1,9})?$/.test(r[rollupCost] ?? ""))).toBe(true);
    expectUsd(sumFor(a.id), costA, 6);
    expectUsd(sumFor(b.id), costB, 5);
  });
});

describe("retention", () => {
  test("deletes only request logs older than the setting, and keeps the usage totals", async () => {
    // The GET /v1/usage call above counts too: wait until it is written before taking the totals.
    expect(await stack.waitForUsage(a.id, 7)).toBe(7);
    const before = await usage("range=1h");
    // Backdate three rows past the default 30 days and one to 20 days ago.
    const ids = await stack.inspectDb(async (query) => {
      const rows = await query<{ id: string }>(`SELECT "id"::text AS id FROM "RequestLog" ORDER BY "id" LIMIT 4`);
      const [old1, old2, old3, recent] = rows.map((r) => r.id);
      await query(`UPDATE "RequestLog" SET "createdAt" = (now() AT TIME ZONE 'utc') - interval '40 days' WHERE "id" IN (${old1}, ${old2}, ${old3})`);
      await query(`UPDATE "RequestLog" SET "createdAt" = (now() AT TIME ZONE 'utc') - interval '20 days' WHERE "id" = ${recent}`);
      return { recent };
    });
    const first = await stack.admin<{ deletedLogs: number }>("/api/usage/retention", { method: "POST" });
    expect(first.body.deletedLogs).toBe(3);
    expect((await stack.admin(`/api/usage/logs/${ids.recent}`)).status).toBe(200);

    const bad = await stack.admin<ErrorBody>("/api/settings", { method: "PATCH", body: { logRetentionDays: 0 } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields?.logRetentionDays).toBeDefined();
    expect((await stack.admin("/api/settings", { method: "PATCH", body: { logRetentionDays: 10 } })).status).toBe(200);
    const second = await stack.admin<{ deletedLogs: number }>("/api/usage/retention", { method: "POST" });
    expect(second.body.deletedLogs).toBe(1);
    expect((await stack.admin(`/api/usage/logs/${ids.recent}`)).status).toBe(404);

    // Totals live in the rollups, which have their own, longer retention.
    expect(pick((await usage("range=1h")).totals)).toEqual(pick(before.totals));
  });
});
