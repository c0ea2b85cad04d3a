import { describe, expect, it } from "vitest";
import { anthropicEventsToChat } from "@/lib/protocols/anthropic/stream-to-chat";
import { ANTHROPIC_FIXTURES, collect, from, expectGolden, pretty, translateAnthropicFixture } from "@/lib/protocols/anthropic/test-support";
import type { AnthropicStreamEvent } from "@/lib/protocols/anthropic/types";
import { chatSseText } from "@/lib/protocols/openai/sse";
import type { ChatChunk, ChatStreamItem } from "@/lib/protocols/openai/types";

describe("anthropicEventsToChat, golden files", () => {
  it.each(ANTHROPIC_FIXTURES)("%s", async (name) => {
    const items = await translateAnthropicFixture(`${name}.sse`);
    expectGolden(`${name}.expected.json`, pretty(items));
    expectGolden(`${name}.expected.sse`, (await collect(chatSseText(from(items)))).join(""));
  });
});

const chunks = (items: ChatStreamItem[]) => items.filter((i): i is ChatChunk => "choices" in i);
const deltas = (items: ChatStreamItem[]) => chunks(items).flatMap((c) => c.choices.map((choice) => choice.delta));

describe("anthropicEventsToChat", () => {
  it("sends the role first, then each tool call's id and name before its argument fragments", async () => {
    const items = await translateAnthropicFixture("anthropic-stream-tool-use.sse");
    const all = deltas(items);
    expect(all[0]).toEqual({ role: "assistant", content: "" });
    const calls = all.flatMap((d) => d.tool_calls ?? []);
    expect(calls[0]).toEqual({ index: 0, id: "toolu_01T1x1fJ34qAmk2tNTrN7Up6", type: "function", function: { name: "get_weather", arguments: "" } });
    expect(calls.filter((c) => c.index === 0).map((c) => c.function?.arguments).join("")).toBe('{"location": "Paris, France", "unit": "celsius"}');
    // get_time streams an empty partial_json: chat clients get "{}", which they can parse.
    expect(calls.filter((c) => c.index === 1).map((c) => c.function?.arguments).join("")).toBe("{}");
  });

  it("keeps thinking out of the content, in reasoning_content", async () => {
    const all = deltas(await translateAnthropicFixture("anthropic-stream-thinking.sse"));
    expect(all.map((d) => d.content ?? "").join("")).toBe("27 × 453 = **12,231**");
    expect(all.map((d) => d.reasoning_content ?? "").join("")).toContain("= 12231.");
  });

  it("counts cache reads as prompt tokens in the usage chunk, and sends it only when asked", async () => {
    const items = await translateAnthropicFixture("anthropic-stream-text.sse");
    expect(items.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: 2060, completion_tokens: 21, total_tokens: 2081, prompt_tokens_details: { cached_tokens: 2048 } } });
    const events: AnthropicStreamEvent[] = [
      { type: "message_start", message: { id: "msg_1", type: "message", role: "assistant", model: "m", content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 1, output_tokens: 1 } } },
      { type: "message_delta", delta: { stop_reason: "end_turn", stop_sequence: null }, usage: { output_tokens: 3 } },
      { type: "message_stop" },
    ];
    const without = await collect(anthropicEventsToChat(from(events), { created: 1 }));
    expect(without.some((i) => "usage" in i)).toBe(false);
    expect(chunks(without).at(-1)?.choices[0]?.finish_reason).toBe("stop");
  });

  it("ends with an OpenAI error item after a mid-stream error event", async () => {
    const items = await translateAnthropicFixture("anthropic-stream-error-midway.sse");
    expect(items.at(-1)).toEqual({ error: { message: "Overloaded", type: "server_error", param: null, code: "overloaded_error" } });
    expect(chunks(items).some((c) => c.choices[0]?.finish_reason)).toBe(false);
  });

  it("finishes a stream cut before message_stop, with the stop reason it had", async () => {
    const events: AnthropicStreamEvent[] = [
      { type: "message_start", message: { id: "msg_2", type: "message", role: "assistant", model: "m", content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 5, output_tokens: 1 } } },
      { type: "message_delta", delta: { stop_reason: "max_tokens", stop_sequence: null }, usage: { output_tokens: 9 } },
    ];
    const items = await collect(anthropicEventsToChat(from(events), { includeUsage: true, created: 1 }));
    expect(chunks(items).at(-2)?.choices[0]?.finish_reason).toBe("length");
    expect(items.at(-1)).toMatchObject({ usage: { prompt_tokens: 5, completion_tokens: 9 } });
  });
});
