import {
  anthropicRequestSchema,
  type ParsedAnthropicBlock,
  type ParsedAnthropicMessage,
  type ParsedAnthropicRequest,
} from "@/lib/protocols/anthropic/request-schema";
import { joinTextBlocks } from "@/lib/protocols/anthropic/mapping";
import { invalidRequest } from "@/lib/protocols/invalid-request";
import type { ChatContentPart, ChatImagePart, ChatMessage, ChatRequest, ChatTool, ChatToolCall, ChatToolChoice } from "@/lib/protocols/openai/types";

/**
 * An Anthropic Messages request → a chat.completions request. Throws the ZodError of an invalid
 * body (its issues carry the path of the bad field). Rules where the formats differ:
 * - blocks of unknown type, thinking blocks, and server tools are passed over; a message left with
 *   nothing to carry is omitted;
 * - an assistant's text blocks are joined as a stream shows them (see joinTextBlocks);
 * - a user turn's tool_result blocks become `tool` messages, in order, before the rest of the turn;
 *   images inside a tool result move into a user message after them (chat tool messages are text);
 *   `is_error` has no chat equivalent, and the content (which states the error) passes unchanged;
 * - consecutive messages of one role are merged first, as Anthropic merges them, so that tool
 *   messages follow the assistant message with their calls;
 * - top_k has no chat equivalent and is dropped; metadata.user_id becomes `user`;
 * - a request left with nothing a chat model can read is refused with a clear error.
 */
export function anthropicToChat(body: unknown): ChatRequest {
  const req = anthropicRequestSchema.parse(body);
  const messages: ChatMessage[] = [];
  const system = textOf(req.system);
  if (system) messages.push({ role: "system", content: system });
  // A system turn between tool calls and their results waits until the results are in: chat wants
  // tool messages right after the assistant message that made the calls.
  const held: ChatMessage[] = [];
  for (const message of mergeTurns(req.messages)) {
    const out = chatMessages(message);
    const last = messages.at(-1);
    if (message.role === "system" && last?.role === "assistant" && last.tool_calls?.length) held.push(...out);
    else if (message.role === "system") messages.push(...out);
    else {
      const results = out.filter((m) => m.role === "tool");
      messages.push(...results, ...held.splice(0), ...out.filter((m) => m.role !== "tool"));
    }
  }
  messages.push(...held);
  if (!messages.some((m) => m.role !== "system")) {
    invalidRequest(["messages"], "messages: nothing in them can be sent to this model (only block types a chat model cannot read, such as documents or thinking)");
  }

  const out: ChatRequest = { model: req.model, messages, max_tokens: req.max_tokens };
  const tools = (req.tools ?? []).flatMap((tool): ChatTool[] =>
    tool.type === "custom"
      ? [{ type: "function", function: { name: tool.name, ...(tool.description ? { description: tool.description } : {}), parameters: tool.input_schema } }]
      : [],
  );
  if (tools.length > 0) {
    out.tools = tools;
    const choice = req.tool_choice;
    if (choice) out.tool_choice = toolChoice(choice);
    if (choice && choice.type !== "none" && choice.disable_parallel_tool_use) out.parallel_tool_calls = false;
  }
  const stops = (req.stop_sequences ?? []).filter((stop) => stop !== "");
  if (stops.length > 0) out.stop = stops;
  if (req.temperature !== undefined) out.temperature = req.temperature;
  if (req.top_p !== undefined) out.top_p = req.top_p;
  if (req.stream) {
    out.stream = true;
    out.stream_options = { include_usage: true };
  }
  if (req.metadata?.user_id) out.user = req.metadata.user_id;
  return out;
}

type Choice = NonNullable<ParsedAnthropicRequest["tool_choice"]>;

function toolChoice(choice: Choice): ChatToolChoice {
  switch (choice.type) {
    case "auto":
      return "auto";
    case "any":
      return "required";
    case "none":
      return "none";
    case "tool":
      return { type: "function", function: { name: choice.name } };
  }
}

function textOf(content: string | { text: string }[] | undefined): string {
  if (typeof content === "string") return content;
  return (content ?? []).map((block) => block.text).join("\n");
}

function imagePart(block: Extract<ParsedAnthropicBlock, { type: "image" }>): ChatImagePart {
  const { source } = block;
  const url = source.type === "base64" ? `data:${source.media_type};base64,${source.data}` : source.url;
  return { type: "image_url", image_url: { url } };
}

/** Consecutive messages of one role as one, their blocks in order. */
function mergeTurns(messages: ParsedAnthropicMessage[]): ParsedAnthropicMessage[] {
  const out: ParsedAnthropicMessage[] = [];
  for (const message of messages) {
    const last = out.at(-1);
    if (!last || last.role !== message.role) {
      out.push(message);
      continue;
    }
    out[out.length - 1] = { role: message.role, content: [...blocksOf(last.content), ...blocksOf(message.content)] };
  }
  return out;
}

const blocksOf = (content: ParsedAnthropicMessage["content"]): ParsedAnthropicBlock[] =>
  typeof content === "string" ? (content ? [{ type: "text", text: content }] : []) : content;

function chatMessages(message: ParsedAnthropicMessage): ChatMessage[] {
  if (message.role === "user" && typeof message.content === "string") return message.content ? [{ role: "user", content: message.content }] : [];
  const blocks = typeof message.content === "string" ? [{ type: "text" as const, text: message.content }] : message.content;
  if (message.role === "system") {
    const text = blocks.flatMap((b) => (b.type === "text" ? [b.text] : [])).join("\n");
    return text ? [{ role: "system", content: text }] : [];
  }
  if (message.role === "assistant") return assistantMessage(blocks);
  return userMessages(blocks);
}

function assistantMessage(blocks: ParsedAnthropicBlock[]): ChatMessage[] {
  const text = joinTextBlocks(blocks.map((b) => (b.type === "unknown" ? { type: b.original_type } : b)));
  const calls: ChatToolCall[] = [];
  for (const block of blocks) {
    if (block.type === "tool_use") calls.push({ id: block.id, type: "function", function: { name: block.name, arguments: JSON.stringify(block.input) } });
  }
  if (!text && calls.length === 0) return [];
  return [calls.length > 0 ? { role: "assistant", content: text || null, tool_calls: calls } : { role: "assistant", content: text }];
}

function userMessages(blocks: ParsedAnthropicBlock[]): ChatMessage[] {
  const out: ChatMessage[] = [];
  const movedImages: ChatContentPart[] = [];
  const parts: ChatContentPart[] = [];
  for (const block of blocks) {
    if (block.type === "text" && block.text) parts.push({ type: "text", text: block.text });
    if (block.type === "image") parts.push(imagePart(block));
    if (block.type !== "tool_result") continue;
    const content = block.content ?? "";
    const texts = typeof content === "string" ? [content] : content.flatMap((p) => (p.type === "text" ? [p.text] : []));
    if (typeof content !== "string") for (const p of content) if (p.type === "image") movedImages.push(imagePart(p));
    out.push({ role: "tool", tool_call_id: block.tool_use_id, content: texts.join("\n") });
  }
  const all = [...movedImages, ...parts];
  if (all.length > 0) out.push({ role: "user", content: all });
  return out;
}
