import OpenAI, { APIError } from "openai";
import { afterEach, describe, expect, it } from "vitest";
import { collect, from, serve, translateAnthropicFixture, type LocalServer } from "@/lib/protocols/anthropic/test-support";
import { chatSseText } from "@/lib/protocols/openai/sse";

/**
 * Every chunk sequence our translation of an Anthropic stream emits, served over HTTP to the
 * official openai SDK: its raw stream (what most clients iterate) and its accumulating helper.
 */

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const params = { model: "claude-sonnet-4-5", messages: [{ role: "user" as const, content: "hi" }], stream_options: { include_usage: true } };

async function clientFor(fixtureName: string): Promise<OpenAI> {
  server = await serve(await collect(chatSseText(from(await translateAnthropicFixture(fixtureName)))));
  return new OpenAI({ baseURL: `${server.url}/v1`, apiKey: "sk-test", maxRetries: 0 });
}

async function rawDeltas(fixtureName: string) {
  const client = await clientFor(fixtureName);
  let content = "";
  const args = new Map<number, { id?: string; name?: string; arguments: string }>();
  const finishes: string[] = [];
  let usage: OpenAI.CompletionUsage | null | undefined;
  for await (const chunk of await client.chat.completions.create({ ...params, stream: true })) {
    usage = chunk.usage ?? usage;
    for (const choice of chunk.choices) {
      content += choice.delta.content ?? "";
      if (choice.finish_reason) finishes.push(choice.finish_reason);
      for (const call of choice.delta.tool_calls ?? []) {
        const entry = args.get(call.index) ?? { arguments: "" };
        entry.id ??= call.id;
        entry.name ??= call.function?.name;
        entry.arguments += call.function?.arguments ?? "";
        args.set(call.index, entry);
      }
    }
  }
  return { content, calls: [...args.values()], finishes, usage };
}

async function finalCompletion(fixtureName: string) {
  const client = await clientFor(fixtureName);
  return client.chat.completions.stream(params).finalChatCompletion();
}

describe("the openai SDK reads our translated chunks", () => {
  it("text, with cache reads counted as prompt tokens", async () => {
    const raw = await rawDeltas("anthropic-stream-text.sse");
    expect(raw.content).toBe("Hello! I'm doing well, thank you for asking. How can I help you today?");
    expect(raw.finishes).toEqual(["stop"]);
    expect(raw.usage).toEqual({ prompt_tokens: 2060, completion_tokens: 21, total_tokens: 2081, prompt_tokens_details: { cached_tokens: 2048 } });
    const final = await finalCompletion("anthropic-stream-text.sse");
    expect(final.choices[0]?.message.content).toBe(raw.content);
    expect(final.usage?.prompt_tokens).toBe(2060);
  });

  it("tool_use blocks as tool calls with id and name first, then arguments that parse", async () => {
    const raw = await rawDeltas("anthropic-stream-tool-use.sse");
    expect(raw.content).toBe("I'll check the weather in Paris and the time there.");
    expect(raw.calls).toEqual([
      { id: "toolu_01T1x1fJ34qAmk2tNTrN7Up6", name: "get_weather", arguments: '{"location": "Paris, France", "unit": "celsius"}' },
      { id: "toolu_01VRtY5gkm1L3hNQeYxPr8sC", name: "get_time", arguments: "{}" },
    ]);
    expect(raw.finishes).toEqual(["tool_calls"]);
    const final = await finalCompletion("anthropic-stream-tool-use.sse");
    expect(final.choices[0]?.finish_reason).toBe("tool_calls");
    const calls = final.choices[0]?.message.tool_calls ?? [];
    expect(calls.map((c) => (c.type === "function" ? JSON.parse(c.function.arguments) : null))).toEqual([{ location: "Paris, France", unit: "celsius" }, {}]);
  });

  it("thinking never reaches the content", async () => {
    const raw = await rawDeltas("anthropic-stream-thinking.sse");
    expect(raw.content).toBe("27 × 453 = **12,231**");
    const final = await finalCompletion("anthropic-stream-thinking.sse");
    expect(final.choices[0]?.message.content).toBe("27 × 453 = **12,231**");
    expect(final.choices[0]?.finish_reason).toBe("stop");
  });

  it("server tool blocks and citations are passed over; the text stays readable", async () => {
    const raw = await rawDeltas("anthropic-stream-web-search-citations.sse");
    expect(raw.content).toBe("I'll search for that.\n\nIt's partly cloudy in New York today, with a high of 41°F.");
    expect(raw.calls).toEqual([]);
    expect(raw.usage?.prompt_tokens).toBe(10682);
  });

  it("an error event midway, as the SDK's APIError", async () => {
    const error = await rawDeltas("anthropic-stream-error-midway.sse").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIError);
    expect(error).toMatchObject({ message: "Overloaded", type: "server_error", code: "overloaded_error" });
  });

  it("an error event before anything else, as the SDK's APIError too", async () => {
    const error = await rawDeltas("anthropic-stream-error-first.sse").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIError);
    expect(error).toMatchObject({ message: "Overloaded", code: "overloaded_error" });
  });
});
