import { APIError } from "@anthropic-ai/sdk";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { anthropicGrammarProblems, anthropicSdkRead, cutBytes, cutsArb } from "@/lib/protocols/anthropic/property-support";
import { serializeAnthropicEvent } from "@/lib/protocols/anthropic/sse";
import { chatEventsToAnthropic, ChatToAnthropicStream } from "@/lib/protocols/anthropic/stream-from-chat";
import { collect } from "@/lib/protocols/anthropic/test-support";
import { parseChatSse } from "@/lib/protocols/openai/sse";
import type { ChatStreamItem } from "@/lib/protocols/openai/types";

/**
 * Arbitrary chat streams (text and reasoning runs, parallel tool calls whose deltas carry null or
 * missing fields and arguments cut anywhere, finish_reason on any chunk, a usage chunk with empty
 * choices, an error item anywhere), sent as SSE cut at arbitrary bytes, through ChatToAnthropicStream:
 * the result must keep Anthropic's grammar, and the Anthropic SDK must read from it the same text,
 * thinking, tool calls and usage.
 */

const piece = fc.string({ minLength: 1, maxLength: 8, unit: fc.constantFrom("a", "b", " ", "\n", "é", "🙂", '"', "\\", "{") });
const nullish = fc.constantFrom(null, undefined);
const json = fc.dictionary(fc.string({ minLength: 1, maxLength: 5 }), fc.oneof(fc.string({ maxLength: 6 }), fc.integer(), fc.boolean(), fc.constant(null)), { maxKeys: 4 });

const call = fc.record({
  name: fc.stringMatching(/^[a-z_]{1,12}$/),
  input: json,
  cuts: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 5 }),
  header: fc.constantFrom("openai", "no-type-no-args", "id-then-name", "noise-first", "name-with-args"),
  later: fc.record({ id: nullish, type: nullish, name: nullish }),
});

const script = fc.record({
  runs: fc.array(fc.record({ kind: fc.constantFrom("text", "reasoning"), pieces: fc.array(piece, { minLength: 1, maxLength: 4 }) }), { maxLength: 4 }),
  calls: fc.array(call, { maxLength: 3 }),
  /** How many consecutive deltas share one chunk. */
  grouping: fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 30 }),
  finishAt: fc.option(fc.nat(), { nil: undefined }),
  finish: fc.constantFrom("stop", "length", "tool_calls", "content_filter", null),
  usage: fc.option(fc.record({ prompt: fc.nat(5000), cached: fc.nat(5000), completion: fc.nat(5000) }), { nil: undefined }),
  errorAt: fc.option(fc.nat(), { nil: undefined }),
  crlf: fc.boolean(),
});

type Script = typeof script extends fc.Arbitrary<infer T> ? T : never;
type ToolDelta = Record<string, unknown>;

function split(text: string, cuts: number[]): string[] {
  const points = [...new Set(cuts.map((c) => Math.floor(c * text.length)))].sort((a, b) => a - b);
  const out: string[] = [];
  let from = 0;
  for (const p of [...points, text.length]) if (p > from) out.push(text.slice(from, (from = p)));
  return out;
}

/** The script as chunks; ids are call_0, call_1, … */
function render(s: Script): ChatStreamItem[] {
  const deltas: Record<string, unknown>[] = [];
  for (const run of s.runs) for (const p of run.pieces) deltas.push(run.kind === "text" ? { content: p } : { content: null, reasoning_content: p });
  s.calls.forEach((c, index) => {
    const id = `call_${index}`;
    const args = split(JSON.stringify(c.input), c.cuts);
    const tool = (d: ToolDelta) => deltas.push({ tool_calls: [{ index, ...d }] });
    if (c.header === "openai") tool({ id, type: "function", function: { name: c.name, arguments: "" } });
    if (c.header === "no-type-no-args") tool({ id, function: { name: c.name } });
    if (c.header === "id-then-name") {
      tool({ id, type: null, function: null });
      tool({ id: null, function: { name: c.name, arguments: null } });
    }
    if (c.header === "noise-first") {
      tool({ id: null, type: null, function: { name: null, arguments: null } });
      tool({ id, type: "function", function: { name: c.name, arguments: "" } });
    }
    if (c.header === "name-with-args") tool({ id, type: "function", function: { name: c.name, arguments: args.shift() ?? "" } });
    for (const a of args) tool({ ...(c.later.id === null ? { id: null } : {}), ...(c.later.type === null ? { type: null } : {}), function: { arguments: a, ...(c.later.name === null ? { name: null } : {}) } });
  });
  // Deltas of consecutive tool calls may share a chunk, as OpenAI's parallel calls sometimes do.
  const chunks: ChatStreamItem[] = [];
  const base = { id: "chatcmpl-prop", object: "chat.completion.chunk" as const, created: 1, model: "m" };
  chunks.push({ ...base, choices: [{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }] });
  let g = 0;
  for (let i = 0; i < deltas.length; ) {
    const n = s.grouping[g++ % Math.max(1, s.grouping.length)] ?? 1;
    const group = deltas.slice(i, i + n);
    i += n;
    const calls = group.flatMap((d) => (Array.isArray(d.tool_calls) ? d.tool_calls : []));
    const delta = calls.length === group.length ? { tool_calls: calls } : group[0];
    if (calls.length !== group.length) i -= n - 1; // mixed groups are sent one delta per chunk
    chunks.push({ ...base, choices: [{ index: 0, delta: delta as never, finish_reason: null }] });
  }
  const at = s.finishAt === undefined ? chunks.length - 1 : s.finishAt % chunks.length;
  const target = chunks[at];
  if (target && "choices" in target && target.choices[0]) target.choices[0].finish_reason = s.finish as never;
  if (s.usage) {
    const cached = Math.min(s.usage.cached, s.usage.prompt);
    chunks.push({ ...base, choices: [], usage: { prompt_tokens: s.usage.prompt, completion_tokens: s.usage.completion, total_tokens: s.usage.prompt + s.usage.completion, prompt_tokens_details: { cached_tokens: cached } } });
  }
  if (s.errorAt !== undefined) {
    chunks.splice(s.errorAt % (chunks.length + 1), chunks.length, { error: { message: "boom", type: "server_error", param: null, code: null } });
  }
  return chunks;
}

