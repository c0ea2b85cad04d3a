import { anthropicErrorToChat } from "@/lib/protocols/anthropic/errors";
import { chatIdFromMessage, chatUsageFromAnthropic, finishFromStopReason, PARAGRAPH } from "@/lib/protocols/anthropic/mapping";
import type { AnthropicDeltaUsage, AnthropicStreamEvent } from "@/lib/protocols/anthropic/types";
import type { ChatChunk, ChatDelta, ChatFinishReason, ChatStreamItem } from "@/lib/protocols/openai/types";

export interface AnthropicToChatStreamOptions {
  /** Add the usage chunk (`choices: []`) at the end, as `stream_options.include_usage` asks. */
  includeUsage?: boolean;
  /** The model the chunks name; the upstream's by default. */
  model?: string;
  /** Unix seconds for `created`; now by default. */
  created?: number;
}

const KNOWN_EVENTS = new Set(["message_start", "content_block_start", "content_block_delta", "content_block_stop", "message_delta", "message_stop"]);

type Block = { kind: "text" | "thinking" | "other" } | { kind: "tool"; toolIndex: number; sentArgs: boolean; input: unknown };

/**
 * Anthropic stream events → chat.completion.chunk objects, one push at a time: a role chunk first,
 * text deltas as `content` (a new paragraph after a block of another kind, as joinTextBlocks joins
 * text), each tool_use block as a tool call numbered in order (id and name
 * first, then argument fragments), thinking as `reasoning_content` (never in the content;
 * signatures dropped), the finish_reason chunk, and the usage chunk when asked. Server tool blocks
 * (server_tool_use, web_search_tool_result, …) and citations are passed over. A tool call whose
 * input came whole in content_block_start, or not at all, gets it as one fragment at the block's
 * stop (`{}` when empty, which chat clients parse where Anthropic's `""` would fail).
 */
export class AnthropicToChatStream {
  private id = chatIdFromMessage(undefined);
  private model: string;
  private readonly created: number;
  private started = false;
  private done = false;
  private readonly blocks = new Map<number, Block>();
  private tools = 0;
  private sentText = false;
  private gap = false;
  private stopReason: string | null = null;
  private usage: Partial<AnthropicDeltaUsage> = {};

  constructor(private readonly opts: AnthropicToChatStreamOptions = {}) {
    this.model = opts.model ?? "";
    this.created = opts.created ?? Math.floor(Date.now() / 1000);
  }

  push(event: AnthropicStreamEvent): ChatStreamItem[] {
    if (this.done || typeof event !== "object" || event === null) return [];
    if (event.type === "error") return this.fail(event);
    // A ping (or an event of a type we do not know) sends nothing, not even the role chunk: the
    // message_start after it still names the chunks. Once chunks went out, their id stays.
    if (event.type === "ping" || !KNOWN_EVENTS.has(event.type)) return [];
    if (event.type === "message_start") {
      if (!this.started && typeof event.message?.id === "string") this.id = chatIdFromMessage(event.message.id);
      if (!this.started && !this.opts.model && typeof event.message?.model === "string") this.model = event.message.model;
      this.addUsage(event.message?.usage);
    }
    const out = this.start();
    switch (event.type) {
      case "content_block_start":
        out.push(...this.blockStart(event.index, event.content_block));
        break;
      case "content_block_delta":
        out.push(...this.blockDelta(event.index, event.delta));
        break;
      case "content_block_stop":
        out.push(...this.blockStop(event.index));
        break;
      case "message_delta":
        this.stopReason = event.delta?.stop_reason ?? this.stopReason;
        this.addUsage(event.usage);
        break;
      case "message_stop":
        out.push(...this.finish());
        break;
    }
    return out;
  }

  /** The upstream ended; a stream cut before message_stop still gets its finish (and usage) chunk. */
  end(): ChatStreamItem[] {
    return this.done ? [] : [...this.start(), ...this.finish()];
  }

  /** An `error` event, or a thrown error: an OpenAI error item ends the stream. */
  fail(error: unknown): ChatStreamItem[] {
    if (this.done) return [];
    this.done = true;
    if (typeof error === "object" && error !== null && "type" in error && error.type === "error") return [anthropicErrorToChat(error)];
    const reason = error instanceof Error && error.message ? `: ${error.message}` : "";
    return [{ error: { message: `The upstream stream failed${reason}`, type: "server_error", param: null, code: "api_error" } }];
  }

