import { toolInputFromArguments } from "@/lib/protocols/anthropic/mapping";
import type { AnthropicMessageParam, AnthropicRequest, AnthropicRequestBlock, AnthropicTool, AnthropicToolChoice } from "@/lib/protocols/anthropic/types";
import { chatRequestSchema, type ParsedChatMessage, type ParsedChatRequest } from "@/lib/protocols/openai/request-schema";

/**
 * max_tokens when a chat request names none: Anthropic requires one, and 4096 is accepted by every
 * Claude model (a larger value is refused by the models whose output limit is 4096). A reply cut
 * there ends with finish_reason `length`, so a client can tell and ask for more.
 */
export const DEFAULT_MAX_TOKENS = 4096;

/**
 * A chat.completions request → an Anthropic Messages request. Throws the ZodError of an invalid body
 * (n > 1 is one, at path `n`). Rules where the formats differ:
 * - system and developer messages, wherever they stand, join (in order) into `system`;
 * - tool messages become tool_result blocks of a user turn; consecutive turns of one role merge
 *   (Anthropic wants them alternating), with a user turn's tool results first;
 * - tool-call arguments that are not a JSON object become `{}` (see toolInputFromArguments);
 * - empty text is dropped (Anthropic refuses empty text blocks), and so is a turn left empty;
 *   the final assistant turn loses trailing whitespace, which Anthropic refuses in a prefill;
 * - temperature is capped at 1 (Anthropic's maximum); response_format, seed, penalties, logprobs
 *   and logit_bias have no equivalent and are dropped; `user` becomes metadata.user_id.
 */
export function chatToAnthropic(body: unknown): AnthropicRequest {
  const req = chatRequestSchema.parse(body);
  const system: string[] = [];
  const turns: { role: "user" | "assistant"; blocks: AnthropicRequestBlock[] }[] = [];
  const push = (role: "user" | "assistant", blocks: AnthropicRequestBlock[]) => {
    if (blocks.length === 0) return;
    const last = turns.at(-1);
    if (last?.role === role) last.blocks.push(...blocks);
    else turns.push({ role, blocks });
  };
  for (const message of req.messages) {
    if (message.role === "system" || message.role === "developer") {
      const text = textOf(message.content);
      if (text) system.push(text);
    } else if (message.role === "tool") {
      const text = textOf(message.content);
      push("user", [{ type: "tool_result", tool_use_id: message.tool_call_id, ...(text ? { content: text } : {}) }]);
    } else if (message.role === "user") push("user", userBlocks(message.content));
    else push("assistant", assistantBlocks(message));
  }
  trimFinalAssistant(turns);

  const out: AnthropicRequest = {
    model: req.model,
    max_tokens: req.max_completion_tokens ?? req.max_tokens ?? DEFAULT_MAX_TOKENS,
    messages: turns.map(({ role, blocks }) => ({ role, content: compact(role === "user" ? toolResultsFirst(blocks) : blocks) })),
  };
  if (system.length > 0) out.system = system.join("\n\n");
  const tools = toolsOf(req);
  if (tools.length > 0) {
    out.tools = tools;
    const choice = toolChoiceOf(req);
    if (choice) out.tool_choice = choice;
  }
  const stops = (typeof req.stop === "string" ? [req.stop] : (req.stop ?? [])).filter((s) => s.trim());
  if (stops.length > 0) out.stop_sequences = stops;
  if (req.temperature != null) out.temperature = Math.min(req.temperature, 1);
  if (req.top_p != null) out.top_p = req.top_p;
  if (req.stream) out.stream = true;
  const user = req.user ?? req.safety_identifier;
  if (user) out.metadata = { user_id: user };
  return out;
}

type Parts<R extends ParsedChatMessage["role"]> = Extract<ParsedChatMessage, { role: R }>["content"];

function textOf(content: Parts<"system" | "tool">): string {
  if (typeof content === "string") return content;
  return content.flatMap((part) => (part.type === "text" ? [part.text] : [])).join("\n");
}

const DATA_URL = /^data:([^;,]+);base64,(.*)$/s;

function userBlocks(content: Parts<"user">): AnthropicRequestBlock[] {
  if (typeof content === "string") return content ? [{ type: "text", text: content }] : [];
  return content.flatMap((part): AnthropicRequestBlock[] => {
    if (part.type === "text") return part.text ? [{ type: "text", text: part.text }] : [];
    if (part.type !== "image_url") return [];
    const data = DATA_URL.exec(part.image_url.url);
    const source = data ? { type: "base64" as const, media_type: data[1] ?? "", data: data[2] ?? "" } : { type: "url" as const, url: part.image_url.url };
    return [{ type: "image", source }];
  });
}

function assistantBlocks(message: Extract<ParsedChatMessage, { role: "assistant" }>): AnthropicRequestBlock[] {
  const content = message.content ?? message.refusal ?? "";
  const texts = typeof content === "string" ? [content] : content.map((p) => (p.type === "text" ? p.text : p.type === "refusal" ? p.refusal : ""));
  const blocks: AnthropicRequestBlock[] = texts.filter((t) => t).map((text) => ({ type: "text", text }));
  for (const call of message.tool_calls ?? []) {
    blocks.push({ type: "tool_use", id: call.id, name: call.function.name, input: toolInputFromArguments(call.function.arguments) });
  }
  return blocks;
}

function trimFinalAssistant(turns: { role: string; blocks: AnthropicRequestBlock[] }[]): void {
  const last = turns.at(-1);
  if (last?.role !== "assistant") return;
  const block = last.blocks.at(-1);
  if (block?.type !== "text") return;
  block.text = block.text.trimEnd();
  if (!block.text) last.blocks.pop();
  if (last.blocks.length === 0) turns.pop();
}

function toolResultsFirst(blocks: AnthropicRequestBlock[]): AnthropicRequestBlock[] {
  return [...blocks.filter((b) => b.type === "tool_result"), ...blocks.filter((b) => b.type !== "tool_result")];
}

/** A turn of one text block is sent as a string, as clients write it. */
function compact(blocks: AnthropicRequestBlock[]): AnthropicMessageParam["content"] {
  const only = blocks.length === 1 ? blocks[0] : undefined;
  return only?.type === "text" ? only.text : blocks;
}

function toolsOf(req: ParsedChatRequest): AnthropicTool[] {
  return (req.tools ?? []).flatMap((tool): AnthropicTool[] => {
    if (tool.type !== "function") return [];
    const { name, description, parameters } = tool.function;
    return [{ name, ...(description ? { description } : {}), input_schema: { type: "object", properties: {}, ...(parameters ?? {}) } }];
  });
}

function toolChoiceOf(req: ParsedChatRequest): AnthropicToolChoice | undefined {
  const choice = req.tool_choice;
  const noParallel = req.parallel_tool_calls === false ? { disable_parallel_tool_use: true } : {};
  if (choice === "none") return { type: "none" };
  if (choice === "required") return { type: "any", ...noParallel };
  if (typeof choice === "object" && choice) return { type: "tool", name: choice.function.name, ...noParallel };
  return req.parallel_tool_calls === false || choice === "auto" ? { type: "auto", ...noParallel } : undefined;
}
