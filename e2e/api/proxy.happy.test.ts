// What a client of the proxy sees when things work: the official `openai` SDK, each of the three
// ways to send a key, every endpoint, streaming and not, and the usage that gets recorded.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { countPromptTokens, MOCK_MODELS, STREAM_WORDS } from "../support/mock-upstream";
import { KEY_METHODS, startStack, type CreatedKey, type Stack } from "../support/stack";

const ANSWER = STREAM_WORDS.join("");

let stack: Stack;
let key: CreatedKey;

beforeAll(async () => {
  // Nothing here tests the upstream timeout: a generous one keeps 500 concurrent requests on a busy machine from tripping it.
  stack = await startStack({ env: { UPSTREAM_TIMEOUT_MS: "30000" } });
  key = await stack.createKey("happy path");
});

afterAll(async () => {
  await stack?.close();
});

describe.each(KEY_METHODS)("with the key sent as %s", (method) => {
  test("chat completion", async () => {
    const openai = stack.client(key.key, method);
    const completion = await openai.chat.completions.create({ model: "gpt-4", messages: [{ role: "user", content: "Say hello" }] });
    expect(completion.choices[0]?.message.content).toBe(ANSWER);
    expect(completion.usage).toEqual({ prompt_tokens: 2, completion_tokens: STREAM_WORDS.length, total_tokens: 2 + STREAM_WORDS.length });
  });

  test("streamed chat completion arrives chunk by chunk, in order", async () => {
    const openai = stack.client(key.key, method);
    const stream = await openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Say hello" }], stream: true });
    const deltas: string[] = [];
    for await (const chunk of stream) deltas.push(chunk.choices[0]?.delta.content ?? "");
    expect(deltas).toEqual(STREAM_WORDS);
  });

  test("legacy completion, plain and streamed", async () => {
    const openai = stack.client(key.key, method);
    const completion = await openai.completions.create({ model: "gpt-4", prompt: "Say hello" });
    expect(completion.choices[0]?.text).toBe(ANSWER);

    const stream = await openai.completions.create({ model: "gpt-4", prompt: "Say hello", stream: true });
    let text = "";
    for await (const chunk of stream) text += chunk.choices[0]?.text ?? "";
    expect(text).toBe(ANSWER);
  });

  test("embeddings", async () => {
    const openai = stack.client(key.key, method);
    const result = await openai.embeddings.create({ model: "text-embedding-3-small", input: ["one", "two"], encoding_format: "float" });
    expect(result.data.map((d) => d.index)).toEqual([0, 1]);
    expect(result.data[0]?.embedding).toEqual([0.1, 0.2, 0.3]);
    expect(result.usage.prompt_tokens).toBe(2);
  });

  test("models: list and retrieve", async () => {
    const openai = stack.client(key.key, method);
    const ids: string[] = [];
    for await (const model of openai.models.list()) ids.push(model.id);
    expect(ids.sort()).toEqual([...MOCK_MODELS].sort());
    const model = await openai.models.retrieve("gpt-4");
    expect(model).toMatchObject({ id: "gpt-4", object: "model" });
  });
});

describe("streaming usage chunk", () => {
  test("a client that did not ask for usage gets no usage-only chunk", async () => {
    const openai = stack.client(key.key);
    const stream = await openai.chat.completions.create({ model: "gpt-4", messages: [{ role: "user", content: "Say hello" }], stream: true });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.map((c) => c.choices[0]?.delta.content)).toEqual(STREAM_WORDS);
    expect(chunks.filter((c) => c.choices.length === 0 || c.usage)).toEqual([]);
  });

  test("a client that asked for usage gets it, last, with the real numbers", async () => {
    const openai = stack.client(key.key);
    const stream = await openai.chat.completions.create({
      model: "gpt-4",
      messages: [{ role: "user", content: "Say hello" }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    const last = chunks.at(-1);
    expect(last?.choices).toEqual([]);
    expect(last?.usage).toEqual({ prompt_tokens: 2, completion_tokens: STREAM_WORDS.length, total_tokens: 2 + STREAM_WORDS.length });
    expect(chunks.slice(0, -1).map((c) => c.choices[0]?.delta.content)).toEqual(STREAM_WORDS);
  });
});

describe("usage recording", () => {
  test("token usage is recorded for streamed and plain requests, per key", async () => {
    const counted = await stack.createKey("token usage");
    const openai = stack.client(counted.key);
    const messages = [{ role: "user" as const, content: "one two three four five" }];
    const prompt = countPromptTokens({ messages });
    await openai.chat.completions.create({ model: "gpt-4", messages });
    for await (const _ of await openai.chat.completions.create({ model: "gpt-4", messages, stream: true })) void _;
    for await (const _ of await openai.chat.completions.create({ model: "gpt-4", messages, stream: true, stream_options: { include_usage: true } })) void _;
    await openai.embeddings.create({ model: "text-embedding-3-small", input: "one two three" });

    expect(await stack.waitForUsage(counted.id, 4)).toBe(4);
    const { body } = await stack.admin<CreatedKey & { lastUsedAt: string | null }>(`/api/keys/${counted.id}`);
    expect(Date.parse(body.lastUsedAt ?? "")).toBeGreaterThanOrEqual(Date.parse(String(counted.createdAt)));
    const rows = await stack.inspectDb((query) =>
      query<{ endpoint: string; model: string; stream: boolean; status: number; errorCode: string | null; promptTokens: number; completionTokens: number | null; totalTokens: number }>(
        `SELECT endpoint, model, stream, status, "errorCode", "promptTokens", "completionTokens", "totalTokens"
         FROM "RequestLog" WHERE "apiKeyId" = $1 ORDER BY id`,
        [counted.id],
      ),
    );
    const chat = { endpoint: "chat/completions", model: "gpt-4", status: 200, errorCode: null, promptTokens: prompt, completionTokens: STREAM_WORDS.length, totalTokens: prompt + STREAM_WORDS.length };
    expect(rows).toEqual([
      { ...chat, stream: false },
      { ...chat, stream: true },
      { ...chat, stream: true },
      { endpoint: "embeddings", model: "text-embedding-3-small", stream: false, status: 200, errorCode: null, promptTokens: 3, completionTokens: null, totalTokens: 3 },
    ]);
  });

  test("500 concurrent requests with one key are counted exactly", async () => {
    const busy = await stack.createKey("concurrency");
    const openai = stack.client(busy.key);
    const results = await Promise.all(
      Array.from({ length: 500 }, (_, i) =>
        i % 5 === 0
          ? openai.embeddings.create({ model: "text-embedding-3-small", input: `request ${i}` }).then(() => true)
          : openai.chat.completions.create({ model: "gpt-4", messages: [{ role: "user", content: `request ${i}` }] }).then((c) => c.choices[0]?.message.content === ANSWER),
      ),
    );
    expect(results.every(Boolean)).toBe(true);

    expect(await stack.waitForUsage(busy.id, 500)).toBe(500);
    // Nothing is counted twice by a later flush.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const { body } = await stack.admin<CreatedKey>(`/api/keys/${busy.id}`);
    expect(body.usageCount).toBe(500);
  });
});
