import { chatErrorToAnthropic } from "@/lib/protocols/anthropic/errors";
import { anthropicUsageFromChat, messageIdFromChat, randomId, stopReasonFromFinish } from "@/lib/protocols/anthropic/mapping";
import type { AnthropicDelta, AnthropicStreamEvent } from "@/lib/protocols/anthropic/types";
import { isChatStreamError, type ChatChunk, type ChatStreamItem, type ChatToolCallDelta, type ChatUsage } from "@/lib/protocols/openai/types";

export interface ChatToAnthropicStreamOptions {
  /** The model the client asked for; message_start names it. */
  model: string;
  /**
   * Input tokens for message_start. Chat streams tell usage only in their last chunk, after the
   * content, so message_start carries this (an estimate, or 0) unless the first chunk has usage;
   * the upstream's count follows in message_delta, which clients take as the final one.
   */
  inputTokens?: number;
}

type OpenBlock = { kind: "text" | "thinking"; index: number } | { kind: "tool"; index: number; key: string };

/** A tool call as its deltas arrive: its block opens once it has a name (or must open anyway). */
interface ToolCall {
  key: string;
  /** The block's index once content_block_start was sent. */
  index: number | null;
  /** The upstream's id, once a delta carried one. */
  id: string | null;
  name: string;
  /** Argument fragments that came before the block could open. */
  pending: string;
}

/**
 * chat.completion.chunk objects → Anthropic stream events, one push at a time, for a pipe that cannot
 * hold a generator. Each text, thinking (`reasoning_content`) or tool-call run is one content block,
 * opened when it starts and stopped when another starts or the upstream ends; a tool call is told
 * apart by its index (or by a new id on an index already used). Any field of a tool-call delta may
 * be null or missing: a call's block opens when its name is known (its id, if it came first, is
 * kept; argument fragments that came before are held), or, nameless, when something else must
 * open. Arguments for a call whose block was already stopped (interleaved parallel calls, which
 * OpenAI does not send) are sent to that block's index rather than lost. The last block's stop,
 * message_delta and message_stop wait for the end of the upstream, since content may follow a
 * finish_reason (some servers send it with a call's name, before the arguments) and usage comes
 * after it.
 */
export class ChatToAnthropicStream {
  private started = false;
  private open: OpenBlock | null = null;
  private nextIndex = 0;
  private readonly tools = new Map<string, ToolCall>();
  private pendingTool: ToolCall | null = null;
  private lastToolKey: string | null = null;
  private finish: string | null = null;
  private refused = false;
  private usage: ChatUsage | null = null;
  private done = false;

  constructor(private readonly opts: ChatToAnthropicStreamOptions) {}

  push(item: ChatStreamItem): AnthropicStreamEvent[] {
    if (this.done || typeof item !== "object" || item === null) return [];
    if (isChatStreamError(item)) return this.fail(item);
    const out = this.start(item);
    if (item.usage && typeof item.usage === "object") this.usage = item.usage;
    const choice = (Array.isArray(item.choices) ? item.choices : []).find((c) => (c?.index ?? 0) === 0);
    if (!choice) return out;
    const delta = choice.delta ?? {};
    if (typeof delta.reasoning_content === "string" && delta.reasoning_content) {
      out.push(...this.blockDelta("thinking", { type: "thinking_delta", thinking: delta.reasoning_content }));
    }
    if (typeof delta.content === "string" && delta.content) out.push(...this.blockDelta("text", { type: "text_delta", text: delta.content }));
    if (typeof delta.refusal === "string" && delta.refusal) {
      // A refusal (OpenAI's structured-output one) is what the model said: text, with stop_reason refusal.
      this.refused = true;
      out.push(...this.blockDelta("text", { type: "text_delta", text: delta.refusal }));
    }
    for (const call of Array.isArray(delta.tool_calls) ? delta.tool_calls : []) out.push(...this.toolDelta(call));
    // The open block stays open: some servers send finish_reason on a chunk before the last
    // content (a tool call's name with finish_reason, then its arguments); end() closes it.
    if (choice.finish_reason) this.finish = choice.finish_reason;
    return out;
  }

  /** The upstream ended: the message is closed with its stop reason and usage. */
  end(): AnthropicStreamEvent[] {
    if (this.done) return [];
    const out = [...this.start(undefined), ...this.close()];
    this.done = true;
    const usage = this.usage ? anthropicUsageFromChat(this.usage) : null;
    const stop = this.refused && this.tools.size === 0 ? "refusal" : stopReasonFromFinish(this.finish, this.tools.size > 0);
    out.push(
      { type: "message_delta", delta: { stop_reason: stop, stop_sequence: null }, usage: usage ?? { output_tokens: 0 } },
      { type: "message_stop" },
    );
    return out;
  }

