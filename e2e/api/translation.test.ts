// The two protocols through one key: Anthropic's Messages API (what Claude Code and the Anthropic SDKs
// speak) to a model only an OpenAI-compatible provider serves, and OpenAI's chat completions to a
// model only an Anthropic provider serves, each translated both ways (streams and tools included), and
// checked with the official SDKs' own parsers: what our users run.
import Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { RequestLogPage } from "@/lib/usage/schemas";
import { countAnthropicTokens, countPromptTokens, STREAM_WORDS, TOOL_ARGUMENTS } from "../support/mock-upstream";
import { anthropicError, apiError } from "../support/sdk-errors";
import { startStack, type CreatedKey, type Stack } from "../support/stack";

const CLAUDE = "claude-sonnet-4-5";
const GPT = "gpt-4o-mini";
let stack: Stack;
let key: CreatedKey;

beforeAll(async () => {
  stack = await startStack();
  key = await stack.createKey("both protocols");
  const created = await stack.admin("/api/providers", {
    method: "POST",
    body: { name: "Anthropic (mock)", kind: "anthropic", baseUrl: stack.upstream.url.replace(/\/v1$/, ""), apiKey: stack.upstreamKey, allModels: false, models: [CLAUDE] },
  });
  if (created.status !== 201) throw new Error(`creating the Anthropic provider failed: ${JSON.stringify(created.body)}`);
});

afterAll(async () => {
  await stack?.close();
});

const anthropic = (apiKey: string) => new Anthropic({ baseURL: stack.server.url, maxRetries: 0, apiKey });
const lastUpstream = () => stack.upstream.received.at(-1);

const logsOf = (keyId: string, count: number) => stack.logsOf(keyId, count);

const weather = {
  name: "get_weather",
  description: "The weather in a city",
  input_schema: { type: "object" as const, properties: { location: { type: "string" }, unit: { type: "string" } }, required: ["location"] },
};

