import {
  anthropicUsageFromChat,
  chatIdFromMessage,
  chatUsageFromAnthropic,
  finishFromStopReason,
  joinTextBlocks,
  messageIdFromChat,
  randomId,
  stopReasonFromFinish,
  toolInputFromArguments,
} from "@/lib/protocols/anthropic/mapping";
import type { AnthropicMessage, AnthropicResponseBlock } from "@/lib/protocols/anthropic/types";
import type { ChatCompletion, ChatResponseMessage, ChatToolCall } from "@/lib/protocols/openai/types";

/**
 * A chat.completion → an Anthropic message, named by the model the client asked for. The first
 * choice is the answer. `reasoning_content` (DeepSeek, vLLM) becomes a thinking block with an empty
 * signature, first, as Anthropic puts thinking; a refusal with no content becomes the text, with
 * stop_reason refusal.
 */
export function chatResponseToAnthropic(completion: ChatCompletion, requestedModel: string): AnthropicMessage {
  const choice = Array.isArray(completion?.choices) ? completion.choices.find(isObject) : undefined;
  const message: Partial<ChatResponseMessage> = isObject(choice?.message) ? choice.message : {};
  const content: AnthropicResponseBlock[] = [];
  if (typeof message.reasoning_content === "string" && message.reasoning_content) {
    content.push({ type: "thinking", thinking: message.reasoning_content, signature: "" });
  }
  const text = typeof message.content === "string" ? message.content : "";
  const refused = !text && typeof message.refusal === "string" && message.refusal !== "";
  if (text || refused) content.push({ type: "text", text: text || (message.refusal ?? "") });
  const calls = (Array.isArray(message.tool_calls) ? message.tool_calls : []).filter(isObject);
  for (const call of calls) {
    const fn: Partial<ChatToolCall["function"]> = isObject(call.function) ? call.function : {};
    const id = typeof call.id === "string" && call.id ? call.id : `toolu_${randomId()}`;
    content.push({ type: "tool_use", id, name: typeof fn.name === "string" ? fn.name : "", input: toolInputFromArguments(typeof fn.arguments === "string" ? fn.arguments : "") });
  }
  return {
    id: messageIdFromChat(completion?.id),
    type: "message",
    role: "assistant",
    model: requestedModel,
    content,
    stop_reason: refused ? "refusal" : stopReasonFromFinish(choice?.finish_reason, calls.length > 0),
    stop_sequence: null,
    usage: anthropicUsageFromChat(isObject(completion?.usage) ? completion.usage : null),
  };
}

/**
 * An Anthropic message → a chat.completion. Text blocks are joined by joinTextBlocks; thinking goes to `reasoning_content`, never into the content; redacted
 * thinking and server tool blocks are dropped.
 */
export function anthropicResponseToChat(message: AnthropicMessage, opts: { created?: number; model?: string } = {}): ChatCompletion {
  const blocks = (Array.isArray(message?.content) ? message.content : []).filter(isObject);
  const text = joinTextBlocks(blocks);
  let thinking = "";
  const calls: ChatToolCall[] = [];
  for (const block of blocks) {
    if (block.type === "thinking") thinking += typeof block.thinking === "string" ? block.thinking : "";
    else if (block.type === "tool_use") {
      const input = isObject(block.input) ? block.input : {};
      calls.push({ id: typeof block.id === "string" ? block.id : `call_${randomId()}`, type: "function", function: { name: typeof block.name === "string" ? block.name : "", arguments: JSON.stringify(input) } });
    }
  }
  const reply: ChatResponseMessage = { role: "assistant", content: text || (calls.length > 0 ? null : ""), refusal: null };
  if (calls.length > 0) reply.tool_calls = calls;
  if (thinking) reply.reasoning_content = thinking;
  return {
    id: chatIdFromMessage(message?.id),
    object: "chat.completion",
    created: opts.created ?? Math.floor(Date.now() / 1000),
    model: opts.model ?? (typeof message?.model === "string" ? message.model : ""),
    choices: [{ index: 0, message: reply, finish_reason: finishFromStopReason(message?.stop_reason), logprobs: null }],
    usage: chatUsageFromAnthropic(message?.usage),
  };
}

/** Upstream JSON is read defensively: a null where an object belongs is passed over. */
function isObject<T>(value: T): value is T & object {
  return typeof value === "object" && value !== null;
}
