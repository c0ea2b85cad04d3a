import { ApiError } from "@/lib/http/errors";

// The proxy reads bodies with the one reader every route uses (lib/http/body.ts).
import { jsonTooDeep, tooDeep } from "@/lib/http/body";

export { NODE_BODY, readBody, type NodeBody } from "@/lib/http/body";

export interface JsonBody {
  raw: Uint8Array;
  json: Record<string, unknown>;
  model: string;
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
  if (jsonTooDeep(raw)) throw tooDeep();
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
