import {
  anthropicUsageFromChat,
  chatIdFromMessage,
  chatUsageFromAnthropic,
  finishFromStopReason,
  joinTextBlocks,
  messageIdFromChat,
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
  const choice = completion.choices?.[0];
  const message: Partial<ChatResponseMessage> = choice?.message ?? {};
  const content: AnthropicResponseBlock[] = [];
  if (typeof message.reasoning_content === "string" && message.reasoning_content) {
    content.push({ type: "thinking", thinking: message.reasoning_content, signature: "" });
  }
  const text = typeof message.content === "string" ? message.content : "";
  const refused = !text && typeof message.refusal === "string" && message.refusal !== "";
  if (text || refused) content.push({ type: "text", text: text || (message.refusal ?? "") });
  const calls = Array.isArray(message.tool_calls) ? message.tool_calls : [];
  for (const call of calls) {
    content.push({ type: "tool_use", id: call.id, name: call.function?.name ?? "", input: toolInputFromArguments(call.function?.arguments) });
  }
  return {
    id: messageIdFromChat(completion.id),
    type: "message",
    role: "assistant",
    model: requestedModel,
    content,
    stop_reason: refused ? "refusal" : stopReasonFromFinish(choice?.finish_reason, calls.length > 0),
    stop_sequence: null,
    usage: anthropicUsageFromChat(completion.usage),
  };
}

/**
 * An Anthropic message → a chat.completion. Text blocks are joined by joinTextBlocks; thinking goes to `reasoning_content`, never into the content; redacted
 * thinking and server tool blocks are dropped.
 */
export function anthropicResponseToChat(message: AnthropicMessage, opts: { created?: number; model?: string } = {}): ChatCompletion {
  const blocks = Array.isArray(message.content) ? message.content : [];
  const text = joinTextBlocks(blocks);
  let thinking = "";
  const calls: ChatToolCall[] = [];
  for (const block of blocks) {
    if (block.type === "thinking") thinking += block.thinking ?? "";
    else if (block.type === "tool_use") {
      calls.push({ id: block.id, type: "function", function: { name: block.name, arguments: JSON.stringify(block.input ?? {}) } });
    }
  }
  const reply: ChatResponseMessage = { role: "assistant", content: text || (calls.length > 0 ? null : ""), refusal: null };
  if (calls.length > 0) reply.tool_calls = calls;
  if (thinking) reply.reasoning_content = thinking;
  return {
    id: chatIdFromMessage(message.id),
    object: "chat.completion",
    created: opts.created ?? Math.floor(Date.now() / 1000),
    model: opts.model ?? message.model,
    choices: [{ index: 0, message: reply, finish_reason: finishFromStopReason(message.stop_reason), logprobs: null }],
    usage: chatUsageFromAnthropic(message.usage),
  };
}