  /** The upstream failed (an error item, or a thrown error): an Anthropic error event ends the stream. */
  fail(error: unknown): AnthropicStreamEvent[] {
    if (this.done) return [];
    this.done = true;
    if (isChatStreamError(error)) return [chatErrorToAnthropic(error)];
    const reason = error instanceof Error && error.message ? `: ${error.message}` : "";
    return [{ type: "error", error: { type: "api_error", message: `The upstream stream failed${reason}` } }];
  }

  private start(chunk: ChatChunk | undefined): AnthropicStreamEvent[] {
    if (this.started) return [];
    this.started = true;
    const usage = chunk?.usage
      ? anthropicUsageFromChat(chunk.usage)
      : { input_tokens: this.opts.inputTokens ?? 0, output_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
    return [
      {
        type: "message_start",
        message: {
          id: messageIdFromChat(chunk?.id),
          type: "message",
          role: "assistant",
          model: this.opts.model,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { ...usage, output_tokens: 0 },
        },
      },
    ];
  }

  /** The delta, in the open block if it is of this kind, else in a new one. */
  private blockDelta(kind: "text" | "thinking", delta: AnthropicDelta): AnthropicStreamEvent[] {
    const out: AnthropicStreamEvent[] = [];
    let index = this.open?.kind === kind ? this.open.index : undefined;
    if (index === undefined) {
      out.push(...this.close());
      index = this.nextIndex++;
      this.open = { kind, index };
      const content_block = kind === "text" ? { type: "text" as const, text: "" } : { type: "thinking" as const, thinking: "", signature: "" };
      out.push({ type: "content_block_start", index, content_block });
    }
    out.push({ type: "content_block_delta", index, delta });
    return out;
  }

  private toolDelta(call: ChatToolCallDelta | null): AnthropicStreamEvent[] {
    if (typeof call !== "object" || call === null) return [];
    const id = typeof call.id === "string" && call.id ? call.id : undefined;
    const fn = typeof call.function === "object" && call.function !== null ? call.function : {};
    const name = typeof fn.name === "string" ? fn.name : "";
    const args = typeof fn.arguments === "string" ? fn.arguments : "";
    let key = typeof call.index === "number" ? `index:${call.index}` : id ? `id:${id}` : (this.lastToolKey ?? "index:0");
    let tool = this.tools.get(key);
    if (tool?.id && id && tool.id !== id) {
      // A new call on an index already used: a server that numbers every call 0.
      key = `id:${id}`;
      tool = this.tools.get(key);
    }
    this.lastToolKey = key;
    const out: AnthropicStreamEvent[] = [];
    if (!tool) {
      // A new call ends the block before it, whatever its kind.
      out.push(...this.close());
      tool = { key, index: null, id: null, name: "", pending: "" };
      this.tools.set(key, tool);
      this.pendingTool = tool;
    }
    // An id that comes after the block opened (with one of ours) is the same call's, not a new one.
    if (id) tool.id ??= id;
    if (name && tool.index === null) tool.name = name;
    if (tool.index === null) {
      tool.pending += args;
      if (tool.name) out.push(...this.openTool(tool));
      return out;
    }
    if (args) out.push({ type: "content_block_delta", index: tool.index, delta: { type: "input_json_delta", partial_json: args } });
    return out;
  }

  /** Opens the tool call's block, with the argument fragments it held. */
  private openTool(tool: ToolCall): AnthropicStreamEvent[] {
    if (this.pendingTool === tool) this.pendingTool = null;
    const index = this.nextIndex++;
    tool.index = index;
    this.open = { kind: "tool", index, key: tool.key };
    const id = tool.id ?? `toolu_${randomId()}`;
    const out: AnthropicStreamEvent[] = [{ type: "content_block_start", index, content_block: { type: "tool_use", id, name: tool.name, input: {} } }];
    if (tool.pending) out.push({ type: "content_block_delta", index, delta: { type: "input_json_delta", partial_json: tool.pending } });
    tool.pending = "";
    return out;
  }

  private close(): AnthropicStreamEvent[] {
    const pending = this.pendingTool;
    // A call that never got its name still becomes a block rather than vanish.
    if (pending) return [...this.openTool(pending), ...this.closeOpen()];
    return this.closeOpen();
  }

  private closeOpen(): AnthropicStreamEvent[] {
    if (!this.open) return [];
    const index = this.open.index;
    this.open = null;
    return [{ type: "content_block_stop", index }];
  }
}

/** An upstream chat stream → the Anthropic stream a client of /v1/messages reads. */
export async function* chatEventsToAnthropic(events: AsyncIterable<ChatStreamItem>, opts: ChatToAnthropicStreamOptions): AsyncGenerator<AnthropicStreamEvent> {
  const stream = new ChatToAnthropicStream(opts);
  try {
    for await (const item of events) {
      yield* stream.push(item);
      if (isChatStreamError(item)) return;
    }
  } catch (error) {
    yield* stream.fail(error);
    return;
  }
  yield* stream.end();
}
