// The admission engine over the in-process store: what a refused client reads, and that a lease
// is let go exactly once, whichever way the request ends.
import { describe, expect, test } from "vitest";
import { admit, type Refusal } from "@/lib/policies/admit";
import { compilePolicy, type PolicyRow } from "@/lib/policies/policy";
import { MemoryStore } from "@/lib/policies/store/memory";
import type { PriceBook } from "@/lib/prices";

const ROW: PolicyRow = {
  expiresAt: null, rpmLimit: null, tpmLimit: null, maxConcurrent: null, budgetPeriod: "total", tokenBudget: null, costBudgetUsd: null,
  allowedModels: [], allowedIps: [],
};
const prices: PriceBook = {
  lookup: (model) => (model === "priced" ? { inputUsdPerMTok: 1, outputUsdPerMTok: 2, source: "override", matched: "priced", maxOutputTokens: 100 } : null),
};
const T0 = Date.UTC(2026, 11, 2, 12);
const body = { messages: [{ role: "user", content: "hi" }], max_tokens: 10 };

function setup(row: Partial<PolicyRow>) {
  const store = new MemoryStore();
  const policy = compilePolicy("k1", { ...ROW, ...row });
  const run = (patch: Partial<Parameters<typeof admit>[0]> = {}) =>
    admit({ policy, store, endpoint: "chat/completions", model: "priced", clientIp: "127.0.0.1", body, prices, nowMs: T0, ...patch });
  return { store, policy, run };
}

describe("admit", () => {
  test("a plain key takes nothing from the store", async () => {
    const { run } = setup({});
    const result = await run();
    expect(result.ok && result.lease.id).toBe(null);
  });

  test("checks run in order: IP before model before limits", async () => {
    const { run } = setup({ allowedIps: ["10.0.0.0/8"], allowedModels: ["other"], rpmLimit: 1 });
    expect(await run()).toMatchObject({ ok: false, code: "ip_not_allowed" });
    expect(await run({ clientIp: "10.1.2.3" })).toMatchObject({ ok: false, code: "model_not_allowed", param: "model" });
    expect(await run({ clientIp: "10.1.2.3", model: "other" })).toMatchObject({ ok: true });
  });

  test("requests: OpenAI's message and headers, retry-after from the window", async () => {
    const { run } = setup({ rpmLimit: 2 });
    const first = await run();
    expect(first.ok && first.lease.headers).toEqual({ "x-ratelimit-limit-requests": "2", "x-ratelimit-remaining-requests": "1", "x-ratelimit-reset-requests": "1m0s" });
    await run({ nowMs: T0 + 15_000 });
    const refused = (await run({ nowMs: T0 + 20_250 })) as Refusal;
    expect(refused).toMatchObject({ ok: false, code: "rate_limit_exceeded", type: "requests" });
    expect(refused.message).toBe("Rate limit reached for requests per minute (RPM) on this API key: Limit 2, Used 2, Requested 1. Please try again in 40s.");
    expect(refused.headers).toMatchObject({ "retry-after": "40", "retry-after-ms": "39750", "x-ratelimit-remaining-requests": "0" });
  });

  test("a cost budget refuses a model without a price", async () => {
    const { run } = setup({ costBudgetUsd: 1 });
    expect(await run({ model: "unpriced" })).toMatchObject({ ok: false, code: "model_price_unknown", param: "model" });
  });

  test("budget: the estimate is reserved, the answer settles, the lease ends once", async () => {
    const { run, store } = setup({ tokenBudget: 30 });
    const a = await run();
    if (!a.ok) throw new Error("expected admission");
    const state = await store.inspect({ keyId: "k1", nowMs: T0, rpm: false, tpm: false, budget: { period: "total", periodStart: 0 } });
    expect(state.reserved.tokens).toBeGreaterThan(10);
    expect(a.lease.finish({ totalTokens: 5, costNanoUsd: 0 })).toBe(a.lease.id);
    // A second finish (an error after the answer, say) changes nothing.
    expect(a.lease.finish({ totalTokens: null, costNanoUsd: 0 })).toBeNull();
    const after = await store.inspect({ keyId: "k1", nowMs: T0, rpm: false, tpm: false, budget: { period: "total", periodStart: 0 } });
    expect(after.reserved.tokens).toBe(5);
  });

  test("a spent budget: x-should-retry false; reservations only: retry in a second", async () => {
    const { run, store } = setup({ tokenBudget: 40, budgetPeriod: "day" });
    const held = await run();
    expect(held.ok).toBe(true);
    const busy = (await run({ body: { ...body, max_tokens: 30 } })) as Refusal;
    expect(busy).toMatchObject({ ok: false, code: "insufficient_quota", type: undefined });
    expect(busy.headers["x-should-retry"]).toBeUndefined();
    expect(busy.headers["retry-after"]).toBe("1");
    store.recorded("k1", T0, { tokens: 40, costNanoUsd: 0 }, held.ok ? held.lease.id : null);
    const spent = (await run()) as Refusal;
    expect(spent.headers["x-should-retry"]).toBe("false");
    expect(Number(spent.headers["retry-after"])).toBe(12 * 3600);
    expect(spent.message).toContain("2026-12-03T00:00:00.000Z");
  });
});
