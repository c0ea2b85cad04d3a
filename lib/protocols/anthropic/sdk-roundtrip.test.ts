import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { afterEach, describe, expect, it } from "vitest";
import { joinTextBlocks } from "@/lib/protocols/anthropic/mapping";
import { anthropicSseText, parseAnthropicSse } from "@/lib/protocols/anthropic/sse";
import { chatEventsToAnthropic } from "@/lib/protocols/anthropic/stream-from-chat";
import { anthropicEventsToChat } from "@/lib/protocols/anthropic/stream-to-chat";
import { bytes, collect, fixture, serve, type LocalServer } from "@/lib/protocols/anthropic/test-support";
import { chatSseText, parseChatSse } from "@/lib/protocols/openai/sse";

/**
 * There and back: a recorded stream, read by the official SDK as recorded and after a trip through
 * the other format and back, gives the same message, less what the middle format cannot carry
 * (thinking signatures, server tool blocks, ids of a format's own making).
 */

const servers: LocalServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function anthropicFinal(sse: string[]) {
  const server = await serve(sse);
  servers.push(server);
  const client = new Anthropic({ baseURL: server.url, apiKey: "sk-ant-test", maxRetries: 0 });
  return client.messages.stream({ model: "m", max_tokens: 1024, messages: [{ role: "user", content: "hi" }] }).finalMessage();
}

async function chatFinal(sse: string[]) {
  const server = await serve(sse);
  servers.push(server);
  const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: "sk-test", maxRetries: 0 });
  return client.chat.completions.stream({ model: "m", messages: [{ role: "user", content: "hi" }] }).finalChatCompletion();
}

function essentials(message: Anthropic.Message) {
  return {
    text: joinTextBlocks(message.content),
    thinking: message.content.flatMap((b) => (b.type === "thinking" ? [b.thinking] : [])),
    tools: message.content.flatMap((b) => (b.type === "tool_use" ? [{ id: b.id, name: b.name, input: b.input }] : [])),
    stop: message.stop_reason,
    usage: [message.usage.input_tokens, message.usage.cache_read_input_tokens ?? 0, message.usage.output_tokens],
  };
}

describe("Anthropic → chat → Anthropic", () => {
  it.each(["anthropic-stream-text", "anthropic-stream-tool-use", "anthropic-stream-thinking", "anthropic-stream-web-search-citations"])("%s", async (name) => {
    const recorded = fixture(`${name}.sse`);
    const direct = await anthropicFinal([recorded]);
    const chat = await collect(chatSseText(anthropicEventsToChat(parseAnthropicSse(bytes(recorded)), { includeUsage: true })));
    const back = await collect(anthropicSseText(chatEventsToAnthropic(parseChatSse(bytes(chat.join(""))), { model: "m" })));
    expect(essentials(await anthropicFinal(back))).toEqual(essentials(direct));
  });
});

function chatEssentials(completion: OpenAI.ChatCompletion) {
  const choice = completion.choices[0];
  const message = choice?.message;
  // reasoning_content is not compared: the SDK's accumulator keeps only its last fragment.
  return {
    content: message?.content ?? "",
    tools: (message?.tool_calls ?? []).map((c) => (c.type === "function" ? { id: c.id, name: c.function.name, args: JSON.parse(c.function.arguments) } : null)),
    finish: choice?.finish_reason,
    usage: completion.usage ? [completion.usage.prompt_tokens, completion.usage.completion_tokens] : [0, 0],
  };
}

describe("chat → Anthropic → chat", () => {
  // Not chat-stream-whole-tool-calls-on-one-index: the openai SDK itself merges its two calls into one.
  it.each(["chat-stream-text", "chat-stream-tool-call", "chat-stream-text-then-parallel-tool-calls", "chat-stream-length-without-usage", "chat-stream-reasoning-content"])(
    "%s",
    async (name) => {
      const recorded = fixture(`${name}.sse`);
      const direct = await chatFinal([recorded]);
      const anthropic = await collect(anthropicSseText(chatEventsToAnthropic(parseChatSse(bytes(recorded)), { model: "m" })));
      const back = await collect(chatSseText(anthropicEventsToChat(parseAnthropicSse(bytes(anthropic.join(""))), { includeUsage: true })));
      expect(chatEssentials(await chatFinal(back))).toEqual(chatEssentials(direct));
    },
  );
});
