// Key limits across instances: two servers on one PostgreSQL database admit together what one
// would, counting in PostgreSQL (no REDIS_URL) and in Redis; and a Redis outage falls back to
// PostgreSQL, loudly, instead of letting requests through uncounted. PostgreSQL pass only.
import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { estimateRequest } from "@/lib/policies/estimate";
import type { KeyLimits } from "@/lib/policies/schemas";
import { testDbKind } from "../support/database";
import { countPromptTokens, STREAM_WORDS } from "../support/mock-upstream";
import { freePort, type TestServer } from "../support/server";
import { startStack, type CreatedKey, type Stack } from "../support/stack";

const postgres = testDbKind() === "postgresql";
const REDIS_URL = process.env.TEST_REDIS_URL || "redis://127.0.0.1:6379";
const TOKENS_PER_HELLO = countPromptTokens({ messages: [{ content: "hello" }] }) + STREAM_WORDS.length;

async function chat(baseUrl: string, key: string, body: Record<string, unknown> = {}) {
  const response = await fetch(`${baseUrl}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hello" }], ...body }),
  });
  await response.arrayBuffer();
  return response.status;
}

async function keyWith(stack: Stack, policy: Record<string, unknown>): Promise<CreatedKey> {
  const response = await stack.admin<CreatedKey>("/api/keys", { method: "POST", body: { name: "shared", ...policy } });
  if (response.status !== 201) throw new Error(`creating a key failed: ${JSON.stringify(response.body)}`);
  return response.body;
}

describe.each([
  ["PostgreSQL", {}],
  ["Redis", { REDIS_URL }],
])("two instances counting in %s", (_name, env: Record<string, string>) => {
  let stack: Stack;
  let peer: TestServer;

  beforeAll(async () => {
    if (!postgres) return;
    stack = await startStack({ env: { ...env, UPSTREAM_TIMEOUT_MS: "30000" } });
    peer = await stack.startPeer();
  });
  afterAll(async () => {
    await stack?.close();
  });

  test.runIf(postgres)("a limit of 100 requests a minute is shared exactly", async () => {
    const key = await keyWith(stack, { rpmLimit: 100 });
    const urls = [stack.server.url, peer.url];
    const statuses = await Promise.all(Array.from({ length: 300 }, (_, i) => chat(urls[i % 2]!, key.key)));
    expect(statuses.filter((s) => s !== 200 && s !== 429)).toEqual([]);
    expect(statuses.filter((s) => s === 200)).toHaveLength(100);
  });

  test.runIf(postgres)("a budget is shared exactly, and both instances see what was spent", async () => {
    const body = { max_tokens: 20, metadata: { delay_ms: "1500" } };
    const estimate = estimateRequest("chat/completions", { messages: [{ role: "user", content: "hello" }], ...body }, null);
    const perRequest = estimate.promptTokens + estimate.maxOutputTokens;
    const key = await keyWith(stack, { tokenBudget: perRequest * 20 });
    const urls = [stack.server.url, peer.url];
    const statuses = await Promise.all(Array.from({ length: 120 }, (_, i) => chat(urls[i % 2]!, key.key, body)));
    expect(statuses.filter((s) => s === 200)).toHaveLength(20);
    expect(statuses.filter((s) => s === 429)).toHaveLength(100);
    await expect
      .poll(async () => (await stack.admin<KeyLimits>(`/api/keys/${key.id}/limits`)).body.budget?.tokens, { timeout: 10_000 })
      .toEqual({ limit: perRequest * 20, spent: TOKENS_PER_HELLO * 20, reserved: 0, remaining: (perRequest - TOKENS_PER_HELLO) * 20 });
    // The room left fits one more estimate on either instance, not one on each.
    const room = Math.floor((perRequest - TOKENS_PER_HELLO) * 20 / perRequest);
    const more = await Promise.all(Array.from({ length: room + 4 }, (_, i) => chat(urls[i % 2]!, key.key, body)));
    expect(more.filter((s) => s === 200)).toHaveLength(room);
  });

  test.runIf(postgres)("maxConcurrent holds across instances", async () => {
    const key = await keyWith(stack, { maxConcurrent: 3 });
    stack.upstream.resetPeak();
    const urls = [stack.server.url, peer.url];
    const statuses = await Promise.all(Array.from({ length: 12 }, (_, i) => chat(urls[i % 2]!, key.key, { metadata: { delay_ms: "800" } })));
    expect(statuses.filter((s) => s === 200)).toHaveLength(3);
    expect(stack.upstream.inFlight().peak).toBeLessThanOrEqual(3);
  });
});

describe("a Redis outage", () => {
  let stack: Stack;
  let redis: ChildProcess | undefined;

  beforeAll(async () => {
    if (!postgres) return;
    const port = await freePort();
    redis = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
    await new Promise((resolve) => setTimeout(resolve, 300));
    stack = await startStack({ env: { REDIS_URL: `redis://127.0.0.1:${port}` } });
  });
  afterAll(async () => {
    redis?.kill("SIGKILL");
    await stack?.close();
  });

  test.runIf(postgres)("falls back to PostgreSQL and says so: limits still hold", async () => {
    const key = await keyWith(stack, { rpmLimit: 5 });
    expect(stack.server.output()).toContain("counting in Redis");
    for (let i = 0; i < 3; i++) expect(await chat(stack.server.url, key.key)).toBe(200);
    redis?.kill("SIGKILL");
    await new Promise((resolve) => setTimeout(resolve, 200));
    const after = [];
    for (let i = 0; i < 10; i++) after.push(await chat(stack.server.url, key.key));
    // PostgreSQL starts its own count: at most the limit more, never unlimited.
    expect(after.filter((s) => s === 200).length).toBeLessThanOrEqual(5);
    expect(after.filter((s) => s === 429).length).toBeGreaterThanOrEqual(5);
    expect(after.filter((s) => s !== 200 && s !== 429)).toEqual([]);
    expect(stack.server.output()).toMatch(/Redis unavailable .*counting key limits in PostgreSQL/);
  });
});
