// Key policies on the real server, through the official `openai` SDK and fetch: each refusal's
// status, code and headers, exact limits under concurrency, budgets that never overspend, slots
// that always come back. TRUSTED_PROXIES names the test client itself, so X-Forwarded-For can play
// clients at any IPv4 or IPv6 address.
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { estimateRequest } from "@/lib/policies/estimate";
import type { KeyLimits } from "@/lib/policies/schemas";
import { countPromptTokens, STREAM_WORDS } from "../support/mock-upstream";
import { startStack, type CreatedKey, type ErrorBody, type Stack } from "../support/stack";
import { apiError } from "../support/sdk-errors";

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ env: { TRUSTED_PROXIES: "127.0.0.1", UPSTREAM_TIMEOUT_MS: "30000" } });
  // Another key, so a deleted or unknown key is "invalid" rather than "no key created yet".
  await stack.createKey("bystander");
});

afterAll(async () => {
  await stack?.close();
});

type PolicyKey = CreatedKey & Record<string, unknown>;

async function keyWith(policy: Record<string, unknown>, name = "limited"): Promise<PolicyKey> {
  const response = await stack.admin<PolicyKey>("/api/keys", { method: "POST", body: { name, ...policy } });
  if (response.status !== 201) throw new Error(`creating a key failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

const limits = async (id: string) => (await stack.admin<KeyLimits>(`/api/keys/${id}/limits`)).body;
const hello = (model = "gpt-4o-mini", extra: Record<string, unknown> = {}) => ({ model, messages: [{ role: "user" as const, content: "hello" }], ...extra });
const TOKENS_PER_HELLO = countPromptTokens({ messages: [{ content: "hello" }] }) + STREAM_WORDS.length;

async function chat(key: string, body: unknown = hello(), headers: Record<string, string> = {}) {
  const response = await fetch(`${stack.server.url}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as ErrorBody & Record<string, unknown> };
}


describe("policy fields in the management API", () => {
  test("are stored and returned; null and [] clear them", async () => {
    const expiresAt = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const key = await keyWith({
      expiresAt, rpmLimit: 60, tpmLimit: 10_000, maxConcurrent: 4, budgetPeriod: "month", tokenBudget: 1_000_000, costBudgetUsd: 20,
      allowedModels: ["gpt-4o-mini", "anthropic/*"], allowedIps: ["203.0.113.0/24", "2001:db8::/32"],
    });
    expect(key).toMatchObject({
      expiresAt, rpmLimit: 60, tpmLimit: 10_000, maxConcurrent: 4, budgetPeriod: "month", tokenBudget: 1_000_000, costBudgetUsd: 20,
      allowedModels: ["gpt-4o-mini", "anthropic/*"], allowedIps: ["203.0.113.0/24", "2001:db8::/32"], budgetUsed: 0,
    });
    const cleared = await stack.admin<PolicyKey>(`/api/keys/${key.id}`, { method: "PATCH", body: { rpmLimit: null, allowedIps: [], expiresAt: null } });
    expect(cleared.body).toMatchObject({ rpmLimit: null, allowedIps: [], expiresAt: null, tpmLimit: 10_000 });
    const listed = await stack.admin<{ items: PolicyKey[] }>("/api/keys?status=limited&pageSize=100");
    expect(listed.body.items.map((k) => k.id)).toContain(key.id);
  });

  test.each([
    [{ rpmLimit: 0 }, "rpmLimit", /at least 1/],
    [{ tpmLimit: -5 }, "tpmLimit", /at least 1/],
    [{ tpmLimit: 3_000_000_000 }, "tpmLimit", /at most 2,000,000,000/],
    [{ rpmLimit: 1e10 }, "rpmLimit", /at most 1,000,000,000/],
    [{ maxConcurrent: 1.5 }, "maxConcurrent", /whole number/],
    [{ costBudgetUsd: 0 }, "costBudgetUsd", /more than \$0/],
    [{ budgetPeriod: "year" }, "budgetPeriod", /total/],
    [{ allowedIps: ["10.0.0.0/8", "10.0.0.300"] }, "allowedIps.1", /10\.0\.0\.300/],
    [{ allowedModels: ["gpt 4"] }, "allowedModels.0", /spaces/],
    [{ expiresAt: "tomorrow" }, "expiresAt", /ISO 8601/],
    [{ expiresAt: "2020-01-01T00:00:00Z" }, "expiresAt", /future/],
  ])("%j is refused with a field error", async (policy, field, message) => {
    const response = await stack.admin<ErrorBody>("/api/keys", { method: "POST", body: { name: "bad", ...policy } });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("validation_error");
    expect(response.body.error.fields?.[field]).toMatch(message);
  });
});

