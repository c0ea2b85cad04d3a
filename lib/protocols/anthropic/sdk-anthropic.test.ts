import Anthropic, { APIError } from "@anthropic-ai/sdk";
import { afterEach, describe, expect, it } from "vitest";
import { serializeAnthropicEvent } from "@/lib/protocols/anthropic/sse";
import { serve, translateChatFixture, type LocalServer } from "@/lib/protocols/anthropic/test-support";

/**
 * Every stream our translation emits, served over HTTP to the official Anthropic SDK's own stream
 * parser and message accumulator: what a /v1/messages client (Claude Code among them) will read.
 */

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function finalMessage(fixtureName: string) {
  const events = await translateChatFixture(fixtureName);
  server = await serve(events.map(serializeAnthropicEvent));
  const client = new Anthropic({ baseURL: server.url, apiKey: "sk-ant-test", maxRetries: 0 });
  const stream = client.messages.stream({ model: "claude-sonnet-4-5", max_tokens: 1024, messages: [{ role: "user", content: "hi" }] });
  let streamedText = "";
  stream.on("text", (delta) => (streamedText += delta));
  const message = await stream.finalMessage();
  return { message, streamedText, path: server.requests[0]?.url };
}

describe("the Anthropic SDK reads our translated streams", () => {
  it("text, with usage split into fresh and cached input", async () => {
    const { message, streamedText, path } = await finalMessage("chat-stream-text.sse");
    expect(path).toBe("/v1/messages");
    expect(message.content).toEqual([{ type: "text", text: "Paris is the capital of France." }]);
    expect(streamedText).toBe("Paris is the capital of France.");
    expect(message).toMatchObject({ id: "msg_CbX2kq8vT1mR4nY0pLzWd3sHfE7uA", model: "claude-sonnet-4-5", stop_reason: "end_turn" });
    expect(message.usage).toMatchObject({ input_tokens: 240, cache_read_input_tokens: 1280, output_tokens: 9 });
  });

  it("a tool call, its argument fragments parsed into an input object", async () => {
    const { message } = await finalMessage("chat-stream-tool-call.sse");
    expect(message.content).toEqual([
      { type: "tool_use", id: "call_Vx7bQ2mN9kL4pR8sT1wY3zA6", name: "get_weather", input: { location: "Paris, France", unit: "celsius" } },
    ]);
    expect(message.stop_reason).toBe("tool_use");
    expect(message.usage).toMatchObject({ input_tokens: 412, output_tokens: 23 });
  });

  it("text then two parallel tool calls, as three blocks", async () => {
    const { message } = await finalMessage("chat-stream-text-then-parallel-tool-calls.sse");
    expect(message.content).toEqual([
      { type: "text", text: "I'll check both cities." },
      { type: "tool_use", id: "call_Aa1Bb2Cc3Dd4Ee5Ff6Gg7Hh8", name: "get_weather", input: { city: "Paris" } },
      { type: "tool_use", id: "call_Ii9Jj0Kk1Ll2Mm3Nn4Oo5Pp6", name: "get_weather", input: { city: "Tokyo" } },
    ]);
    expect(message.stop_reason).toBe("tool_use");
    expect(message.usage).toMatchObject({ input_tokens: 86, cache_read_input_tokens: 512, output_tokens: 61 });
  });

  it("whole tool calls that a server numbered 0 both, ended with `stop`", async () => {
    const { message } = await finalMessage("chat-stream-whole-tool-calls-on-one-index.sse");
    expect(message.content).toEqual([
      { type: "tool_use", id: "call_p2k9x1", name: "get_weather", input: { city: "Paris" } },
      { type: "tool_use", id: "call_q7m3z8", name: "get_time", input: {} },
    ]);
    expect(message.stop_reason).toBe("tool_use");
  });

  it("reasoning_content as a thinking block before the text", async () => {
    const { message } = await finalMessage("chat-stream-reasoning-content.sse");
    expect(message.content).toEqual([
      { type: "thinking", thinking: "The user asks for 17 × 3. 17 × 3 = 51.", signature: "" },
      { type: "text", text: "17 × 3 = 51" },
    ]);
    expect(message.usage).toMatchObject({ input_tokens: 18, output_tokens: 42 });
  });

  it("a reply cut at max_tokens by a server that sent no usage", async () => {
    const { message } = await finalMessage("chat-stream-length-without-usage.sse");
    expect(message.content).toEqual([{ type: "text", text: "Once upon a time, in a land" }]);
    expect(message.stop_reason).toBe("max_tokens");
    expect(message.usage.output_tokens).toBe(0);
  });

  it("an upstream error midway, as the SDK's APIError of the mapped type", async () => {
    const error = await finalMessage("chat-stream-error-midway.sse").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIError);
    expect(error).toMatchObject({ type: "api_error", apiMessage: "The server had an error while processing your request. Sorry about that!" });
  });

  it("an upstream that fails before its first chunk, as an APIError of the mapped type", async () => {
    const error = await finalMessage("chat-stream-error-first.sse").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIError);
    expect(error).toMatchObject({ type: "rate_limit_error" });
  });

  it("tool-call deltas with null ids, types, functions and calls, and finish_reason before the arguments", async () => {
    const { message } = await finalMessage("chat-stream-null-tool-fields.sse");
    expect(message.content).toEqual([
      { type: "tool_use", id: "chatcmpl-tool-9f2c", name: "get_weather", input: { city: "Paris" } },
      { type: "tool_use", id: "chatcmpl-tool-a41b", name: "get_time", input: {} },
    ]);
    expect(message.stop_reason).toBe("tool_use");
    expect(message.usage).toMatchObject({ input_tokens: 210, output_tokens: 31 });
  });
});
