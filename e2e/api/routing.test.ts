// Several providers serving one model: priority, weighted sharing, fallback before the first byte
// (down, 429/5xx, reset, too slow), never after it, a circuit breaker, and model aliases; each
// request one log row naming the provider that answered and how many were tried.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import type { RequestLogPage } from "@/lib/usage/schemas";
import { startMockUpstream, STREAM_WORDS, type MockUpstream } from "../support/mock-upstream";
import { apiError } from "../support/sdk-errors";
import { startStack, type CreatedKey, type Stack } from "../support/stack";

const MODEL = "route-model";
const COOLDOWN_MS = 1500;
let stack: Stack;
let key: CreatedKey;
let a: MockUpstream;
let b: MockUpstream;
const ids: Record<string, string> = {};

async function provider(name: string, upstream: MockUpstream, body: Record<string, unknown>) {
  const created = await stack.admin<{ id: string }>("/api/providers", {
    method: "POST",
    body: { name, baseUrl: upstream.url, apiKey: stack.upstreamKey, allModels: false, models: [MODEL], ...body },
  });
  if (created.status !== 201) throw new Error(`creating ${name} failed: ${JSON.stringify(created.body)}`);
  ids[name] = created.body.id;
}

beforeAll(async () => {
  stack = await startStack({ env: { FALLBACK_TIMEOUT_MS: "300", PROVIDER_COOLDOWN_MS: String(COOLDOWN_MS) } });
  a = await startMockUpstream({ apiKey: stack.upstreamKey });
  b = await startMockUpstream({ apiKey: stack.upstreamKey });
  key = await stack.createKey("routing");
  // The default provider serves every model: out of the way, so only A and B serve this one.
  const { body } = await stack.admin<{ items: { id: string }[] }>("/api/providers");
  for (const p of body.items) await stack.admin(`/api/providers/${p.id}`, { method: "PATCH", body: { enabled: false } });
  await provider("A", a, { priority: 10 });
  await provider("B", b, { priority: 20 });
});

afterAll(async () => {
  await stack?.close();
  await a?.close();
  await b?.close();
});

beforeEach(() => {
  a.setFault(null);
  b.setFault(null);
});

const chat = (extra: Record<string, unknown> = {}) =>
  stack.client(key.key).chat.completions.create({ model: MODEL, messages: [{ role: "user", content: "route me" }], ...extra } as never);
const count = (m: MockUpstream) => m.received.filter((r) => r.url === "/v1/chat/completions").length;

async function lastLog() {
  let items: RequestLogPage["items"] = [];
  const before = logCount;
  await expect
    .poll(async () => {
      items = (await stack.admin<RequestLogPage>(`/api/usage/logs?range=1h&keyId=${key.id}`)).body.items;
      return items.length;
    })
    .toBeGreaterThan(before);
  logCount = items.length;
  return items[0]!;
}
let logCount = 0;

/** Lets a provider's circuit close again (its cool-down passes, then a success resets it). */
const coolDown = () => new Promise((resolve) => setTimeout(resolve, COOLDOWN_MS + 100));

describe("priority and fallback", () => {
  test("the lowest priority number answers; the other is not asked", async () => {
    const before = count(b);
    await chat();
    expect(count(b)).toBe(before);
    expect(await lastLog()).toMatchObject({ providerName: "A", attempts: 1, status: 200 });
  });

  for (const [label, fault] of [
    ["answers 503", { status: 503 }],
    ["answers 429", { status: 429 }],
    ["resets the connection before answering", { reset: true }],
  ] as const) {
    test(`the first provider ${label}: the second answers, one log row with 2 attempts`, async () => {
      a.setFault(fault);
      const completion = await chat();
      expect(completion.choices[0]?.message.content).toBe(STREAM_WORDS.join(""));
      expect(await lastLog()).toMatchObject({ providerName: "B", attempts: 2, status: 200, completionTokens: STREAM_WORDS.length });
    });
  }

  test("after 3 failures in a row the first provider is skipped for its cool-down, then tried again", async () => {
    // The three tests above failed A three times: its circuit is open.
    a.setFault({ status: 500 });
    const before = a.received.length;
    await chat();
    expect(a.received.length).toBe(before);
    expect(await lastLog()).toMatchObject({ providerName: "B", attempts: 1 });
    a.setFault(null);
    await coolDown();
    await chat();
    expect(await lastLog()).toMatchObject({ providerName: "A", attempts: 1 });
  });

  test("a stream whose first provider is too slow to start is answered by the second", async () => {
    // Well past the fallback timeout: undici checks its timers about once a second.
    a.setFault({ delayMs: 2500 });
    const stream = await chat({ stream: true });
    let text = "";
    for await (const chunk of stream as unknown as AsyncIterable<{ choices: { delta: { content?: string } }[] }>) text += chunk.choices[0]?.delta.content ?? "";
    expect(text).toBe(STREAM_WORDS.join(""));
    expect(await lastLog()).toMatchObject({ providerName: "B", attempts: 2, stream: true, completionTokens: STREAM_WORDS.length });
  });

  test("once bytes have reached the client there is no retry: a stream broken midway ends in an error", async () => {
    await coolDown();
    // A serves "break-model" as the mock's mock-break, which dies after two words; B serves it too.
    await stack.admin(`/api/providers/${ids.A}`, { method: "PATCH", body: { modelAliases: { "break-model": "mock-break" } } });
    await stack.admin(`/api/providers/${ids.B}`, { method: "PATCH", body: { models: [MODEL, "break-model"] } });
    const before = count(b);
    const stream = await stack.client(key.key).chat.completions.create({ model: "break-model", messages: [{ role: "user", content: "x" }], stream: true });
    let text = "";
    const error = await apiError(
      (async () => {
        for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";
      })(),
    );
    expect(text).toBe(STREAM_WORDS.slice(0, 2).join(""));
    expect(error.message).toMatch(/failed in the middle/);
    expect(count(b)).toBe(before);
    expect(await lastLog()).toMatchObject({ providerName: "A", attempts: 1, errorCode: "upstream_error" });
  });

  test("every provider down: 502 in OpenAI's shape, one log row with every attempt", async () => {
    a.setFault({ reset: true });
    b.setFault({ reset: true });
    const error = await apiError(chat());
    expect(error.status).toBe(502);
    expect(error.error).toMatchObject({ code: "upstream_unreachable", message: expect.stringContaining("2 providers were tried") });
    expect(await lastLog()).toMatchObject({ status: 502, errorCode: "upstream_unreachable", attempts: 2 });
  });
});

