import { countTokens } from "gpt-tokenizer";

// What a budget reserves for a request before its answer says what it cost: the prompt's tokens
// (counted with OpenAI's o200k tokenizer, gpt-tokenizer: pure JS, no native build) plus the most the
// answer may use. The answer settles the real figure; the estimate only has to be high enough.

/** Reserved for the answer when the request sets no max_tokens and the model's output limit is unknown. */
export const DEFAULT_MAX_OUTPUT_TOKENS = 4096;
/** Per image part: OpenAI bills a high-detail 1024×1024 image at 765 tokens. */
const IMAGE_TOKENS = 1105;
/** Role and separators per chat message, and the reply's priming (OpenAI's cookbook counts 3 + 3). */
const PER_MESSAGE = 4;
const PER_REPLY = 3;
// Past this many characters the tokenizer costs more than it is worth on the request path: a
// conservative ratio stands in (tokens are rarely shorter than 3 characters of text).
const TOKENIZE_MAX_CHARS = 64 * 1024;

export interface Estimate {
  promptTokens: number;
  maxOutputTokens: number;
}

function textTokens(text: string): number {
  if (text.length === 0) return 0;
  if (text.length > TOKENIZE_MAX_CHARS) return Math.ceil(text.length / 3);
  return countTokens(text);
}

function contentTokens(content: unknown): number {
  if (typeof content === "string") return textTokens(content);
  if (!Array.isArray(content)) return content == null ? 0 : textTokens(JSON.stringify(content));
  let sum = 0;
  for (const part of content as { type?: unknown; text?: unknown }[]) {
    if (typeof part === "string") sum += textTokens(part);
    else if (part && typeof part.text === "string") sum += textTokens(part.text);
    else if (part && (part.type === "image_url" || part.type === "input_image" || part.type === "image")) sum += IMAGE_TOKENS;
    else if (part) sum += textTokens(JSON.stringify(part));
  }
  return sum;
}

function inputTokens(input: unknown): number {
  if (typeof input === "string") return textTokens(input);
  if (input !== null && typeof input === "object" && !Array.isArray(input)) return textTokens(JSON.stringify(input));
  if (!Array.isArray(input)) return 0;
  // A list of token ids is its own count; a list of strings is counted string by string.
  if (input.every((x) => typeof x === "number")) return input.length;
  return input.reduce<number>((sum, x) => sum + inputTokens(x), 0);
}

const positiveInt = (v: unknown): number | null => (typeof v === "number" && Number.isInteger(v) && v > 0 ? v : null);

/** The most tokens a request to `endpoint` may use, from its JSON body. */
export function estimateRequest(endpoint: string, body: Record<string, unknown>, modelMaxOutput: number | null): Estimate {
  if (endpoint === "embeddings" || endpoint === "moderations") return { promptTokens: inputTokens(body.input), maxOutputTokens: 0 };
  // Counting tokens costs nothing and answers nothing: nothing to reserve.
  if (endpoint === "messages/count_tokens") return { promptTokens: 0, maxOutputTokens: 0 };
  // Audio has no text prompt to count before the answer: the reservation is the prompt field (and
  // for speech the text to speak) plus one token, so a spent budget still refuses; usage settles it.
  if (endpoint === "audio/transcriptions" || endpoint === "audio/translations") return { promptTokens: inputTokens(body.prompt), maxOutputTokens: 1 };
  if (endpoint === "audio/speech") return { promptTokens: inputTokens(body.input) + inputTokens(body.instructions), maxOutputTokens: 1 };
  if (endpoint === "images/edits" || endpoint === "images/variations") {
    const images = positiveInt(body.image_count) ?? 1;
    const asked = positiveInt(typeof body.n === "string" ? Number(body.n) : body.n) ?? 1;
    return { promptTokens: inputTokens(body.prompt) + images * IMAGE_TOKENS, maxOutputTokens: (modelMaxOutput ?? DEFAULT_MAX_OUTPUT_TOKENS) * asked };
  }
  if (endpoint === "rerank") return { promptTokens: inputTokens(body.query) + inputTokens(body.documents), maxOutputTokens: 0 };
  if (endpoint === "responses") return responsesEstimate(body, modelMaxOutput);
  let prompt = 0;
  if (Array.isArray(body.messages)) {
    for (const m of body.messages as { content?: unknown; name?: unknown; tool_calls?: unknown }[]) {
      prompt += PER_MESSAGE + contentTokens(m?.content);
      if (typeof m?.name === "string") prompt += textTokens(m.name);
      if (m?.tool_calls) prompt += textTokens(JSON.stringify(m.tool_calls));
    }
    prompt += PER_REPLY;
  }
  if (body.prompt !== undefined) prompt += inputTokens(body.prompt);
  // Anthropic Messages: the system prompt sits beside the messages.
  if (body.system !== undefined && body.system !== null) prompt += contentTokens(body.system);
  for (const extra of [body.tools, body.functions, body.response_format]) {
    if (extra !== undefined && extra !== null) prompt += textTokens(JSON.stringify(extra));
  }
  const asked = positiveInt(body.max_completion_tokens) ?? positiveInt(body.max_tokens);
  const perChoice = asked ?? modelMaxOutput ?? DEFAULT_MAX_OUTPUT_TOKENS;
  const choices = positiveInt(body.n) ?? 1;
  return { promptTokens: prompt, maxOutputTokens: perChoice * choices };
}

/**
 * The Responses API: `input` is a string or a list of items (messages whose content is a string or
 * input_text/input_image parts, function calls and their outputs, …), `instructions` a system
 * prompt, and `max_output_tokens` the answer's limit (reasoning included).
 */
function responsesEstimate(body: Record<string, unknown>, modelMaxOutput: number | null): Estimate {
  let prompt = 0;
  if (typeof body.input === "string") prompt += PER_MESSAGE + textTokens(body.input);
  else if (Array.isArray(body.input)) {
    for (const item of body.input as Record<string, unknown>[]) {
      if (typeof item === "string") prompt += PER_MESSAGE + textTokens(item);
      else if (item && typeof item === "object" && "content" in item) prompt += PER_MESSAGE + contentTokens(item.content);
      // function_call (name + arguments), function_call_output, reasoning, item_reference: as written.
      else if (item) prompt += PER_MESSAGE + textTokens(JSON.stringify(item));
    }
  }
  if (typeof body.instructions === "string") prompt += PER_MESSAGE + textTokens(body.instructions);
  prompt += PER_REPLY;
  for (const extra of [body.tools, body.text]) {
    if (extra !== undefined && extra !== null) prompt += textTokens(JSON.stringify(extra));
  }
  return { promptTokens: prompt, maxOutputTokens: positiveInt(body.max_output_tokens) ?? modelMaxOutput ?? DEFAULT_MAX_OUTPUT_TOKENS };
}