describe("expiry", () => {
  test("a key that expires while cached is refused on its next request, with 401 api_key_expired", async () => {
    const key = await keyWith({ expiresAt: new Date(Date.now() + 2500).toISOString() });
    const openai = stack.client(key.key);
    await openai.chat.completions.create(hello());
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, new Date(String(key.expiresAt)).getTime() - Date.now() + 50)));
    const error = await apiError(openai.chat.completions.create(hello()));
    expect(error.status).toBe(401);
    expect(error.code).toBe("api_key_expired");
    expect(error.message).toContain(String(key.expiresAt));
    expect(stack.upstream.received.filter((r) => r.headers.authorization && r.url.includes("chat"))).toBeDefined();
    await expect.poll(async () => (await limits(key.id)).refusals.map((r) => r.errorCode), { timeout: 5000 }).toContain("api_key_expired");
    expect((await limits(key.id)).expired).toBe(true);
    const listed = await stack.admin<{ items: PolicyKey[] }>("/api/keys?status=expired&pageSize=100");
    expect(listed.body.items.map((k) => k.id)).toContain(key.id);
  });
});

describe("IP allowlist", () => {
  test.each([
    ["203.0.113.7", ["203.0.113.7"], 200],
    ["203.0.113.8", ["203.0.113.7"], 403],
    ["10.20.30.40", ["10.0.0.0/8"], 200],
    ["11.0.0.1", ["10.0.0.0/8"], 403],
    ["2001:db8::5", ["2001:db8::/32"], 200],
    ["2001:db9::5", ["2001:db8::/32"], 403],
    ["::ffff:192.0.2.1", ["192.0.2.0/24"], 200],
  ])("a client at %s with %j: %d", async (address, allowedIps, status) => {
    const key = await keyWith({ allowedIps });
    const response = await chat(key.key, hello(), { "x-forwarded-for": address });
    expect(response.status).toBe(status);
    if (status === 403) {
      expect(response.body.error).toMatchObject({ code: "ip_not_allowed", type: "permission_error" });
      expect(response.body.error.message).toContain(address);
    }
  });

  test("the header the server sets itself cannot be sent by a client", async () => {
    const key = await keyWith({ allowedIps: ["198.51.100.1"] });
    const response = await chat(key.key, hello(), { "x-keygate-peer": "198.51.100.1" });
    expect(response.status).toBe(403);
  });

  test("refused through the SDK as a PermissionDeniedError, and never sent upstream", async () => {
    const key = await keyWith({ allowedIps: ["192.0.2.0/24"] });
    const before = stack.upstream.received.length;
    const error = await apiError(stack.client(key.key).chat.completions.create(hello()));
    expect(error).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect(error.code).toBe("ip_not_allowed");
    expect(stack.upstream.received.length).toBe(before);
  });
});

describe("model allowlist", () => {
  test("exact ids and wildcards; refusals name the model; /v1/models lists only what the key may use", async () => {
    const key = await keyWith({ allowedModels: ["gpt-4o*", "text-embedding-3-small"] });
    const openai = stack.client(key.key);
    await openai.chat.completions.create(hello("gpt-4o-mini"));
    await openai.embeddings.create({ model: "text-embedding-3-small", input: "hi" });
    const error = await apiError(openai.chat.completions.create(hello("gpt-4")));
    expect(error.status).toBe(403);
    expect(error.code).toBe("model_not_allowed");
    expect(error.message).toContain("`gpt-4`");
    const models = await openai.models.list();
    expect(models.data.map((m) => m.id).sort()).toEqual(["gpt-4o-mini", "text-embedding-3-small"]);
    expect((await apiError(openai.models.retrieve("gpt-4"))).code).toBe("model_not_allowed");
    expect((await openai.models.retrieve("gpt-4o-mini")).id).toBe("gpt-4o-mini");
  });
});

