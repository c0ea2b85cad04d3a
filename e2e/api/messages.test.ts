// Anthropic's Messages API through Keygate to an Anthropic provider, with the official
// @anthropic-ai/sdk: passed through untouched (stream event by event), the provider's key sent as
// x-api-key, usage and cost counted, and every error and rate limit in Anthropic's own shape.
import Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { countAnthropicTokens, STREAM_WORDS } from "../support/mock-upstream";
import { anthropicError } from "../support/sdk-errors";
import { startStack, type CreatedKey, type Stack } from "../support/stack";

const MODEL = "claude-sonnet-4-20250514";
let stack: Stack;
let key: CreatedKey;

beforeAll(async () => {
  stack = await startStack();
  key = await stack.createKey("claude");
  const created = await stack.admin("/api/providers", {
    method: "POST",
    body: { name: "Anthropic (mock)", kind: "anthropic", baseUrl: stack.upstream.url.replace(/\/v1$/, ""), apiKey: stack.upstreamKey, allModels: false, models: [MODEL, "mock-error"] },
  });
  if (created.status !== 201) throw new Error(`creating the Anthropic provider failed: ${JSON.stringify(created.body)}`);
});

afterAll(async () => {
  await stack?.close();
});

const anthropic = (apiKey: string, options: { bearer?: boolean } = {}) =>
  new Anthropic({ baseURL: stack.server.url, maxRetries: 0, ...(options.bearer ? { authToken: apiKey, apiKey: null } : { apiKey }) });

const ask = { model: MODEL, max_tokens: 64, system: "Be brief.", messages: [{ role: "user" as const, content: "Say hello" }] };
const PROMPT_TOKENS = countAnthropicTokens(ask);

const logsOf = (keyId: string, count: number) => stack.logsOf(keyId, count);


