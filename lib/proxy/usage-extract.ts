import { cleanErrorMessage } from "@/lib/usage/error-message";

export interface TokenUsage {
  promptTokens: number | null;
  completionTokens: number | null;
  totalTokens: number | null;
}

export const NO_USAGE: TokenUsage = { promptTokens: null, completionTokens: null, totalTokens: null };

const MAX_INT4 = 2_147_483_647;
// Token counts come from the upstream: only what fits the INTEGER columns is kept, or one absurd
// number would make the whole usage batch fail to write.
const int = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) && v >= 0 && v <= MAX_INT4 ? Math.round(v) : null);

/** OpenAI's `usage` object (chat, completions, embeddings) in our shape. */
export function readUsage(usage: unknown): TokenUsage | null {
  if (typeof usage !== "object" || usage === null) return null;
  const u = usage as Record<string, unknown>;
  // Chat, completions and embeddings say prompt/completion; images (and the Responses API) say input/output.
  // Anthropic counts cached prompt tokens apart from input_tokens; they are prompt tokens all the same.
  const anthropicInput = int(u.input_tokens) === null ? null : (int(u.input_tokens) ?? 0) + (int(u.cache_creation_input_tokens) ?? 0) + (int(u.cache_read_input_tokens) ?? 0);
  const prompt = int(u.prompt_tokens) ?? anthropicInput;
  const completion = int(u.completion_tokens) ?? int(u.output_tokens);
  const total = int(u.total_tokens) ?? (prompt !== null || completion !== null ? (prompt ?? 0) + (completion ?? 0) : null);
  return { promptTokens: prompt, completionTokens: completion, totalTokens: total };
}

const USAGE_OBJECT = /"usage"\s*:\s*\{/;
/** The Responses API events that carry the whole `response` object (deltas are never parsed). */
const RESPONSE_EVENT = /"type"\s*:\s*"response\.(created|in_progress|queued|completed|incomplete|failed)"/;

/** The wire format a stream or answer is read in: chat-style OpenAI, Anthropic Messages, or OpenAI Responses. */
export type UsageProtocol = "openai" | "anthropic" | "responses";

function parseData(event: string): unknown {
  const data = event
    .split(/\r?\n/)
    .filter((line) => line.startsWith("data:"))
    .map((line) => line.slice(5).trimStart())
    .join("\n");
  try {
    return JSON.parse(data);
  } catch {
    return null;
  }
}

/**
 * Usage-aware pass-through of an OpenAI SSE stream. Each complete event is handed on as soon as it
 * arrives; the usage chunk is read, and dropped when the client did not ask for it.
 */
export class SseUsageTap {
  usage: TokenUsage | null = null;
  private buffer = "";
  private readonly decoder = new TextDecoder();

  /** "anthropic": usage from message_start (input) and message_delta (output); no event is ever dropped. */
  /** Responses API: the `resp_…` id, from response.created (or the first event that names it). */
  responseId: string | null = null;

  /**
   * "responses": the Responses API's typed events; usage from the `response` of
   * response.completed / response.incomplete / response.failed; no event is ever dropped.
   */
  constructor(
    private readonly keepUsageChunk: boolean,
    private readonly protocol: UsageProtocol = "openai",
    private readonly onResponseId?: (id: string) => void,
  ) {}

  /** Returns the text to send now (complete events only). */
  push(chunk: Uint8Array): string {
    this.buffer += this.decoder.decode(chunk, { stream: true });
    let out = "";
    for (;;) {
      const match = /\r?\n\r?\n/.exec(this.buffer);
      if (!match) break;
      const end = match.index + match[0].length;
      const event = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end);
      if (this.inspect(event)) out += event;
    }
    return out;
  }

  /** Whatever is left when the upstream ends (an event without its trailing blank line). */
  end(): string {
    const rest = this.buffer + this.decoder.decode();
    this.buffer = "";
    return rest && this.inspect(rest) ? rest : "";
  }

  private inspect(event: string): boolean {
    if (this.protocol === "responses") {
      this.responsesEvent(event);
      return true;
    }
    if (!USAGE_OBJECT.test(event)) return true;
    const data = event
      .split(/\r?\n/)
      .filter((line) => line.startsWith("data:"))
      .map((line) => line.slice(5).trimStart())
      .join("\n");
    let parsed: { usage?: unknown; choices?: unknown; type?: unknown; message?: { usage?: unknown } };
    try {
      parsed = JSON.parse(data);
    } catch {
      return true;
    }
    if (this.protocol === "anthropic") {
      this.anthropicUsage(parsed);
      return true;
    }
    const usage = readUsage(parsed.usage);
    if (!usage) return true;
    this.usage = usage;
    const usageOnly = Array.isArray(parsed.choices) && parsed.choices.length === 0;
    return this.keepUsageChunk || !usageOnly;
  }

  private responsesEvent(event: string): void {
    const kind = RESPONSE_EVENT.exec(event)?.[1];
    if (!kind) return;
    const parsed = parseData(event) as { type?: unknown; response?: { id?: unknown; usage?: unknown } } | null;
    if (!parsed || typeof parsed.type !== "string" || !parsed.type.startsWith("response.")) return;
    const id = parsed.response?.id;
    if (this.responseId === null && typeof id === "string" && id) {
      this.responseId = id;
      this.onResponseId?.(id);
    }
    if (kind !== "created" && kind !== "in_progress" && kind !== "queued") {
      const usage = readUsage(parsed.response?.usage);
      if (usage) this.usage = usage;
    }
  }

  /** message_start carries the input (and a first output count); message_delta the output so far. */
  private anthropicUsage(event: { type?: unknown; usage?: unknown; message?: { usage?: unknown } }): void {
    const found = readUsage(event.type === "message_start" ? event.message?.usage : event.usage);
    if (!found) return;
    const prompt = Math.max(this.usage?.promptTokens ?? 0, found.promptTokens ?? 0);
    const completion = Math.max(this.usage?.completionTokens ?? 0, found.completionTokens ?? 0);
    this.usage = { promptTokens: prompt, completionTokens: completion, totalTokens: prompt + completion };
  }
}