describe("requests per minute", () => {
  test("the limit is exact, headers count down, 429s carry the real wait and do not count", async () => {
    const key = await keyWith({ rpmLimit: 5 });
    const first = Date.now();
    for (let i = 0; i < 5; i++) {
      const response = await chat(key.key);
      expect(response.status).toBe(200);
      expect(response.headers.get("x-ratelimit-limit-requests")).toBe("5");
      expect(response.headers.get("x-ratelimit-remaining-requests")).toBe(String(4 - i));
      expect(response.headers.get("x-ratelimit-reset-requests")).toMatch(/^(\d+m)?\d+s$|^\d+ms$/);
    }
    for (let i = 0; i < 3; i++) {
      const refused = await chat(key.key);
      expect(refused.status).toBe(429);
      expect(refused.body.error).toMatchObject({ code: "rate_limit_exceeded", type: "requests" });
      // Refusals take nothing: it is still 5 used, not 6, 7, 8.
      expect(refused.body.error.message).toMatch(/Limit 5, Used 5, Requested 1\. Please try again in \d+s\./);
      const truth = first + 60_000 - Date.now();
      expect(Math.abs(Number(refused.headers.get("retry-after-ms")) - truth)).toBeLessThan(1000);
      expect(Math.abs(Number(refused.headers.get("retry-after")) * 1000 - truth)).toBeLessThanOrEqual(2000);
      expect(refused.headers.get("x-ratelimit-remaining-requests")).toBe("0");
    }
    const error = await apiError(stack.client(key.key).chat.completions.create(hello()));
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect(error.code).toBe("rate_limit_exceeded");
    const now = await limits(key.id);
    expect(now.requests).toMatchObject({ limit: 5, used: 5, remaining: 0 });
    await expect.poll(async () => (await limits(key.id)).refusals.filter((r) => r.errorCode === "rate_limit_exceeded").length).toBe(4);
  });

  test("every answer to a rate-limited key carries the headers, refusals before counting too", async () => {
    const key = await keyWith({ rpmLimit: 10, allowedModels: ["gpt-4o-mini"] });
    expect((await chat(key.key)).headers.get("x-ratelimit-remaining-requests")).toBe("9");
    const notAllowed = await chat(key.key, hello("gpt-4"));
    expect(notAllowed.status).toBe(403);
    expect(notAllowed.headers.get("x-ratelimit-limit-requests")).toBe("10");
    expect(notAllowed.headers.get("x-ratelimit-remaining-requests")).toBe("9");
    const broken = await fetch(`${stack.server.url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${key.key}`, "content-type": "application/json" },
      body: '{"model": ',
    });
    expect(broken.status).toBe(400);
    expect(broken.headers.get("x-ratelimit-remaining-requests")).toBe("9");
    const models = await fetch(`${stack.server.url}/v1/models`, { headers: { authorization: `Bearer ${key.key}` } });
    expect(models.headers.get("x-ratelimit-remaining-requests")).toBe("9");
  });

  test("500 concurrent requests against 100 a minute: exactly 100 admitted", async () => {
    const key = await keyWith({ rpmLimit: 100 });
    const results = await Promise.all(Array.from({ length: 500 }, () => chat(key.key)));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s !== 200 && s !== 429)).toEqual([]);
    expect(statuses.filter((s) => s === 200)).toHaveLength(100);
  });
});

describe("tokens per minute", () => {
  test("admitted while the window has room; usage charged when known, streams included", async () => {
    const key = await keyWith({ tpmLimit: TOKENS_PER_HELLO * 2 });
    const ok = await chat(key.key);
    expect(ok.status).toBe(200);
    expect(ok.headers.get("x-ratelimit-limit-tokens")).toBe(String(TOKENS_PER_HELLO * 2));
    const stream = await stack.client(key.key).chat.completions.create({ ...hello(), stream: true });
    for await (const _ of stream) void _;
    await expect.poll(async () => (await limits(key.id)).tokens?.used).toBe(TOKENS_PER_HELLO * 2);
    const refused = await chat(key.key);
    expect(refused.status).toBe(429);
    expect(refused.body.error).toMatchObject({ code: "rate_limit_exceeded", type: "tokens" });
    expect(refused.headers.get("x-ratelimit-remaining-tokens")).toBe("0");
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(58);
  });
});