  private chunk(delta: ChatDelta, finish: ChatFinishReason | null = null): ChatChunk {
    const chunk: ChatChunk = {
      id: this.id,
      object: "chat.completion.chunk",
      created: this.created,
      model: this.model,
      choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }],
    };
    if (this.opts.includeUsage) chunk.usage = null;
    return chunk;
  }

  private start(): ChatStreamItem[] {
    if (this.started) return [];
    this.started = true;
    return [this.chunk({ role: "assistant", content: "" })];
  }

  private addUsage(usage: Partial<AnthropicDeltaUsage> | null | undefined): void {
    if (typeof usage !== "object" || usage === null) return;
    // Cumulative counters, sent when they apply: the latest known value of each wins.
    for (const key of ["input_tokens", "output_tokens", "cache_creation_input_tokens", "cache_read_input_tokens"] as const) {
      const value = usage[key];
      if (typeof value === "number") this.usage[key] = value;
    }
  }

  private blockStart(index: number, block: { type: string; text?: string; thinking?: string; id?: string; name?: string; input?: unknown }): ChatStreamItem[] {
    if (block?.type === "text") {
      this.blocks.set(index, { kind: "text" });
      return block.text ? this.text(block.text) : [];
    }
    if (block?.type === "thinking") {
      this.blocks.set(index, { kind: "thinking" });
      return block.thinking ? [this.chunk({ reasoning_content: block.thinking })] : [];
    }
    if (block?.type !== "redacted_thinking") this.gap = true;
    if (block?.type !== "tool_use") {
      this.blocks.set(index, { kind: "other" });
      return [];
    }
    const toolIndex = this.tools++;
    this.blocks.set(index, { kind: "tool", toolIndex, sentArgs: false, input: block.input });
    const call = { index: toolIndex, id: block.id ?? "", type: "function" as const, function: { name: block.name ?? "", arguments: "" } };
    return [this.chunk({ tool_calls: [call] })];
  }

  private blockDelta(index: number, delta: { type: string; text?: string; thinking?: string; partial_json?: string }): ChatStreamItem[] {
    const block = this.blocks.get(index);
    if (block?.kind === "other") return [];
    if (delta?.type === "text_delta" && delta.text) return this.text(delta.text);
    if (delta?.type === "thinking_delta" && delta.thinking) return [this.chunk({ reasoning_content: delta.thinking })];
    if (delta?.type !== "input_json_delta" || block?.kind !== "tool" || !delta.partial_json) return [];
    block.sentArgs = true;
    return [this.chunk({ tool_calls: [{ index: block.toolIndex, function: { arguments: delta.partial_json } }] })];
  }

  /** Text resuming after a block of another kind starts a new paragraph, as joinTextBlocks does. */
  private text(text: string): ChatStreamItem[] {
    const lead = this.gap && this.sentText ? PARAGRAPH : "";
    this.gap = false;
    this.sentText = true;
    return [this.chunk({ content: lead + text })];
  }

  private blockStop(index: number): ChatStreamItem[] {
    const block = this.blocks.get(index);
    if (block?.kind !== "tool" || block.sentArgs) return [];
    block.sentArgs = true;
    const input = block.input;
    const whole = typeof input === "object" && input !== null && Object.keys(input).length > 0 ? JSON.stringify(input) : "{}";
    return [this.chunk({ tool_calls: [{ index: block.toolIndex, function: { arguments: whole } }] })];
  }

  private finish(): ChatStreamItem[] {
    this.done = true;
    const out: ChatStreamItem[] = [this.chunk({}, finishFromStopReason(this.stopReason))];
    if (this.opts.includeUsage) out.push({ ...this.chunk({}), choices: [], usage: chatUsageFromAnthropic(this.usage) });
    return out;
  }
}

/** An upstream Anthropic stream → the chat chunks a client of /v1/chat/completions reads. */
export async function* anthropicEventsToChat(events: AsyncIterable<AnthropicStreamEvent>, opts: AnthropicToChatStreamOptions = {}): AsyncGenerator<ChatStreamItem> {
  const stream = new AnthropicToChatStream(opts);
  try {
    for await (const event of events) {
      yield* stream.push(event);
      if (event?.type === "error") return;
    }
  } catch (error) {
    yield* stream.fail(error);
    return;
  }
  yield* stream.end();
}