const MAX_PARSE = 4 * 1024 * 1024;
const TAIL = 16 * 1024;

/** The object literal that starts at `open` (a "{"), by brace matching outside strings. */
function objectAt(text: string, open: number): string | null {
  let depth = 0;
  let inString = false;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "{") depth++;
    else if (c === "}" && --depth === 0) return text.slice(open, i + 1);
  }
  return null;
}

/**
 * Token usage and error code of a whole JSON answer. Bodies over 4 MB (large embedding batches) are
 * not parsed whole: their `usage` object, which OpenAI puts last, is read from the tail.
 */
export function readJsonUsage(bytes: Uint8Array): { usage: TokenUsage | null; errorCode: string | null; errorMessage: string | null; id: string | null } {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    if (buffer.byteLength > MAX_PARSE) {
      const tail = buffer.subarray(buffer.byteLength - TAIL).toString("utf8");
      const at = tail.lastIndexOf('"usage"');
      const open = at < 0 ? -1 : tail.indexOf("{", at);
      const object = open < 0 ? null : objectAt(tail, open);
      return { usage: object ? readUsage(JSON.parse(object)) : null, errorCode: null, errorMessage: null, id: null };
    }
    const json = JSON.parse(buffer.toString("utf8")) as { id?: unknown; usage?: unknown; error?: { code?: unknown; type?: unknown; message?: unknown } | string | null };
    if (typeof json.error === "string") return { usage: null, errorCode: null, errorMessage: cleanErrorMessage(json.error), id: null };
    const code = json.error?.code ?? json.error?.type;
    // The answer's own id (a Responses API answer is routed by it later).
    const id = typeof json.id === "string" && json.id ? json.id : null;
    // The upstream's own words, for the request log (cleaned of anything like a key).
    const errorMessage = json.error ? cleanErrorMessage(json.error.message) : null;
    return { usage: readUsage(json.usage), errorCode: typeof code === "string" ? code.slice(0, 100) : null, errorMessage, id };
  } catch {
    return { usage: null, errorCode: null, errorMessage: null, id: null };
  }
}