describe("concurrency", () => {
  test("maxConcurrent 2 with 10 parallel: 2 in flight, the rest refused", async () => {
    const key = await keyWith({ maxConcurrent: 2 });
    stack.upstream.resetPeak();
    const results = await Promise.all(Array.from({ length: 10 }, () => chat(key.key, hello("gpt-4o-mini", { metadata: { delay_ms: "500" } }))));
    expect(results.filter((r) => r.status === 200)).toHaveLength(2);
    const refused = results.filter((r) => r.status === 429);
    expect(refused).toHaveLength(8);
    expect(refused[0]?.body.error.code).toBe("concurrency_limit_exceeded");
    expect(refused[0]?.headers.get("retry-after")).toBe("1");
    expect(stack.upstream.inFlight().peak).toBeLessThanOrEqual(2);
    // Done: both slots are free again.
    expect((await chat(key.key)).status).toBe(200);
    expect((await limits(key.id)).concurrency).toEqual({ limit: 2, inFlight: 0 });
  });

  test("200 streams cancelled midway leave no slot held", async () => {
    const key = await keyWith({ maxConcurrent: 1000 });
    const openai = stack.client(key.key);
    await Promise.all(
      Array.from({ length: 200 }, async () => {
        const controller = new AbortController();
        const stream = await openai.chat.completions.create({ ...hello(), stream: true, metadata: { interval_ms: "300" } }, { signal: controller.signal });
        for await (const _ of stream) {
          controller.abort();
          break;
        }
      }),
    );
    await expect.poll(async () => (await limits(key.id)).concurrency?.inFlight, { timeout: 15_000 }).toBe(0);
  });

  test("a slot is freed when the upstream fails", async () => {
    const key = await keyWith({ maxConcurrent: 1 });
    expect((await chat(key.key, hello("mock-error"))).status).toBe(500);
    expect((await chat(key.key)).status).toBe(200);
  });
});

