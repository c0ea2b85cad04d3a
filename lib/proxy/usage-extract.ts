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

/** One event of an upstream's stream passed its size cap (MAX_SSE_EVENT_BYTES): the stream ends there. */
export class SseEventTooLargeError extends Error {
  override name = "SseEventTooLargeError";
  readonly code = "upstream_event_too_large";
  constructor(readonly limitBytes: number) {
    super(`The upstream sent a stream event larger than ${limitBytes} bytes`);
  }
}

/** The blank line that ends an SSE event. */
const BOUNDARY = /\r?\n\r?\n/g;
/** A boundary is at most 4 characters: the 3 before a chunk may start one that ends inside it. */
const OVERLAP = 3;

/**
 * Usage-aware pass-through of an OpenAI SSE stream. Each complete event is handed on as soon as it
 * arrives; the usage chunk is read, and dropped when the client did not ask for it.
 *
 * Linear in the stream's size however it is cut up: an unfinished event is kept as a list of pieces
 * (never re-joined or re-scanned per chunk); each chunk is searched once, with the few characters
 * before it, for the blank line that ends the event. An event longer than `maxEventBytes` throws
 * SseEventTooLargeError, so one huge event can neither fill memory nor hold the event loop.
 */
export class SseUsageTap {
  usage: TokenUsage | null = null;
  private pending: string[] = [];
  private pendingChars = 0;
  private pendingBytes = 0;
  private tail = "";
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
    private readonly maxEventBytes = Number.POSITIVE_INFINITY,
  ) {}

  /** Returns the text to send now (complete events only). */
  push(chunk: Uint8Array): string {
    const text = this.decoder.decode(chunk, { stream: true });
    if (!text) return "";
    BOUNDARY.lastIndex = 0;
    if (!BOUNDARY.test(this.tail + text)) {
      // Still inside one event: keep the piece, look at nothing else.
      this.pending.push(text);
      this.pendingChars += text.length;
      this.pendingBytes += chunk.byteLength;
      this.tail = (this.tail + text).slice(-OVERLAP);
      this.checkSize(this.pendingBytes);
      return "";
    }
    const buffer = this.pending.length ? this.pending.join("") + text : text;
    // No boundary lies wholly in what was pending: the first one ends in this chunk.
    BOUNDARY.lastIndex = Math.max(0, this.pendingChars - OVERLAP);
    let start = 0;
    let out = "";
    for (let match = BOUNDARY.exec(buffer); match; match = BOUNDARY.exec(buffer)) {
      const end = match.index + match[0].length;
      const event = buffer.slice(start, end);
      start = end;
      this.checkSize(Buffer.byteLength(event));
      if (this.inspect(event)) out += event;
    }
    const rest = buffer.slice(start);
    this.pending = rest ? [rest] : [];
    this.pendingChars = rest.length;
    this.pendingBytes = Buffer.byteLength(rest);
    this.tail = rest.slice(-OVERLAP);
    this.checkSize(this.pendingBytes);
    return out;
  }

  /** Whatever is left when the upstream ends (an event without its trailing blank line). */
  end(): string {
    const rest = this.pending.join("") + this.decoder.decode();
    this.pending = [];
    this.pendingChars = this.pendingBytes = 0;
    this.tail = "";
    if (rest) this.checkSize(Buffer.byteLength(rest));
    return rest && this.inspect(rest) ? rest : "";
  }

  private checkSize(bytes: number): void {
    if (bytes > this.maxEventBytes) throw new SseEventTooLargeError(this.maxEventBytes);
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