describe("Anthropic Messages to an OpenAI-compatible provider", () => {
  const ask = { model: GPT, max_tokens: 64, system: "Be brief.", messages: [{ role: "user" as const, content: "Say hello" }] };
  const promptTokens = countPromptTokens({ messages: [{ content: "Be brief." }, { content: "Say hello" }] });

  test("messages.create: sent as chat completions with the provider's key; the answer, usage and cost come back as a message", async () => {
    const message = await anthropic(key.key).messages.create(ask, { headers: { "anthropic-beta": "prompt-caching-2024-07-31" } });
    expect(message).toMatchObject({ type: "message", role: "assistant", model: GPT, stop_reason: "end_turn", content: [{ type: "text", text: STREAM_WORDS.join("") }] });
    expect(message.usage).toMatchObject({ input_tokens: promptTokens, output_tokens: STREAM_WORDS.length });
    const upstream = lastUpstream();
    expect(upstream?.url).toBe("/v1/chat/completions");
    expect(upstream?.headers.authorization).toBe(`Bearer ${stack.upstreamKey}`);
    // Neither the client's key nor Anthropic's headers reach an OpenAI-compatible server.
    expect(upstream?.headers["x-api-key"]).toBeUndefined();
    expect(upstream?.headers["anthropic-beta"]).toBeUndefined();
    expect(upstream?.headers["anthropic-version"]).toBeUndefined();
    expect(upstream?.body).toMatchObject({ model: GPT, max_tokens: 64, messages: [{ role: "system", content: "Be brief." }, { role: "user", content: "Say hello" }] });
    const [log] = await logsOf(key.id, 1);
    expect(log).toMatchObject({ endpoint: "messages", model: GPT, status: 200, promptTokens, completionTokens: STREAM_WORDS.length, attempts: 1 });
    expect(log?.costUsd).toBeGreaterThan(0);
  });

  test("messages.stream: text deltas in order, one message_start and message_stop, usage counted", async () => {
    const before = (await logsOf(key.id, 1)).length;
    const stream = anthropic(key.key).messages.stream(ask);
    const texts: string[] = [];
    const types: string[] = [];
    stream.on("text", (t) => texts.push(t));
    stream.on("streamEvent", (e) => types.push(e.type));
    const final = await stream.finalMessage();
    expect(texts.join("")).toBe(STREAM_WORDS.join(""));
    expect(types.filter((t) => t === "message_start")).toHaveLength(1);
    expect(types.at(-1)).toBe("message_stop");
    expect(final).toMatchObject({ stop_reason: "end_turn", usage: { input_tokens: promptTokens, output_tokens: STREAM_WORDS.length } });
    // The usage chunk was asked for upstream, whatever the client said.
    expect(lastUpstream()?.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    const logs = await logsOf(key.id, before + 1);
    expect(logs[0]).toMatchObject({ stream: true, promptTokens, completionTokens: STREAM_WORDS.length });
  });

  test("a tool: tool_use with the whole input, streamed as input_json_delta, and the tool result sent back as a tool message", async () => {
    const client = anthropic(key.key);
    const whole = await client.messages.create({ ...ask, tools: [weather], tool_choice: { type: "auto" } });
    expect(whole.stop_reason).toBe("tool_use");
    const use = whole.content.find((b) => b.type === "tool_use");
    expect(use).toMatchObject({ type: "tool_use", name: "get_weather", input: TOOL_ARGUMENTS });
    expect(lastUpstream()?.body).toMatchObject({ tools: [{ type: "function", function: { name: "get_weather", parameters: weather.input_schema } }], tool_choice: "auto" });

    const stream = client.messages.stream({ ...ask, tools: [weather] });
    const partials: string[] = [];
    stream.on("inputJson", (partial) => partials.push(partial));
    const final = await stream.finalMessage();
    expect(final.stop_reason).toBe("tool_use");
    expect(final.content).toEqual([expect.objectContaining({ type: "tool_use", name: "get_weather", input: TOOL_ARGUMENTS })]);
    expect(JSON.parse(partials.join(""))).toEqual(TOOL_ARGUMENTS);

    const answered = await client.messages.create({
      ...ask,
      tools: [weather],
      messages: [...ask.messages, { role: "assistant", content: whole.content }, { role: "user", content: [{ type: "tool_result", tool_use_id: use!.type === "tool_use" ? use!.id : "", content: "18 °C" }] }],
    });
    expect(answered.content).toEqual([{ type: "text", text: STREAM_WORDS.join("") }]);
    const sent = lastUpstream()?.body as { messages: { role: string; tool_call_id?: string; content?: unknown; tool_calls?: unknown[] }[] };
    expect(sent.messages.at(-2)).toMatchObject({ role: "assistant", tool_calls: [{ function: { name: "get_weather" } }] });
    expect(sent.messages.at(-1)).toMatchObject({ role: "tool", tool_call_id: use!.type === "tool_use" ? use!.id : "", content: "18 °C" });
  });

  test("countTokens is answered by Keygate (no OpenAI-compatible API counts Anthropic tokens) and never sent upstream", async () => {
    const sent = stack.upstream.received.length;
    const counted = await anthropic(key.key).messages.countTokens({ model: GPT, system: "Be brief.", messages: ask.messages });
    expect(counted.input_tokens).toBeGreaterThan(0);
    expect(stack.upstream.received.length).toBe(sent);
  });

  test("the provider's error comes back in Anthropic's shape", async () => {
    const error = await anthropicError(anthropic(key.key).messages.create({ ...ask, model: "mock-error" }));
    expect(error.status).toBe(500);
    expect(error.error).toMatchObject({ type: "error", error: { type: "api_error", message: "The mock upstream failed" } });
  });

  test("a stream the provider breaks midway ends with an Anthropic error event the SDK raises", async () => {
    const stream = anthropic(key.key).messages.stream({ ...ask, model: "mock-break" });
    await expect(stream.finalMessage()).rejects.toThrow(/failed in the middle/);
  });

  test("a request Anthropic's format does not allow is refused in its shape, before anything is sent", async () => {
    const sent = stack.upstream.received.length;
    const response = await fetch(`${stack.server.url}/v1/messages`, {
      method: "POST",
      headers: { "x-api-key": key.key, "content-type": "application/json" },
      body: JSON.stringify({ model: GPT, max_tokens: 10, messages: [{ role: "robot", content: "hi" }] }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ type: "error", error: { type: "invalid_request_error", message: expect.stringContaining("messages.0.role") } });
    expect(stack.upstream.received.length).toBe(sent);
  });
});

describe("OpenAI chat completions to an Anthropic provider", () => {
  const messages = [
    { role: "system" as const, content: "Be brief." },
    { role: "user" as const, content: "Say hello" },
  ];
  const inputTokens = countAnthropicTokens({ system: "Be brief.", messages: [{ content: "Say hello" }] });

  test("chat.completions.create: sent as a message with x-api-key and anthropic-version; the answer and usage as a completion", async () => {
    const completion = await stack.client(key.key).chat.completions.create({ model: CLAUDE, messages, max_tokens: 50 }, { headers: { "openai-organization": "org-x" } });
    expect(completion).toMatchObject({ object: "chat.completion", model: CLAUDE, choices: [{ index: 0, message: { role: "assistant", content: STREAM_WORDS.join("") }, finish_reason: "stop" }] });
    expect(completion.usage).toMatchObject({ prompt_tokens: inputTokens, completion_tokens: STREAM_WORDS.length, total_tokens: inputTokens + STREAM_WORDS.length });
    const upstream = lastUpstream();
    expect(upstream?.url).toBe("/v1/messages");
    expect(upstream?.headers["x-api-key"]).toBe(stack.upstreamKey);
    expect(upstream?.headers.authorization).toBeUndefined();
    expect(upstream?.headers["openai-organization"]).toBeUndefined();
    expect(upstream?.headers["anthropic-version"]).toBe("2023-06-01");
    expect(upstream?.body).toMatchObject({ model: CLAUDE, max_tokens: 50, system: "Be brief.", messages: [{ role: "user" }] });
  });

  test("a stream, with and without the usage chunk: the SDK's accumulator reads it; usage is counted either way", async () => {
    const openai = stack.client(key.key);
    const chunks = [];
    for await (const chunk of await openai.chat.completions.create({ model: CLAUDE, messages, stream: true, stream_options: { include_usage: true } })) chunks.push(chunk);
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? "").join("")).toBe(STREAM_WORDS.join(""));
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: inputTokens, completion_tokens: STREAM_WORDS.length } });

    const plain = [];
    for await (const chunk of await openai.chat.completions.create({ model: CLAUDE, messages, stream: true })) plain.push(chunk);
    expect(plain.some((c) => c.usage)).toBe(false);
    expect(plain.at(-1)?.choices[0]?.finish_reason).toBe("stop");
    let streamed: RequestLogPage["items"] = [];
    await expect
      .poll(async () => {
        streamed = (await logsOf(key.id, 1)).filter((l) => l.endpoint === "chat/completions" && l.stream && l.model === CLAUDE);
        return streamed.length;
      })
      .toBe(2);
    expect(streamed).toEqual([
      expect.objectContaining({ promptTokens: inputTokens, completionTokens: STREAM_WORDS.length }),
      expect.objectContaining({ promptTokens: inputTokens, completionTokens: STREAM_WORDS.length }),
    ]);
  });

  test("tools: tool_calls whole and streamed (arguments deltas) through the SDK's runner-free stream helper", async () => {
    const openai = stack.client(key.key);
    const tools = [{ type: "function" as const, function: { name: "get_weather", parameters: weather.input_schema } }];
    const whole = await openai.chat.completions.create({ model: CLAUDE, messages, tools, tool_choice: "required" });
    expect(whole.choices[0]?.finish_reason).toBe("tool_calls");
    const call = whole.choices[0]?.message.tool_calls?.[0];
    expect(call).toMatchObject({ type: "function", function: { name: "get_weather" } });
    expect(JSON.parse(call?.type === "function" ? call.function.arguments : "{}")).toEqual(TOOL_ARGUMENTS);
    expect(lastUpstream()?.body).toMatchObject({ tools: [{ name: "get_weather", input_schema: weather.input_schema }], tool_choice: { type: "any" } });

    const stream = openai.chat.completions.stream({ model: CLAUDE, messages, tools });
    const final = await stream.finalChatCompletion();
    const streamed = final.choices[0]?.message.tool_calls?.[0];
    expect(final.choices[0]?.finish_reason).toBe("tool_calls");
    expect(JSON.parse(streamed?.type === "function" ? streamed.function.arguments : "{}")).toEqual(TOOL_ARGUMENTS);
  });

  test("the provider's error comes back in OpenAI's shape", async () => {
    const providers = (await stack.admin<{ items: { id: string; kind: string; models: string[] }[] }>("/api/providers")).body.items;
    const anthropicProvider = providers.find((p) => p.kind === "anthropic")!;
    await stack.admin(`/api/providers/${anthropicProvider.id}`, { method: "PATCH", body: { modelAliases: { "claude-huge": "mock-invalid" } } });
    const error = await apiError(stack.client(key.key).chat.completions.create({ model: "claude-huge", messages }));
    expect(error.status).toBe(400);
    expect(error.error).toMatchObject({ type: "invalid_request_error", message: expect.stringContaining("max_tokens"), code: "invalid_request_error" });
  });
});