describe("budgets", () => {
  test("200 concurrent requests against a budget that fits exactly 50: 50 admitted, never overspent", async () => {
    const body = hello("gpt-4o-mini", { max_tokens: 20, metadata: { delay_ms: "1500" } });
    const estimate = estimateRequest("chat/completions", body, null);
    const perRequest = estimate.promptTokens + estimate.maxOutputTokens;
    const key = await keyWith({ tokenBudget: perRequest * 50 });
    const results = await Promise.all(Array.from({ length: 200 }, () => chat(key.key, body)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(50);
    const refused = results.filter((r) => r.status === 429);
    expect(refused).toHaveLength(150);
    expect(refused[0]?.body.error).toMatchObject({ code: "insufficient_quota", type: "insufficient_quota" });
    await expect.poll(async () => (await limits(key.id)).budget?.tokens, { timeout: 10_000 }).toEqual({
      limit: perRequest * 50, spent: TOKENS_PER_HELLO * 50, reserved: 0, remaining: perRequest * 50 - TOKENS_PER_HELLO * 50,
    });
  });

  test("a spent budget says so: 429 insufficient_quota, x-should-retry false, and the SDK does not retry", async () => {
    const estimate = estimateRequest("chat/completions", hello("gpt-4o-mini", { max_tokens: 6 }), null);
    // The first request's estimate fits exactly; its answer's real tokens are spent, leaving less than another estimate.
    const key = await keyWith({ tokenBudget: estimate.promptTokens + estimate.maxOutputTokens, budgetPeriod: "total" });
    expect((await chat(key.key, hello("gpt-4o-mini", { max_tokens: 6 }))).status).toBe(200);
    await expect.poll(async () => (await limits(key.id)).budget?.tokens?.spent).toBe(TOKENS_PER_HELLO);
    const refused = await chat(key.key, hello("gpt-4o-mini", { max_tokens: 6 }));
    expect(refused.status).toBe(429);
    expect(refused.headers.get("x-should-retry")).toBe("false");
    expect(refused.headers.get("retry-after")).toBeNull();
    expect(refused.body.error.message).toMatch(/never resets/);
    const before = stack.upstream.received.length;
    const retrying = new OpenAI({ baseURL: `${stack.server.url}/v1`, apiKey: key.key, maxRetries: 3 });
    const error = await apiError(retrying.chat.completions.create(hello("gpt-4o-mini", { max_tokens: 6 })));
    expect(error.status).toBe(429);
    expect(error.code).toBe("insufficient_quota");
    expect(stack.upstream.received.length).toBe(before);
  });

  test("a monthly budget's refusal says when it resets, in retry-after too", async () => {
    const key = await keyWith({ tokenBudget: 5, budgetPeriod: "month" });
    const refused = await chat(key.key, hello("gpt-4o-mini", { max_tokens: 10 }));
    expect(refused.status).toBe(429);
    const now = new Date();
    const reset = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1);
    expect(refused.body.error.message).toContain(new Date(reset).toISOString());
    expect(Math.abs(Number(refused.headers.get("retry-after")) - (reset - Date.now()) / 1000)).toBeLessThan(5);
    expect((await limits(key.id)).budget).toMatchObject({ period: "month", resetsAt: new Date(reset).toISOString() });
  });

  test("streams settle their real tokens; an aborted stream releases its reservation", async () => {
    const key = await keyWith({ tokenBudget: 100_000 });
    const openai = stack.client(key.key);
    const stream = await openai.chat.completions.create({ ...hello(), stream: true, max_tokens: 100 });
    for await (const _ of stream) void _;
    await expect.poll(async () => (await limits(key.id)).budget?.tokens).toMatchObject({ spent: TOKENS_PER_HELLO, reserved: 0 });
    const controller = new AbortController();
    const aborted = await openai.chat.completions.create({ ...hello(), stream: true, max_tokens: 100, metadata: { interval_ms: "300" } }, { signal: controller.signal });
    expect((await limits(key.id)).budget?.tokens?.reserved).toBeGreaterThan(100);
    for await (const _ of aborted) {
      controller.abort();
      break;
    }
    await expect.poll(async () => (await limits(key.id)).budget?.tokens).toMatchObject({ spent: TOKENS_PER_HELLO, reserved: 0 });
  });

  test("a cost budget: a model without a price is refused, never free", async () => {
    const key = await keyWith({ costBudgetUsd: 5 });
    const refused = await chat(key.key, hello("mock-break"));
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe("model_price_unknown");
    expect(refused.body.error.message).toContain("mock-break");
    expect((await chat(key.key, hello("gpt-4o-mini", { max_tokens: 10 }))).status).toBe(200);
    await expect.poll(async () => (await limits(key.id)).budget?.costUsd?.spent).toBeGreaterThan(0);
  });
});

describe("GET /v1/usage", () => {
  test("tells a key holder its limits, remaining budget and reset time", async () => {
    const key = await keyWith({ rpmLimit: 60, tokenBudget: 1000, budgetPeriod: "day", allowedModels: ["gpt-4o-mini"] });
    await chat(key.key, hello("gpt-4o-mini", { max_tokens: 10 }));
    await expect.poll(async () => (await limits(key.id)).budget?.tokens?.spent).toBe(TOKENS_PER_HELLO);
    const response = await fetch(`${stack.server.url}/v1/usage`, { headers: { authorization: `Bearer ${key.key}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-ratelimit-limit-requests")).toBe("60");
    const body = (await response.json()) as { limits: Record<string, unknown> };
    const now = new Date();
    expect(body.limits).toMatchObject({
      requests_per_minute: { limit: 60, used: 1, remaining: 59 },
      budget: {
        period: "day",
        resets_at: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1)).toISOString(),
        tokens: { limit: 1000, spent: TOKENS_PER_HELLO, reserved: 0, remaining: 1000 - TOKENS_PER_HELLO },
      },
      allowed_models: ["gpt-4o-mini"],
    });
  });
});
