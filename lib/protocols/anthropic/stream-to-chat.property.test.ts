import fc from "fast-check";
import { APIError } from "openai";
import { describe, expect, it } from "vitest";
import { finishFromStopReason, joinTextBlocks } from "@/lib/protocols/anthropic/mapping";
import { chatGrammarProblems, cutBytes, cutsArb, openaiSdkRead } from "@/lib/protocols/anthropic/property-support";
import { parseAnthropicSse, serializeAnthropicEvent } from "@/lib/protocols/anthropic/sse";
import { anthropicEventsToChat, AnthropicToChatStream } from "@/lib/protocols/anthropic/stream-to-chat";
import { collect } from "@/lib/protocols/anthropic/test-support";
import type { AnthropicStreamEvent } from "@/lib/protocols/anthropic/types";
import { chatSseText } from "@/lib/protocols/openai/sse";

/**
 * Arbitrary Anthropic streams (text, thinking with signature deltas, tool_use with input cut
 * anywhere or whole in its start, redacted thinking, server tool blocks, citations, pings anywhere,
 * an error event anywhere), sent as SSE cut at arbitrary bytes, through AnthropicToChatStream: the
 * chunks must keep chat's grammar, and the openai SDK's ChatCompletionStream must accumulate the
 * same text, tool calls, finish_reason and usage (reasoning is compared on the raw chunks: the
 * SDK's accumulator keeps only the last fragment of a field it does not know).
 */

const piece = fc.string({ minLength: 0, maxLength: 8, unit: fc.constantFrom("a", "b", " ", "\n", "é", "🙂", '"', "\\") });
const json = fc.dictionary(fc.string({ minLength: 1, maxLength: 5 }), fc.oneof(fc.string({ maxLength: 6 }), fc.integer(), fc.boolean(), fc.constant(null)), { maxKeys: 4 });
const cuts = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 5 });

const block = fc.oneof(
  fc.record({ type: fc.constant("text" as const), pieces: fc.array(piece, { maxLength: 4 }), citation: fc.boolean() }),
  fc.record({ type: fc.constant("thinking" as const), pieces: fc.array(piece, { maxLength: 4 }), signatures: fc.nat(2) }),
  fc.record({ type: fc.constant("tool_use" as const), name: fc.stringMatching(/^[a-z_]{1,10}$/), input: json, cuts, whole: fc.boolean() }),
  fc.record({ type: fc.constantFrom("redacted_thinking" as const, "server_tool_use" as const, "web_search_tool_result" as const) }),
);

const script = fc.record({
  blocks: fc.array(block, { maxLength: 6 }),
  stop: fc.constantFrom("end_turn", "max_tokens", "stop_sequence", "tool_use", "pause_turn", "refusal", "model_context_window_exceeded", null),
  usage: fc.record({ input: fc.nat(5000), creation: fc.nat(500), read: fc.nat(5000), output: fc.nat(5000), inputInDelta: fc.boolean() }),
  pings: fc.array(fc.nat(), { maxLength: 3 }),
  errorAt: fc.option(fc.nat(), { nil: undefined }),
});
type Script = typeof script extends fc.Arbitrary<infer T> ? T : never;

function split(text: string, points: number[]): string[] {
  const at = [...new Set(points.map((c) => Math.floor(c * text.length)))].sort((a, b) => a - b);
  const out: string[] = [];
  let from = 0;
  for (const p of [...at, text.length]) if (p > from) out.push(text.slice(from, (from = p)));
  return out;
}

function render(s: Script): AnthropicStreamEvent[] {
  const u = s.usage;
  const events: AnthropicStreamEvent[] = [
    {
      type: "message_start",
      message: { id: "msg_prop", type: "message", role: "assistant", model: "claude", content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: u.input, cache_creation_input_tokens: u.creation, cache_read_input_tokens: u.read, output_tokens: 1 } },
    },
  ];
  s.blocks.forEach((b, index) => {
    const add = (e: object) => events.push(e as AnthropicStreamEvent);
    if (b.type === "text") {
      add({ type: "content_block_start", index, content_block: { type: "text", text: "", ...(b.citation ? { citations: [] } : {}) } });
      for (const text of b.pieces) add({ type: "content_block_delta", index, delta: { type: "text_delta", text } });
      if (b.citation) add({ type: "content_block_delta", index, delta: { type: "citations_delta", citation: { type: "web_search_result_location", url: "https://example.com" } } });
    } else if (b.type === "thinking") {
      add({ type: "content_block_start", index, content_block: { type: "thinking", thinking: "", signature: "" } });
      for (const thinking of b.pieces) add({ type: "content_block_delta", index, delta: { type: "thinking_delta", thinking } });
      for (let i = 0; i < b.signatures; i++) add({ type: "content_block_delta", index, delta: { type: "signature_delta", signature: `sig${i}` } });
    } else if (b.type === "tool_use") {
      add({ type: "content_block_start", index, content_block: { type: "tool_use", id: `toolu_${index}`, name: b.name, input: b.whole ? b.input : {} } });
      if (!b.whole) for (const partial_json of split(JSON.stringify(b.input), b.cuts)) add({ type: "content_block_delta", index, delta: { type: "input_json_delta", partial_json } });
    } else if (b.type === "server_tool_use") {
      add({ type: "content_block_start", index, content_block: { type: "server_tool_use", id: `srvtoolu_${index}`, name: "web_search", input: {} } });
      add({ type: "content_block_delta", index, delta: { type: "input_json_delta", partial_json: '{"query":"x"}' } });
    } else if (b.type === "web_search_tool_result") {
      add({ type: "content_block_start", index, content_block: { type: "web_search_tool_result", tool_use_id: "srvtoolu_0", content: [] } });
    } else add({ type: "content_block_start", index, content_block: { type: "redacted_thinking", data: "xyz" } });
    add({ type: "content_block_stop", index });
  });
  events.push(
    { type: "message_delta", delta: { stop_reason: s.stop as never, stop_sequence: null }, usage: { output_tokens: u.output, ...(u.inputInDelta ? { input_tokens: u.input } : {}) } },
    { type: "message_stop" },
  );
  // Mid-stream: at the latest in place of message_stop.
  if (s.errorAt !== undefined) events.splice(s.errorAt % events.length, events.length, { type: "error", error: { type: "overloaded_error", message: "Overloaded" } });
  // Pings anywhere before the last event.
  for (const p of s.pings) events.splice(p % events.length, 0, { type: "ping" });
  return events;
}

