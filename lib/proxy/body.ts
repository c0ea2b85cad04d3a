import { ApiError } from "@/lib/http/errors";

export interface JsonBody {
  raw: Uint8Array;
  json: Record<string, unknown>;
  model: string;
}

function tooLarge(limit: number): ApiError {
  return new ApiError("body_too_large", `Request body is larger than the limit of ${limit} bytes`);
}

const clientClosed = () => new ApiError("client_closed", "The client closed the connection before its request body was complete");

/** What the lean server puts on its requests: the Node request stream, read here without a Web stream in between. */
export const NODE_BODY = Symbol.for("keygate.request.nodeBody");

export interface NodeBody {
  stream: NodeJS.ReadableStream & { complete?: boolean };
  /** The body is refused before its end: the connection closes after the answer instead of reading the rest. */
  refuse(): void;
}

function readNodeBody({ stream, refuse }: NodeBody, declared: number, limit: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      stream.off("data", onData);
      stream.off("end", onEnd);
      stream.off("close", onClose);
      stream.off("error", onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > limit) {
        cleanup();
        refuse();
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      // A client that leaves mid-upload may just end the stream early: fewer bytes than it announced.
      if (declared > 0 && size < declared) reject(clientClosed());
      else resolve(chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks));
    };
    const onClose = () => {
      cleanup();
      reject(clientClosed());
    };
    stream.on("data", onData);
    stream.on("end", onEnd);
    stream.on("close", onClose);
    stream.on("error", onClose);
  });
}


/** Reads the body once, refusing it as soon as it passes `limit` bytes. */
export async function readBody(request: Request, limit: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get("content-length"));
  if (declared > limit) throw tooLarge(limit);
  const node = (request as unknown as Record<symbol, NodeBody | undefined>)[NODE_BODY];
  if (node) return readNodeBody(node, declared, limit);
  if (!request.body) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await reader.read();
    } catch {
      // The only way a request body fails to read is the client leaving mid-upload.
      throw clientClosed();
    }
    const { done, value } = chunk;
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  // A client that leaves mid-upload may just end the stream early: fewer bytes than it announced.
  if (request.signal.aborted || (declared > 0 && size < declared)) throw clientClosed();
  return chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks);
}

/**
 * The proxy requires only a JSON object with a string `model` (or, for endpoints whose API has a
 * default model, none: it is routed as `defaultModel` and the upstream applies its own default);
 * everything else passes through untouched.
 */
export function parseJsonBody(raw: Uint8Array, defaultModel?: string): JsonBody {
  if (raw.byteLength === 0) throw new ApiError("invalid_body", "Request body is empty: send a JSON object with a `model`");
  // JSON.parse takes any depth, but writing it again (a changed model or stream_options, a
  // translation) overflows the stack: refused before anything reads it.
  if (nestedDeeperThan(raw, MAX_JSON_DEPTH)) {
    throw new ApiError("invalid_body", `Request body is nested deeper than ${MAX_JSON_DEPTH} levels`);
  }
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString("utf8"));
  } catch (error) {
    throw new ApiError("invalid_json", `Request body is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new ApiError("invalid_body", "Request body must be a JSON object");
  }
  const model = (json as { model?: unknown }).model ?? defaultModel;
  if (typeof model !== "string" || model.trim() === "") {
    throw new ApiError("missing_model", "`model` is required and must be a non-empty string", "model");
  }
  return { raw, json: json as Record<string, unknown>, model };
}

/** No API request needs more; JSON.stringify overflows the stack at a few thousand. */
export const MAX_JSON_DEPTH = 200;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;

/** Whether the JSON text nests objects/arrays deeper than `limit` (one pass over the bytes, strings skipped). */
export function nestedDeeperThan(bytes: Uint8Array, limit: number): boolean {
  let depth = 0;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (c === QUOTE) {
      // Skip the string: a backslash escapes the next byte.
      for (i++; i < bytes.length && bytes[i] !== QUOTE; i++) if (bytes[i] === BACKSLASH) i++;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > limit) return true;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
    }
  }
  return false;
}