describe("weights and aliases", () => {
  test("equal priority shares the load by weight (3:1)", async () => {
    await coolDown();
    await stack.admin(`/api/providers/${ids.A}`, { method: "PATCH", body: { priority: 10, weight: 3 } });
    await stack.admin(`/api/providers/${ids.B}`, { method: "PATCH", body: { priority: 10, weight: 1 } });
    const [beforeA, beforeB] = [count(a), count(b)];
    for (let i = 0; i < 8; i++) await chat();
    expect([count(a) - beforeA, count(b) - beforeB]).toEqual([6, 2]);
  });

  test("an alias: the public name is routed, sent as the provider's own id, listed in /v1/models and logged", async () => {
    await stack.admin(`/api/providers/${ids.B}`, { method: "PATCH", body: { priority: 5, modelAliases: { "team-model": "b-deployment-7" } } });
    const completion = await stack.client(key.key).chat.completions.create({ model: "team-model", messages: [{ role: "user", content: "hi" }] });
    expect(completion.choices[0]?.message.content).toBe(STREAM_WORDS.join(""));
    expect(b.received.at(-1)?.body).toMatchObject({ model: "b-deployment-7" });
    const models = await stack.client(key.key).models.list();
    const listed = models.data.map((m) => m.id);
    expect(listed).toContain("team-model");
    expect(listed).not.toContain("b-deployment-7");
    await expect
      .poll(async () => (await stack.admin<RequestLogPage>(`/api/usage/logs?range=1h&keyId=${key.id}&model=team-model`)).body.items[0])
      .toMatchObject({ endpoint: "chat/completions", model: "team-model", providerName: "B" });
  });

  test("bad routing settings are refused with field errors", async () => {
    const weight = await stack.admin<{ error: { param: string } }>(`/api/providers/${ids.B}`, { method: "PATCH", body: { weight: 0 } });
    expect(weight.status).toBe(400);
    expect(JSON.stringify(weight.body)).toContain("Weight must be between 1 and 1000");
    const alias = await stack.admin(`/api/providers/${ids.B}`, { method: "PATCH", body: { modelAliases: { "has space": "x" } } });
    expect(alias.status).toBe(400);
    expect(JSON.stringify(alias.body)).toContain("cannot contain spaces");
  });
});

test("when the only other provider cannot take the request, the first provider's own failure is passed on", async () => {
  const model = "route-model-mixed";
  const anthropic = await startMockUpstream({ apiKey: stack.upstreamKey });
  try {
    await provider("mixed A", a, { priority: 10, models: [model] });
    await provider("mixed C", anthropic, { priority: 20, models: [model], kind: "anthropic" });
    // A's circuit is closed again after the earlier tests' failures: its cool-down passes, a success resets it.
    await coolDown();
    await stack.client(key.key).chat.completions.create({ model, messages: [{ role: "user", content: "warm" }] });
    const newest = async () => (await stack.admin<RequestLogPage>(`/api/usage/logs?range=1h&keyId=${key.id}&model=${model}`)).body.items;
    await expect.poll(newest).toHaveLength(1);
    expect((await newest())[0]).toMatchObject({ providerName: "mixed A", status: 200 });
    a.setFault({ status: 503 });
    // Anthropic's Messages API has no `n`: the translation to C refuses it, so C is never asked.
    const error = await apiError(stack.client(key.key).chat.completions.create({ model, n: 2, messages: [{ role: "user", content: "two please" }] }, { maxRetries: 0 }));
    expect(error.status).toBe(503);
    expect(anthropic.received.filter((r) => r.url.includes("messages"))).toHaveLength(0);
    await expect.poll(newest).toHaveLength(2);
    expect((await newest())[0]).toMatchObject({ providerName: "mixed A", attempts: 1, status: 503 });
  } finally {
    await anthropic.close();
  }
});