function sse(items: ChatStreamItem[], crlf: boolean): string {
  const nl = crlf ? "\r\n" : "\n";
  const failed = items.some((i) => "error" in i);
  return items.map((i) => `data: ${JSON.stringify(i)}${nl}${nl}`).join("") + (failed ? "" : `data: [DONE]${nl}${nl}`);
}

describe("ChatToAnthropicStream, property-based", () => {
  it("keeps Anthropic's grammar, and the SDK reads the same text, thinking, tool calls and usage", async () => {
    await fc.assert(
      fc.asyncProperty(script, cutsArb, cutsArb, async (s, inCuts, outCuts) => {
        const items = render(s);
        const events = await collect(chatEventsToAnthropic(parseChatSse(cutBytes(sse(items, s.crlf), inCuts)[Symbol.iterator]() as never), { model: "m" }));
        expect(anthropicGrammarProblems(events)).toEqual([]);
        const failed = items.some((i) => "error" in i);
        // A stream that failed before its first chunk is only the error event.
        expect(events.filter((e) => e.type === "message_start")).toHaveLength(failed && items.length === 1 ? 0 : 1);
        const read = await anthropicSdkRead(cutBytes(events.map(serializeAnthropicEvent).join(""), outCuts));
        if (failed) {
          expect(events.at(-1)).toEqual({ type: "error", error: { type: "api_error", message: "boom" } });
          expect(read.error).toBeInstanceOf(APIError);
          return;
        }
        expect(read.error).toBeUndefined();
        const message = read.message;
        const kept = (kind: string) => s.runs.filter((r) => r.kind === kind).flatMap((r) => r.pieces).join("");
        expect(message?.content.flatMap((b) => (b.type === "text" ? [b.text] : [])).join("")).toBe(kept("text"));
        expect(message?.content.flatMap((b) => (b.type === "thinking" ? [b.thinking] : [])).join("")).toBe(kept("reasoning"));
        expect(message?.content.flatMap((b) => (b.type === "tool_use" ? [{ id: b.id, name: b.name, input: b.input }] : []))).toEqual(
          s.calls.map((c, i) => ({ id: `call_${i}`, name: c.name, input: c.input })),
        );
        const lastFinish = items.flatMap((i) => ("choices" in i ? i.choices.map((c) => c.finish_reason) : [])).filter(Boolean).at(-1);
        const stop = s.calls.length > 0 && lastFinish !== "length" && lastFinish !== "content_filter" ? "tool_use" : ({ length: "max_tokens", content_filter: "refusal", tool_calls: "tool_use" } as Record<string, string>)[lastFinish ?? ""] ?? "end_turn";
        expect(message?.stop_reason).toBe(stop);
        if (s.usage) {
          const cached = Math.min(s.usage.cached, s.usage.prompt);
          expect(message?.usage).toMatchObject({ input_tokens: s.usage.prompt - cached, cache_read_input_tokens: cached, output_tokens: s.usage.completion });
        }
      }),
      { numRuns: 300 },
    );
  });

  it("never throws on chunks of any shape, and always ends the message once", () => {
    const junk = fc.oneof(fc.constant(null), fc.constant(undefined), fc.string(), fc.integer(), fc.constant([]), fc.constant({}));
    const anything = fc.letrec((tie) => ({ value: fc.oneof({ depthSize: "small" }, junk, fc.array(tie("value"), { maxLength: 3 }), fc.dictionary(fc.constantFrom("index", "id", "type", "function", "name", "arguments", "content", "tool_calls", "delta", "choices", "finish_reason", "usage", "error", "reasoning_content", "refusal"), tie("value"), { maxKeys: 5 })) })).value;
    fc.assert(
      fc.property(fc.array(anything, { maxLength: 12 }), (items) => {
        const stream = new ChatToAnthropicStream({ model: "m" });
        const events = [...items.flatMap((i) => stream.push(i as ChatStreamItem)), ...stream.end()];
        expect(events.filter((e) => e.type === "message_start").length).toBeLessThanOrEqual(1);
        expect(events.filter((e) => e.type === "message_stop" || e.type === "error")).toHaveLength(1);
      }),
      { numRuns: 500 },
    );
  });
});
