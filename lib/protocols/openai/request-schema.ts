import { z } from "zod";
import { allowUnknownType, unknownTypeSchema } from "@/lib/protocols/unknown-type";

/** The chat.completions request as `chatToAnthropic` reads it; fields it cannot carry are stripped. */

const textPart = z.object({ type: z.literal("text"), text: z.string() });
const imagePart = z.object({
  type: z.literal("image_url"),
  image_url: z.object({ url: z.string().min(1), detail: z.enum(["auto", "low", "high"]).optional() }),
});
const refusalPart = z.object({ type: z.literal("refusal"), refusal: z.string() });

const userPart = allowUnknownType(["text", "image_url"], z.discriminatedUnion("type", [textPart, imagePart, unknownTypeSchema]));
const assistantPart = allowUnknownType(["text", "refusal"], z.discriminatedUnion("type", [textPart, refusalPart, unknownTypeSchema]));
const textOnlyPart = allowUnknownType(["text"], z.discriminatedUnion("type", [textPart, unknownTypeSchema]));

const toolCall = z.object({
  id: z.string().min(1),
  type: z.literal("function").optional(),
  function: z.object({ name: z.string().min(1), arguments: z.string().nullish() }),
});

const textContent = z.union([z.string(), z.array(textOnlyPart)]);
const message = z.discriminatedUnion("role", [
  z.object({ role: z.literal("system"), content: textContent }),
  z.object({ role: z.literal("developer"), content: textContent }),
  z.object({ role: z.literal("user"), content: z.union([z.string(), z.array(userPart)]) }),
  z.object({
    role: z.literal("assistant"),
    content: z.union([z.string(), z.array(assistantPart)]).nullish(),
    refusal: z.string().nullish(),
    tool_calls: z.array(toolCall).nullish(),
  }),
  z.object({ role: z.literal("tool"), tool_call_id: z.string().min(1), content: textContent }),
]);

const functionTool = z.object({
  type: z.literal("function"),
  function: z.object({
    name: z.string().min(1),
    description: z.string().nullish(),
    parameters: z.record(z.string(), z.unknown()).nullish(),
  }),
});

const toolChoice = z.union([
  z.enum(["none", "auto", "required"]),
  z.object({ type: z.literal("function"), function: z.object({ name: z.string().min(1) }) }),
  // allowed_tools, custom: no Anthropic equivalent, so the choice is left to the model.
  z.looseObject({ type: z.string() }).transform(() => undefined),
]);

export const chatRequestSchema = z.object({
  model: z.string().min(1),
  messages: z.array(message).min(1, { error: "messages must hold at least one message" }),
  max_tokens: z.number().int().min(1).nullish(),
  max_completion_tokens: z.number().int().min(1).nullish(),
  temperature: z.number().min(0).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  stop: z.union([z.string(), z.array(z.string())]).nullish(),
  stream: z.boolean().nullish(),
  n: z.number().int().min(1).max(1, { error: "n > 1 is not supported here: an Anthropic request returns one message" }).nullish(),
  // Anthropic returns no token log probabilities: refused rather than answered without them.
  logprobs: z.boolean().refine((v) => !v, { error: "logprobs is not supported for this model: Anthropic returns no log probabilities" }).nullish(),
  top_logprobs: z.number().int().refine((v) => v === 0, { error: "top_logprobs is not supported for this model: Anthropic returns no log probabilities" }).nullish(),
  tools: z.array(allowUnknownType(["function"], z.discriminatedUnion("type", [functionTool, unknownTypeSchema]))).nullish(),
  tool_choice: toolChoice.nullish(),
  parallel_tool_calls: z.boolean().nullish(),
  user: z.string().nullish(),
  safety_identifier: z.string().nullish(),
});

export type ParsedChatRequest = z.output<typeof chatRequestSchema>;
export type ParsedChatMessage = ParsedChatRequest["messages"][number];
