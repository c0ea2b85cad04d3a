import { ApiError } from "@/lib/http/errors";

// The one body reader: every route that reads a request body goes through readBody, which stops at
// its limit before buffering more (a 480 MB upload costs at most `limit` bytes of memory), and turns
// a client that left mid-upload into 499 client_closed.

/** The management API's bodies are small JSON objects; 1 MiB leaves room for long model lists. */
export const API_BODY_LIMIT = 1024 * 1024;

function tooLarge(limit: number): ApiError {
  return new ApiError("body_too_large", `Request body is larger than the limit of ${limit} bytes`);
}

function clientClosed(): ApiError {
  return new ApiError("client_closed", "The client closed the connection before its request body was complete");
}

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

/** 413 at once when the declared Content-Length is over `limit`, before a byte is read. */
export function checkDeclaredLength(request: Request, limit: number): void {
  const declared = Number(request.headers.get("content-length"));
  if (declared > limit) throw tooLarge(limit);
}

/** Reads the body once, refusing it as soon as it passes `limit` bytes. */
export async function readBody(request: Request, limit: number): Promise<Uint8Array> {
  checkDeclaredLength(request, limit);
  const declared = Number(request.headers.get("content-length"));
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

/** The media type of a request (`application/json`), lower-cased without parameters; "" when none. */
export function mediaType(request: Request): string {
  return (request.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
}

/** Whether the request announces a body (a Content-Length above 0, or a chunked one). */
export function hasBody(request: Request): boolean {
  return Number(request.headers.get("content-length")) > 0 || request.headers.has("transfer-encoding");
}

/**
 * JSON nested deeper than this is refused: JSON.parse copes, but JSON.stringify and every walk over
 * the value recurse, and overflow the stack (a 500) somewhere past a few thousand levels. No API
 * body needs more than a few dozen (tool schemas included).
 */
export const MAX_JSON_DEPTH = 128;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;

/** Whether JSON text nests objects and arrays deeper than `max` (one linear pass over the bytes, strings skipped). */
export function jsonTooDeep(raw: Uint8Array, max = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < raw.length; i++) {
    const byte = raw[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      if (++depth > max) return true;
    } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
      depth--;
    }
  }
  return false;
}

export function tooDeep(): ApiError {
  return new ApiError("invalid_body", `Request body nests objects and arrays deeper than ${MAX_JSON_DEPTH} levels`);
}

export interface ReadJsonOptions {
  /** An empty body is `{}` instead of a 400. */
  optional?: boolean;
  limit?: number;
}

/**
 * A JSON request body for the management API: at most `limit` bytes (413 body_too_large, read no
 * further), valid JSON (400 invalid_json), not empty unless optional (400 invalid_body).
 */
export async function readJsonBody(request: Request, { optional = false, limit = API_BODY_LIMIT }: ReadJsonOptions = {}): Promise<unknown> {
  const raw = await readBody(request, limit);
  const text = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString("utf8");
  if (text.trim() === "") {
    if (optional) return {};
    throw new ApiError("invalid_body", "Request body is empty: send a JSON object");
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ApiError("invalid_json", `Request body is not valid JSON: ${(error as Error).message}`);
  }
  if (jsonTooDeep(raw)) throw tooDeep();
  return value;
}
