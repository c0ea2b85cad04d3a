import { z } from "zod";
import { allowUnknownType, unknownTypeSchema } from "@/lib/protocols/unknown-type";

/**
 * The Messages request as `anthropicToChat` reads it. Fields it cannot carry (cache_control,
 * citations, thinking config, service_tier, mcp_servers, …) are stripped; block types it does not
 * know are kept as `{ type: "unknown" }` markers and passed over.
 */

const textBlock = z.object({ type: z.literal("text"), text: z.string() });

const imageBlock = z.object({
  type: z.literal("image"),
  // A `file` source names a file in Anthropic's Files API, which no chat upstream can read.
  source: z.discriminatedUnion("type", [
    z.object({ type: z.literal("base64"), media_type: z.string().min(1), data: z.string() }),
    z.object({ type: z.literal("url"), url: z.string().min(1) }),
  ]),
});

const toolResultPart = allowUnknownType(["text", "image"], z.discriminatedUnion("type", [textBlock, imageBlock, unknownTypeSchema]));

const toolResultBlock = z.object({
  type: z.literal("tool_result"),
  tool_use_id: z.string().min(1),
  content: z.union([z.string(), z.array(toolResultPart)]).optional(),
  is_error: z.boolean().optional(),
});

const toolUseBlock = z.object({
  type: z.literal("tool_use"),
  id: z.string().min(1),
  name: z.string().min(1),
  input: z.record(z.string(), z.unknown()),
});

const thinkingBlock = z.object({ type: z.literal("thinking"), thinking: z.string(), signature: z.string().optional() });

const KNOWN_BLOCKS = ["text", "image", "tool_use", "tool_result", "thinking"];
const contentBlock = allowUnknownType(
  KNOWN_BLOCKS,
  z.discriminatedUnion("type", [textBlock, imageBlock, toolUseBlock, toolResultBlock, thinkingBlock, unknownTypeSchema]),
);

const message = z.object({
  // The current API also takes system turns among the messages.
  role: z.enum(["user", "assistant", "system"]),
  content: z.union([z.string(), z.array(contentBlock)]),
});

const customTool = z.object({
  type: z.literal("custom"),
  name: z.string().min(1),
  description: z.string().optional(),
  input_schema: z.record(z.string(), z.unknown()),
});

// A tool without a type is a custom one. Server tools (web_search_…, bash_…, text_editor_…) run
// inside Anthropic, so a chat upstream has none: they become unknown markers and are passed over.
const tool = z.preprocess(
  (value) => (typeof value === "object" && value !== null && (!("type" in value) || value.type == null) ? { ...value, type: "custom" } : value),
  allowUnknownType(["custom"], z.discriminatedUnion("type", [customTool, unknownTypeSchema])),
);

const disableParallel = z.boolean().optional();
const toolChoice = z.discriminatedUnion("type", [
  z.object({ type: z.literal("auto"), disable_parallel_tool_use: disableParallel }),
  z.object({ type: z.literal("any"), disable_parallel_tool_use: disableParallel }),
  z.object({ type: z.literal("tool"), name: z.string().min(1), disable_parallel_tool_use: disableParallel }),
  z.object({ type: z.literal("none") }),
]);

type Message = z.output<typeof message>;
type Ctx = z.core.$RefinementCtx<Message[]>;

/**
 * What Anthropic itself refuses, and a chat upstream would too: an empty turn (but a final
 * assistant one), a tool_result that answers no tool_use of the assistant turn before it, a
 * tool_use the next user turn leaves unanswered. Consecutive turns of one role count as one, as
 * Anthropic merges them; system turns among the messages are passed over.
 */
function checkTurns(messages: Message[], ctx: Ctx): void {
  const last = messages.length - 1;
  messages.forEach((m, i) => {
    const empty = m.content.length === 0;
    if (empty && !(i === last && m.role === "assistant")) {
      ctx.addIssue({ code: "custom", path: [i, "content"], message: `messages[${i}]: all messages must have non-empty content except for the optional final assistant message` });
    }
  });
  let calls: { ids: Set<string>; at: number } | null = null;
  let answered = new Set<string>();
  const settle = () => {
    const missing = calls && [...calls.ids].find((id) => !answered.has(id));
    if (calls && missing !== undefined && missing !== null) {
      ctx.addIssue({ code: "custom", path: [calls.at, "content"], message: `messages[${calls.at}]: tool_use "${missing}" has no tool_result block in the next user message` });
    }
  };
  let role: string | null = null;
  messages.forEach((m, i) => {
    if (m.role === "system") return;
    const blocks = typeof m.content === "string" ? [] : m.content;
    if (m.role !== role && m.role === "assistant") {
      if (role === "user") settle();
      calls = { ids: new Set(), at: i };
    }
    if (m.role !== role && m.role === "user") answered = new Set();
    role = m.role;
    blocks.forEach((b, j) => {
      if (b.type === "tool_use" && m.role === "assistant") {
        calls?.ids.add(b.id);
        if (calls) calls.at = i;
      }
      if (b.type !== "tool_result") return;
      if (m.role !== "user" || !calls?.ids.has(b.tool_use_id)) {
        ctx.addIssue({ code: "custom", path: [i, "content", j, "tool_use_id"], message: `messages[${i}].content[${j}]: tool_result for "${b.tool_use_id}" answers no tool_use block of the assistant message before it` });
      } else answered.add(b.tool_use_id);
    });
  });
  if (role === "user") settle();
}

export const anthropicRequestSchema = z.object({
  model: z.string().min(1),
  max_tokens: z.number().int().min(1),
  system: z.union([z.string(), z.array(textBlock)]).optional(),
  messages: z.array(message).min(1, { error: "messages must hold at least one message" }).superRefine(checkTurns),
  tools: z.array(tool).optional(),
  tool_choice: toolChoice.optional(),
  stop_sequences: z.array(z.string()).optional(),
  temperature: z.number().min(0).optional(),
  top_p: z.number().min(0).max(1).optional(),
  top_k: z.number().int().min(0).optional(),
  stream: z.boolean().optional(),
  metadata: z.object({ user_id: z.string().nullish() }).optional(),
});

export type ParsedAnthropicRequest = z.output<typeof anthropicRequestSchema>;
export type ParsedAnthropicMessage = ParsedAnthropicRequest["messages"][number];
export type ParsedAnthropicBlock = Exclude<ParsedAnthropicMessage["content"], string>[number];
