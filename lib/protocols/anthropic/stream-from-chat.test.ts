import { describe, expect, it } from "vitest";
import { serializeAnthropicEvent } from "@/lib/protocols/anthropic/sse";
import { chatEventsToAnthropic } from "@/lib/protocols/anthropic/stream-from-chat";
import { CHAT_FIXTURES, collect, from, expectGolden, pretty, TEST_MODEL, translateChatFixture } from "@/lib/protocols/anthropic/test-support";
import type { AnthropicStreamEvent } from "@/lib/protocols/anthropic/types";
import type { ChatChunk } from "@/lib/protocols/openai/types";

const MODEL = TEST_MODEL;

describe("chatEventsToAnthropic, golden files", () => {
  it.each(CHAT_FIXTURES)("%s", async (name) => {
    const events = await translateChatFixture(`${name}.sse`);
    expectGolden(`${name}.expected.json`, pretty(events));
    expectGolden(`${name}.expected.sse`, events.map(serializeAnthropicEvent).join(""));
  });
});

const types = (events: AnthropicStreamEvent[]) => events.map((e) => ("index" in e ? `${e.type}#${e.index}` : e.type));

describe("chatEventsToAnthropic", () => {
  it("opens a block per text run and per tool call, in index order, and closes each before the next", async () => {
    const events = await translateChatFixture("chat-stream-text-then-parallel-tool-calls.sse");
    const shape = types(events).filter((t) => !t.startsWith("content_block_delta"));
    expect(shape).toEqual([
      "message_start",
      "content_block_start#0",
      "content_block_stop#0",
      "content_block_start#1",
      "content_block_stop#1",
      "content_block_start#2",
      "content_block_stop#2",
      "message_delta",
      "message_stop",
    ]);
  });

  it("puts the usage of the chunk after finish_reason into message_delta, cached prompt tokens apart", async () => {
    const events = await translateChatFixture("chat-stream-text.sse");
    expect(events.at(-2)).toEqual({
      type: "message_delta",
      delta: { stop_reason: "end_turn", stop_sequence: null },
      usage: { input_tokens: 240, output_tokens: 9, cache_creation_input_tokens: 0, cache_read_input_tokens: 1280 },
    });
  });

  it("announces the given input estimate in message_start when the first chunk has no usage", async () => {
    const chunk: ChatChunk = { id: "chatcmpl-1", object: "chat.completion.chunk", created: 1, model: "m", choices: [{ index: 0, delta: { content: "hi" }, finish_reason: "stop" }] };
    const [start] = await collect(chatEventsToAnthropic(from([chunk]), { model: MODEL, inputTokens: 321 }));
    expect(start).toMatchObject({ type: "message_start", message: { id: "msg_1", model: MODEL, usage: { input_tokens: 321, output_tokens: 0 } } });
  });

  it("ends with an error event, and no message_stop, when the upstream iterator throws", async () => {
    async function* broken(): AsyncGenerator<ChatChunk> {
      yield { id: "chatcmpl-2", object: "chat.completion.chunk", created: 1, model: "m", choices: [{ index: 0, delta: { content: "par" }, finish_reason: null }] };
      throw new Error("terminated");
    }
    const events = await collect(chatEventsToAnthropic(broken(), { model: MODEL }));
    expect(events.at(-1)).toEqual({ type: "error", error: { type: "api_error", message: "The upstream stream failed: terminated" } });
    expect(types(events)).not.toContain("message_stop");
  });

  it("still sends a whole, empty message for an upstream that sent nothing", async () => {
    const events = await collect(chatEventsToAnthropic(from([]), { model: MODEL }));
    expect(types(events)).toEqual(["message_start", "message_delta", "message_stop"]);
  });

  // Regressions: a null tool call crashed the stream (TypeError), and a call whose first delta had
  // a null id became two tool_use blocks, the first nameless.
  it("passes over a null tool-call delta, and keeps a call whose id came alone as one block", async () => {
    const chunk = (delta: unknown, finish: string | null = null) =>
      ({ id: "chatcmpl-3", object: "chat.completion.chunk", created: 1, model: "m", choices: [{ index: 0, delta, finish_reason: finish }] }) as ChatChunk;
    const events = await collect(
      chatEventsToAnthropic(
        from([
          chunk({ tool_calls: [null] }),
          chunk({ tool_calls: [{ index: 0, id: null, type: null, function: null }] }),
          chunk({ tool_calls: [{ index: 0, id: "call_1", function: { name: "f", arguments: null } }] }),
          chunk({ tool_calls: [{ index: 0, id: null, function: { name: null, arguments: '{"a":1}' } }] }, "tool_calls"),
        ]),
        { model: MODEL },
      ),
    );
    expect(events.filter((e) => e.type === "content_block_start")).toEqual([
      { type: "content_block_start", index: 0, content_block: { type: "tool_use", id: "call_1", name: "f", input: {} } },
    ]);
    expect(events.filter((e) => e.type === "content_block_delta")).toEqual([{ type: "content_block_delta", index: 0, delta: { type: "input_json_delta", partial_json: '{"a":1}' } }]);
  });

  it("opens a call that never got its name when something else starts, with the arguments it held", async () => {
    const chunk = (delta: unknown) => ({ id: "c", object: "chat.completion.chunk", created: 1, model: "m", choices: [{ index: 0, delta, finish_reason: null }] }) as ChatChunk;
    const events = await collect(chatEventsToAnthropic(from([chunk({ tool_calls: [{ index: 0, id: "call_9", function: { arguments: "{}" } }] }), chunk({ content: "done" })]), { model: MODEL }));
    expect(types(events)).toEqual(["message_start", "content_block_start#0", "content_block_delta#0", "content_block_stop#0", "content_block_start#1", "content_block_delta#1", "content_block_stop#1", "message_delta", "message_stop"]);
    expect(events[1]).toMatchObject({ content_block: { type: "tool_use", id: "call_9", name: "" } });
  });
});