describe("AnthropicToChatStream, property-based", () => {
  it("keeps chat's grammar, and the openai SDK accumulates the same text, tool calls, finish_reason and usage", async () => {
    await fc.assert(
      fc.asyncProperty(script, cutsArb, cutsArb, async (s, inCuts, outCuts) => {
        const events = render(s);
        const source = cutBytes(events.map(serializeAnthropicEvent).join(""), inCuts);
        const items = await collect(anthropicEventsToChat(parseAnthropicSse(source[Symbol.iterator]() as never), { includeUsage: true, created: 1 }));
        expect(chatGrammarProblems(items, true)).toEqual([]);
        const read = await openaiSdkRead(cutBytes((await collect(chatSseText((async function* () { yield* items; })()))).join(""), outCuts));
        const failed = events.some((e) => e.type === "error");
        if (failed) {
          expect(items.at(-1)).toEqual({ error: { message: "Overloaded", type: "server_error", param: null, code: "overloaded_error" } });
          expect(read.error).toBeInstanceOf(APIError);
          expect(read.error).toMatchObject({ code: "overloaded_error", message: "Overloaded" });
          return;
        }
        expect(read.error).toBeUndefined();
        const message = read.completion?.choices[0]?.message;
        const text = joinTextBlocks(s.blocks.map((b) => (b.type === "text" ? { type: "text", text: b.pieces.join("") } : { type: b.type })));
        expect(message?.content ?? "").toBe(text);
        const reasoning = read.chunks.flatMap((c) => c.choices.map((ch) => (ch.delta as { reasoning_content?: string }).reasoning_content ?? "")).join("");
        expect(reasoning).toBe(s.blocks.flatMap((b) => (b.type === "thinking" ? b.pieces : [])).join(""));
        const tools = s.blocks.flatMap((b, i) => (b.type === "tool_use" ? [{ id: `toolu_${i}`, name: b.name, input: b.input }] : []));
        expect((message?.tool_calls ?? []).map((c) => (c.type === "function" ? { id: c.id, name: c.function.name, input: JSON.parse(c.function.arguments) } : null))).toEqual(tools);
        expect(read.completion?.choices[0]?.finish_reason).toBe(finishFromStopReason(s.stop));
        const prompt = s.usage.input + s.usage.creation + s.usage.read;
        expect(read.completion?.usage).toMatchObject({ prompt_tokens: prompt, completion_tokens: s.usage.output, total_tokens: prompt + s.usage.output, prompt_tokens_details: { cached_tokens: s.usage.read } });
      }),
      { numRuns: 300 },
    );
  });

  it("never throws on events of any shape, and always ends once", () => {
    const junk = fc.oneof(fc.constant(null), fc.constant(undefined), fc.string(), fc.integer(), fc.constant([]), fc.constant({}));
    const type = fc.constantFrom("message_start", "content_block_start", "content_block_delta", "content_block_stop", "message_delta", "message_stop", "ping", "error", "text_delta", "input_json_delta", "tool_use", "text", "thinking");
    const anything = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: "small" }, junk, type, fc.array(tie("value"), { maxLength: 3 }), fc.dictionary(fc.constantFrom("type", "index", "message", "content_block", "delta", "usage", "text", "partial_json", "input", "id", "name", "stop_reason", "error"), tie("value"), { maxKeys: 5 })),
    })).value;
    fc.assert(
      fc.property(fc.array(anything, { maxLength: 12 }), (events) => {
        const stream = new AnthropicToChatStream({ includeUsage: true, created: 1 });
        const items = [...events.flatMap((e) => stream.push(e as AnthropicStreamEvent)), ...stream.end()];
        const finishes = items.filter((i) => "choices" in i && i.choices.some((c) => c.finish_reason));
        expect(finishes.length + items.filter((i) => "error" in i).length).toBe(1);
      }),
      { numRuns: 500 },
    );
  });
});
