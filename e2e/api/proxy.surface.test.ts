// The rest of the OpenAI surface that is plain JSON: moderations, image generation and rerank.
// Each is authenticated, checked against the key's policy, routed by model, forwarded with the
// provider's key (never the client's), and counted with its usage.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { KeyLimits } from "@/lib/policies/schemas";
import { countPromptTokens } from "../support/mock-upstream";
import { apiError } from "../support/sdk-errors";
import { startStack, type CreatedKey, type Stack } from "../support/stack";

let stack: Stack;
let key: CreatedKey;

beforeAll(async () => {
  stack = await startStack();
  key = await stack.createKey("surface");
});

afterAll(async () => {
  await stack?.close();
});

const lastLog = (keyId: string, endpoint: string) => stack.lastLog(keyId, endpoint);

function lastUpstream(path: string) {
  const found = stack.upstream.received.filter((r) => r.url.endsWith(path)).at(-1);
  if (!found) throw new Error(`nothing reached the upstream at ${path}`);
  return found;
}

describe("moderations", () => {
  test("through the SDK, with the default model when none is given", async () => {
    const openai = stack.client(key.key);
    const result = await openai.moderations.create({ input: ["a friendly hello", "plan an attack"] });
    expect(result.results.map((r) => r.flagged)).toEqual([false, true]);
    const upstream = lastUpstream("/moderations");
    expect(upstream.headers.authorization).toBe(`Bearer ${stack.upstreamKey}`);
    expect(upstream.body).not.toHaveProperty("model");
    const log = await lastLog(key.id, "moderations");
    expect(log).toMatchObject({ status: 200, model: "omni-moderation-latest", errorCode: null });
  });

  test("a model allowlist applies to the default model too", async () => {
    const limited = await stack.admin<CreatedKey>("/api/keys", { method: "POST", body: { name: "chat only", allowedModels: ["gpt-4o-mini"] } });
    const error = await apiError(stack.client(limited.body.key).moderations.create({ input: "hello" }));
    expect(error.status).toBe(403);
    expect(error.code).toBe("model_not_allowed");
    expect(error.message).toContain("omni-moderation-latest");
  });
});

describe("image generation", () => {
  test("through the SDK: the images come back, their token usage is counted", async () => {
    const openai = stack.client(key.key);
    const prompt = "a lighthouse at dawn in watercolor";
    const result = await openai.images.generate({ model: "gpt-image-1", prompt, n: 2 });
    expect(result.data).toHaveLength(2);
    expect(lastUpstream("/images/generations").body).toMatchObject({ model: "gpt-image-1", prompt, n: 2 });
    const promptTokens = countPromptTokens({ prompt });
    const log = await lastLog(key.id, "images/generations");
    expect(log).toMatchObject({ status: 200, model: "gpt-image-1", promptTokens, completionTokens: 2, totalTokens: promptTokens + 2 });
  });
});

describe("rerank", () => {
  test("forwarded by model; total tokens counted, and a token budget is charged", async () => {
    const budgeted = await stack.admin<CreatedKey>("/api/keys", { method: "POST", body: { name: "rerank budget", tokenBudget: 10_000 } });
    const documents = ["the cat sat", "a dog ran far", "birds fly south"];
    const response = await fetch(`${stack.server.url}/v1/rerank`, {
      method: "POST",
      headers: { authorization: `Bearer ${budgeted.body.key}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "rerank-english-v3.0", query: "which animal flies", documents, top_n: 2 }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { results: { index: number }[] };
    expect(body.results.map((r) => r.index)).toEqual([0, 1]);
    const words = countPromptTokens({ input: ["which animal flies", ...documents] });
    const log = await lastLog(budgeted.body.id, "rerank");
    expect(log).toMatchObject({ status: 200, totalTokens: words });
    await expect.poll(async () => (await stack.admin<KeyLimits>(`/api/keys/${budgeted.body.id}/limits`)).body.budget?.tokens).toMatchObject({ spent: words, reserved: 0 });
  });

  test("a request without a model is refused, as on every endpoint that needs one", async () => {
    const response = await fetch(`${stack.server.url}/v1/rerank`, {
      method: "POST",
      headers: { authorization: `Bearer ${key.key}`, "content-type": "application/json" },
      body: JSON.stringify({ query: "q", documents: ["d"] }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("missing_model");
  });
});

test("without a key: 401 in OpenAI's shape on every new endpoint", async () => {
  for (const path of ["/v1/moderations", "/v1/images/generations", "/v1/rerank"]) {
    const response = await fetch(`${stack.server.url}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("missing_api_key");
  }
});