describe("to an Anthropic provider", () => {
  test("messages.create: the answer, the provider's key as x-api-key, usage and cost counted", async () => {
    const message = await anthropic(key.key).messages.create(ask, { headers: { "anthropic-beta": "prompt-caching-2024-07-31" } });
    expect(message.content).toEqual([{ type: "text", text: STREAM_WORDS.join("") }]);
    expect(message.usage).toMatchObject({ input_tokens: PROMPT_TOKENS, output_tokens: STREAM_WORDS.length });
    const upstream = stack.upstream.received.filter((r) => r.url === "/v1/messages").at(-1);
    expect(upstream?.headers["x-api-key"]).toBe(stack.upstreamKey);
    expect(upstream?.headers.authorization).toBeUndefined();
    // The client's own anthropic-version goes on (the SDK sends one).
    expect(upstream?.headers["anthropic-version"]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(upstream?.headers["anthropic-beta"]).toBe("prompt-caching-2024-07-31");
    const [log] = await logsOf(key.id, 1);
    expect(log).toMatchObject({ endpoint: "messages", model: MODEL, status: 200, promptTokens: PROMPT_TOKENS, completionTokens: STREAM_WORDS.length });
    expect(log?.costUsd).toBeGreaterThan(0);
  });

  test("messages.stream: events pass through in order; streamed usage is counted", async () => {
    const client = anthropic(key.key, { bearer: true });
    const stream = client.messages.stream({ ...ask, metadata: { user_id: "u1" } });
    const texts: string[] = [];
    stream.on("text", (t) => texts.push(t));
    const final = await stream.finalMessage();
    expect(texts).toEqual(STREAM_WORDS);
    expect(final.stop_reason).toBe("end_turn");
    expect(final.usage.output_tokens).toBe(STREAM_WORDS.length);
    const logs = await logsOf(key.id, 2);
    expect(logs[0]).toMatchObject({ stream: true, promptTokens: PROMPT_TOKENS, completionTokens: STREAM_WORDS.length, totalTokens: PROMPT_TOKENS + STREAM_WORDS.length });
  });

  test("a client that names no anthropic-version gets the default one upstream, and x-api-key is accepted", async () => {
    const response = await fetch(`${stack.server.url}/v1/messages`, {
      method: "POST",
      headers: { "x-api-key": key.key, "content-type": "application/json" },
      body: JSON.stringify(ask),
    });
    expect(response.status).toBe(200);
    expect(stack.upstream.received.filter((r) => r.url === "/v1/messages").at(-1)?.headers["anthropic-version"]).toBe("2023-06-01");
  });

  test("countTokens is forwarded", async () => {
    const counted = await anthropic(key.key).messages.countTokens({ model: MODEL, system: ask.system, messages: ask.messages });
    expect(counted.input_tokens).toBe(PROMPT_TOKENS);
  });

  test("the provider's own errors pass through in its shape", async () => {
    const error = await anthropicError(anthropic(key.key).messages.create({ ...ask, model: "mock-error" }));
    expect(error.status).toBe(529);
    expect(error.error).toMatchObject({ type: "error", error: { type: "overloaded_error" } });
  });
});

describe("Keygate's own refusals in Anthropic's shape", () => {
  test("a wrong key: 401 authentication_error", async () => {
    const error = await anthropicError(anthropic("sk-wrongwrongwrongwrongwrongwrongwr").messages.create(ask));
    expect(error).toBeInstanceOf(Anthropic.AuthenticationError);
    expect(error.error).toEqual({ type: "error", error: { type: "authentication_error", message: expect.stringMatching(/Invalid API key/) } });
  });

  test("a model the key may not use: 403 permission_error", async () => {
    const limited = await stack.admin<CreatedKey>("/api/keys", { method: "POST", body: { name: "haiku only", allowedModels: ["claude-3-5-haiku-*"] } });
    const error = await anthropicError(anthropic(limited.body.key).messages.create(ask));
    expect(error).toBeInstanceOf(Anthropic.PermissionDeniedError);
    expect(error.error).toMatchObject({ type: "error", error: { type: "permission_error" } });
  });

  test("a rate limit: 429 rate_limit_error with anthropic-ratelimit-* headers and retry-after", async () => {
    const limited = await stack.admin<CreatedKey>("/api/keys", { method: "POST", body: { name: "one a minute", rpmLimit: 1 } });
    const client = anthropic(limited.body.key);
    const ok = await client.messages.create(ask).withResponse();
    expect(ok.response.headers.get("anthropic-ratelimit-requests-limit")).toBe("1");
    expect(ok.response.headers.get("anthropic-ratelimit-requests-remaining")).toBe("0");
    expect(Date.parse(ok.response.headers.get("anthropic-ratelimit-requests-reset") ?? "")).toBeGreaterThan(Date.now());
    expect(ok.response.headers.get("x-ratelimit-limit-requests")).toBeNull();
    const error = await anthropicError(client.messages.create(ask));
    expect(error).toBeInstanceOf(Anthropic.RateLimitError);
    expect(error.error).toMatchObject({ type: "error", error: { type: "rate_limit_error", message: expect.stringMatching(/Limit 1, Used 1/) } });
    expect(Number(error.headers?.get("retry-after"))).toBeGreaterThan(50);
  });
});

test("chat completions to a model an Anthropic provider names go to it (translated), before any catch-all provider", async () => {
  const response = await fetch(`${stack.server.url}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key.key}`, "content-type": "application/json" },
    body: JSON.stringify({ model: MODEL, messages: [{ role: "user", content: "hi" }] }),
  });
  // The default OpenAI-compatible provider serves every model, but the Anthropic one names this one.
  expect(response.status).toBe(200);
  expect(((await response.json()) as { object: string }).object).toBe("chat.completion");
  expect(stack.upstream.received.at(-1)?.url).toBe("/v1/messages");
});

test("the Anthropic provider's connection test lists its models", async () => {
  const { body } = await stack.admin<{ items: { id: string; kind: string }[] }>("/api/providers");
  const provider = body.items.find((p) => p.kind === "anthropic");
  const result = await stack.admin<{ ok: boolean; models: string[] }>(`/api/providers/${provider?.id}/test`, { method: "POST" });
  expect(result.body.ok).toBe(true);
  expect(result.body.models.length).toBeGreaterThan(0);
  expect(stack.upstream.received.at(-1)).toMatchObject({ url: "/v1/models" });
});
