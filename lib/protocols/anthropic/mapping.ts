import type { AnthropicStopReason, AnthropicUsage } from "@/lib/protocols/anthropic/types";
import type { ChatFinishReason, ChatUsage } from "@/lib/protocols/openai/types";

/**
 * finish_reason → stop_reason. `stop` cannot tell a natural end from a stop sequence (chat does not
 * say which), so it is always end_turn; content_filter is refusal, Anthropic's word for a turn the
 * model or a classifier declined. A turn that produced tool calls is tool_use whatever the upstream
 * said, as several OpenAI-compatible servers end tool calls with `stop`.
 */
export function stopReasonFromFinish(finish: string | null | undefined, hadToolCalls: boolean): AnthropicStopReason {
  if (hadToolCalls && finish !== "length" && finish !== "content_filter") return "tool_use";
  switch (finish) {
    case "length":
      return "max_tokens";
    case "tool_calls":
    case "function_call":
      return "tool_use";
    case "content_filter":
      return "refusal";
    default:
      return "end_turn";
  }
}

/** stop_reason → finish_reason; pause_turn (a server tool still running) ends the chat turn as `stop`. */
export function finishFromStopReason(stop: string | null | undefined): ChatFinishReason {
  switch (stop) {
    case "max_tokens":
    case "model_context_window_exceeded":
      return "length";
    case "tool_use":
      return "tool_calls";
    case "refusal":
      return "content_filter";
    default:
      return "stop";
  }
}

const count = (v: unknown): number => (typeof v === "number" && Number.isFinite(v) && v > 0 ? Math.round(v) : 0);

/**
 * Chat usage → Anthropic usage. OpenAI's prompt_tokens include the cached ones; Anthropic's
 * input_tokens do not (its total input is input + cache_creation + cache_read), so they are split.
 */
export function anthropicUsageFromChat(usage: ChatUsage | null | undefined): AnthropicUsage {
  const cached = Math.min(count(usage?.prompt_tokens_details?.cached_tokens), count(usage?.prompt_tokens));
  return {
    input_tokens: count(usage?.prompt_tokens) - cached,
    output_tokens: count(usage?.completion_tokens),
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: cached,
  };
}

/** Anthropic usage → chat usage: every input token, read from or written to the cache or not, is a prompt token. */
export function chatUsageFromAnthropic(usage: { [K in keyof AnthropicUsage]?: number | null } | null | undefined): ChatUsage {
  const cacheRead = count(usage?.cache_read_input_tokens);
  const prompt = count(usage?.input_tokens) + count(usage?.cache_creation_input_tokens) + cacheRead;
  const completion = count(usage?.output_tokens);
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: { cached_tokens: cacheRead },
  };
}

/** `chatcmpl-abc` → `msg_abc` and back, so one request keeps one recognisable id across formats. */
export function messageIdFromChat(id: unknown): string {
  return typeof id === "string" && id ? `msg_${id.replace(/^chatcmpl-/, "")}` : `msg_${randomId()}`;
}

export function chatIdFromMessage(id: unknown): string {
  return typeof id === "string" && id ? `chatcmpl-${id.replace(/^msg_/, "")}` : `chatcmpl-${randomId()}`;
}

export function randomId(): string {
  return globalThis.crypto.randomUUID().replaceAll("-", "");
}

/**
 * Tool-call arguments → a tool_use input. Anthropic needs an object; `""` (what several servers send
 * for a tool without parameters) is `{}`, and so is anything that is not a JSON object (invalid or
 * truncated JSON, an array, a number): the call is kept, with empty input, rather than refused.
 */
export function toolInputFromArguments(args: string | null | undefined): Record<string, unknown> {
  if (!args || !args.trim()) return {};
  try {
    const parsed: unknown = JSON.parse(args);
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Blocks that leave no mark in chat text and do not part it either. */
const SILENT = new Set(["thinking", "redacted_thinking"]);

/**
 * Text blocks as one chat text, as a stream shows them: adjacent blocks (Anthropic splits text at
 * each citation) with nothing between them; text that resumes after a block of another kind (a
 * server tool's call and result, a tool_use) starts a new paragraph.
 */
export function joinTextBlocks(blocks: readonly { type: string; text?: string }[]): string {
  let text = "";
  let gap = false;
  for (const block of blocks) {
    if (block.type !== "text") {
      gap ||= !SILENT.has(block.type);
      continue;
    }
    if (!block.text) continue;
    text += (gap && text ? PARAGRAPH : "") + block.text;
    gap = false;
  }
  return text;
}

export const PARAGRAPH = "\n\n";
