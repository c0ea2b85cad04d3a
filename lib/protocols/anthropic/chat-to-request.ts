import { toolInputFromArguments } from "@/lib/protocols/anthropic/mapping";
import type { AnthropicMessageParam, AnthropicRequest, AnthropicRequestBlock, AnthropicTool, AnthropicToolChoice } from "@/lib/protocols/anthropic/types";
import { invalidRequest } from "@/lib/protocols/invalid-request";
import { chatRequestSchema, type ParsedChatMessage, type ParsedChatRequest } from "@/lib/protocols/openai/request-schema";

/**
 * max_tokens when a chat request names none: Anthropic requires one, and 4096 is accepted by every
 * Claude model (a larger value is refused by the models whose output limit is 4096). A reply cut
 * there ends with finish_reason `length`, so a client can tell and ask for more.
 */
export const DEFAULT_MAX_TOKENS = 4096;

/**
 * A chat.completions request → an Anthropic Messages request. Throws a ZodError (its issues carry
 * the path of the bad field) for an invalid body (n > 1, logprobs, no messages) and for one that
 * Anthropic would refuse and we cannot repair. Rules where the formats differ:
 * - system and developer messages, wherever they stand, join (in order) into `system`;
 * - tool messages become tool_result blocks of a user turn; consecutive turns of one role merge
 *   (Anthropic wants them alternating), with a user turn's tool results first;
 * - a tool message must answer a call of the assistant message before it, and every call of an
 *   assistant message followed by another turn must be answered (both formats refuse otherwise):
 *   else a clear error at the message's path;
 * - tool-call arguments that are not a JSON object become `{}` (see toolInputFromArguments);
 * - empty and whitespace-only text is dropped (Anthropic refuses both), and so is a turn left
 *   empty; the final assistant turn (a prefill) loses trailing whitespace, which Anthropic refuses,
 *   and is dropped when nothing is left; a request left with no turn at all is refused;
 * - temperature is capped at 1 (Anthropic's maximum); response_format, seed, penalties and
 *   logit_bias have no equivalent and are dropped; `user` becomes metadata.user_id.
 */
export function chatToAnthropic(body: unknown): AnthropicRequest {
  const req = chatRequestSchema.parse(body);
  const system: string[] = [];
  const turns: Turn[] = [];
  const push = (role: Turn["role"], blocks: AnthropicRequestBlock[], at: number) => {
    if (blocks.length === 0) return;
    const last = turns.at(-1);
    if (last?.role === role) {
      last.blocks.push(...blocks);
      last.at.push(at);
    } else turns.push({ role, blocks, at: [at] });
  };
  req.messages.forEach((message, at) => {
    if (message.role === "system" || message.role === "developer") {
      const text = textOf(message.content);
      if (text.trim()) system.push(text);
    } else if (message.role === "tool") {
      checkAnswersACall(turns, message.tool_call_id, at);
      const text = textOf(message.content);
      push("user", [{ type: "tool_result", tool_use_id: message.tool_call_id, ...(text.trim() ? { content: text } : {}) }], at);
    } else if (message.role === "user") push("user", userBlocks(message.content), at);
    else push("assistant", assistantBlocks(message), at);
  });
  trimFinalAssistant(turns);
  checkCallsAnswered(turns);
  if (turns.length === 0) invalidRequest(["messages"], "messages: no user or assistant message is left with content to send (empty and whitespace-only text is dropped, and system messages alone are not a conversation)");

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
  // Anthropic refuses a stop sequence of whitespace only.
  const stops = (typeof req.stop === "string" ? [req.stop] : (req.stop ?? [])).filter((s) => s.trim());
  if (stops.length > 0) out.stop_sequences = stops;
  if (req.temperature != null) out.temperature = Math.min(req.temperature, 1);
  if (req.top_p != null) out.top_p = req.top_p;
  if (req.stream) out.stream = true;
  const user = req.user ?? req.safety_identifier;
  if (user) out.metadata = { user_id: user };
  return out;
}

/** A turn being built, with the indexes of the chat messages merged into it (for error paths). */
interface Turn {
  role: "user" | "assistant";
  blocks: AnthropicRequestBlock[];
  at: number[];
}

const toolUseIds = (turn: Turn | undefined): string[] =>
  turn?.role === "assistant" ? turn.blocks.flatMap((b) => (b.type === "tool_use" ? [b.id] : [])) : [];

/** The assistant turn a tool message answers is the last one (turns alternate, so at -1 or -2). */
function checkAnswersACall(turns: Turn[], id: string, at: number): void {
  const assistant = turns.at(-1)?.role === "assistant" ? turns.at(-1) : turns.at(-2);
  if (toolUseIds(assistant).includes(id)) return;
  invalidRequest(["messages", at, "tool_call_id"], `messages[${at}]: tool message for "${id}" answers no tool call of the assistant message before it`);
}

function checkCallsAnswered(turns: Turn[]): void {
  turns.forEach((turn, i) => {
    const next = turns[i + 1];
    if (!next) return;
    const answered = new Set(next.blocks.flatMap((b) => (b.type === "tool_result" ? [b.tool_use_id] : [])));
    const missing = toolUseIds(turn).find((id) => !answered.has(id));
    if (missing === undefined) return;
    const at = turn.at.at(-1) ?? 0;
    invalidRequest(["messages", at, "tool_calls"], `messages[${at}]: tool call "${missing}" has no tool message answering it before the next turn`);
  });
}

type Parts<R extends ParsedChatMessage["role"]> = Extract<ParsedChatMessage, { role: R }>["content"];

function textOf(content: Parts<"system" | "tool">): string {
  if (typeof content === "string") return content;
  return content.flatMap((part) => (part.type === "text" ? [part.text] : [])).join("\n");
}

const DATA_URL = /^data:([^;,]+);base64,(.*)$/s;

function userBlocks(content: Parts<"user">): AnthropicRequestBlock[] {
  if (typeof content === "string") return content.trim() ? [{ type: "text", text: content }] : [];
  return content.flatMap((part): AnthropicRequestBlock[] => {
    if (part.type === "text") return part.text.trim() ? [{ type: "text", text: part.text }] : [];
    if (part.type !== "image_url") return [];
    const data = DATA_URL.exec(part.image_url.url);
    const source = data ? { type: "base64" as const, media_type: data[1] ?? "", data: data[2] ?? "" } : { type: "url" as const, url: part.image_url.url };
    return [{ type: "image", source }];
  });
}

function assistantBlocks(message: Extract<ParsedChatMessage, { role: "assistant" }>): AnthropicRequestBlock[] {
  const content = message.content ?? message.refusal ?? "";
  const texts = typeof content === "string" ? [content] : content.map((p) => (p.type === "text" ? p.text : p.type === "refusal" ? p.refusal : ""));
  const blocks: AnthropicRequestBlock[] = texts.filter((t) => t.trim()).map((text) => ({ type: "text", text }));
  for (const call of message.tool_calls ?? []) {
    blocks.push({ type: "tool_use", id: call.id, name: call.function.name, input: toolInputFromArguments(call.function.arguments) });
  }
  return blocks;
}

/** Anthropic refuses a final assistant turn that ends in whitespace; one left empty is dropped. */
function trimFinalAssistant(turns: Turn[]): void {
  const last = turns.at(-1);
  if (last?.role !== "assistant") return;
  for (let block = last.blocks.at(-1); block?.type === "text"; block = last.blocks.at(-1)) {
    block.text = block.text.trimEnd();
    if (block.text) break;
    last.blocks.pop();
  }
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
