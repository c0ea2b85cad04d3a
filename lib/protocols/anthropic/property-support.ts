/**
 * Helpers for the property tests: byte streams cut at arbitrary points, the official SDKs reading
 * a stream through their own SSE parser and accumulator (over an in-process fetch, no server), and
 * strict checkers of each format's event grammar, stricter than the SDKs (which accept a lot).
 */
import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import fc from "fast-check";
import type { AnthropicStreamEvent } from "@/lib/protocols/anthropic/types";
import type { ChatChunk, ChatStreamItem } from "@/lib/protocols/openai/types";

/** Cut points as fractions of the length: fast-check shrinks these well. */
export const cutsArb = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 12 });

export function cutBytes(text: string, cuts: number[]): Uint8Array[] {
  const all = new TextEncoder().encode(text);
  const points = [...new Set(cuts.map((c) => Math.floor(c * all.length)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let from = 0;
  for (const p of [...points, all.length]) {
    if (p > from) out.push(all.slice(from, p));
    from = Math.max(from, p);
  }
  return out;
}

export async function* iterate<T>(items: T[]): AsyncGenerator<T> {
  yield* items;
}

function sseFetch(pieces: Uint8Array[]) {
  return async () =>
    new Response(
      new ReadableStream<Uint8Array>({
        start(controller) {
          for (const piece of pieces) controller.enqueue(piece);
          controller.close();
        },
      }),
      { status: 200, headers: { "content-type": "text/event-stream" } },
    );
}

/** The Anthropic SDK's MessageStream over these bytes: its final message, or what it threw. */
export async function anthropicSdkRead(pieces: Uint8Array[]): Promise<{ message?: Anthropic.Message; error?: unknown }> {
  const client = new Anthropic({ apiKey: "sk-ant-test", baseURL: "http://sdk.test", maxRetries: 0, fetch: sseFetch(pieces) });
  try {
    const message = await client.messages.stream({ model: "m", max_tokens: 10, messages: [{ role: "user", content: "hi" }] }).finalMessage();
    return { message };
  } catch (error) {
    return { error };
  }
}

/** The openai SDK's ChatCompletionStream over these bytes: the raw chunks it saw, its final completion or what it threw. */
export async function openaiSdkRead(pieces: Uint8Array[]): Promise<{ chunks: OpenAI.ChatCompletionChunk[]; completion?: OpenAI.ChatCompletion; error?: unknown }> {
  const client = new OpenAI({ apiKey: "sk-test", baseURL: "http://sdk.test/v1", maxRetries: 0, fetch: sseFetch(pieces) });
  const chunks: OpenAI.ChatCompletionChunk[] = [];
  try {
    const stream = client.chat.completions.stream({ model: "m", messages: [{ role: "user", content: "hi" }], stream_options: { include_usage: true } });
    stream.on("chunk", (chunk) => chunks.push(chunk));
    return { chunks, completion: await stream.finalChatCompletion() };
  } catch (error) {
    return { chunks, error };
  }
}

const DELTA_FOR: Record<string, string[]> = {
  text: ["text_delta", "citations_delta"],
  thinking: ["thinking_delta", "signature_delta"],
  tool_use: ["input_json_delta"],
};

/**
 * Anthropic's stream grammar as its API sends it: one message_start first; blocks numbered 0, 1, …,
 * one open at a time, each delta to the open block and of its kind; every block stopped; then one
 * message_delta and message_stop last; or an error event last (and no message_stop). Pings anywhere.
 */
export function anthropicGrammarProblems(events: AnthropicStreamEvent[]): string[] {
  const problems: string[] = [];
  const seq = events.filter((e) => e.type !== "ping");
  if (seq[0]?.type !== "message_start" && seq[0]?.type !== "error") problems.push(`first event is ${seq[0]?.type}`);
  if (seq.filter((e) => e.type === "message_start").length > 1) problems.push("more than one message_start");
  const last = seq.at(-1);
  const failed = last?.type === "error";
  if (seq.filter((e) => e.type === "error").length > (failed ? 1 : 0)) problems.push("an error event that is not the last");
  if (!failed && last?.type !== "message_stop") problems.push(`last event is ${last?.type}`);
  if (seq.filter((e) => e.type === "message_stop").length !== (failed ? 0 : 1)) problems.push("message_stop count");
  let open: { index: number; type: string } | null = null;
  let started = 0;
  let deltas = 0;
  for (const e of seq) {
    if (e.type === "content_block_start") {
      if (open) problems.push(`block ${e.index} started while ${open.index} is open`);
      if (e.index !== started) problems.push(`block ${e.index} started, expected ${started}`);
      if (deltas > 0) problems.push("block after message_delta");
      if (e.content_block.type === "tool_use" && (!e.content_block.id || !e.content_block.name)) problems.push(`tool_use block ${e.index} without id or name`);
      started++;
      open = { index: e.index, type: e.content_block.type };
    } else if (e.type === "content_block_delta") {
      if (open?.index !== e.index) problems.push(`delta to block ${e.index}, open is ${open?.index}`);
      else if (!DELTA_FOR[open.type]?.includes(e.delta.type)) problems.push(`${e.delta.type} in a ${open.type} block`);
    } else if (e.type === "content_block_stop") {
      if (open?.index !== e.index) problems.push(`stop of block ${e.index}, open is ${open?.index}`);
      open = null;
    } else if (e.type === "message_delta") {
      deltas++;
      if (open) problems.push("message_delta with a block open");
    }
  }
  if (!failed && deltas !== 1) problems.push(`${deltas} message_delta events`);
  return problems;
}

/**
 * chat.completion.chunk grammar as OpenAI sends it: the role first; each tool call's first delta
 * with its id, type and name, calls numbered 0, 1, … in order; one finish_reason, after all content;
 * then only the usage chunk (choices []); or an error item last.
 */
export function chatGrammarProblems(items: ChatStreamItem[], includeUsage: boolean): string[] {
  const problems: string[] = [];
  const failed = items.length > 0 && "error" in (items.at(-1) ?? {});
  if (items.slice(0, failed ? -1 : undefined).some((i) => "error" in i)) problems.push("an error item that is not the last");
  const chunks = items.filter((i): i is ChatChunk => "choices" in i);
  if (chunks.length > 0 && chunks[0]?.choices[0]?.delta.role !== "assistant") problems.push("first chunk has no role");
  if (new Set(chunks.map((c) => c.id)).size > 1) problems.push("chunk ids differ");
  let finished = false;
  let usageSeen = false;
  const seen = new Set<number>();
  for (const chunk of chunks) {
    if (usageSeen) problems.push("a chunk after the usage chunk");
    if (chunk.choices.length === 0) {
      usageSeen = true;
      if (!chunk.usage) problems.push("an empty-choices chunk without usage");
      continue;
    }
    const choice = chunk.choices[0];
    if (!choice) continue;
    if (finished) problems.push("a chunk with a choice after finish_reason");
    if (choice.finish_reason) finished = true;
    for (const call of choice.delta.tool_calls ?? []) {
      if (seen.has(call.index)) continue;
      if (call.index !== seen.size) problems.push(`tool call ${call.index} before ${seen.size}`);
      if (!call.id || call.type !== "function" || typeof call.function?.name !== "string") problems.push(`tool call ${call.index} starts without id, type or name`);
      seen.add(call.index);
    }
  }
  if (!failed && !finished) problems.push("no finish_reason");
  if (!failed && includeUsage && !usageSeen) problems.push("no usage chunk");
  return problems;
}
