import type { ErrorCode } from "@/lib/http/errors";
import type { AnthropicErrorBody } from "@/lib/protocols/anthropic/types";
import type { ChatStreamError } from "@/lib/protocols/openai/types";

export type AnthropicErrorType =
  | "invalid_request_error"
  | "authentication_error"
  | "billing_error"
  | "permission_error"
  | "not_found_error"
  | "request_too_large"
  | "rate_limit_error"
  | "api_error"
  | "timeout_error"
  | "overloaded_error";

/**
 * The statuses Anthropic documents, each with its type. Other 4xx are invalid_request_error (as
 * Anthropic's own docs say it does) and other 5xx api_error. 504 is timeout_error, the type the
 * current API and SDK use for a gateway timeout.
 */
const BY_STATUS: Record<number, AnthropicErrorType> = {
  400: "invalid_request_error",
  401: "authentication_error",
  402: "billing_error",
  403: "permission_error",
  404: "not_found_error",
  413: "request_too_large",
  429: "rate_limit_error",
  500: "api_error",
  502: "api_error",
  504: "timeout_error",
  529: "overloaded_error",
};

const STATUS_BY_TYPE: Record<AnthropicErrorType, number> = {
  invalid_request_error: 400,
  authentication_error: 401,
  billing_error: 402,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  timeout_error: 504,
  overloaded_error: 529,
};

export function anthropicErrorType(status: number): AnthropicErrorType {
  return BY_STATUS[status] ?? (status >= 400 && status < 500 ? "invalid_request_error" : "api_error");
}

export function anthropicErrorStatus(type: AnthropicErrorType): number {
  return STATUS_BY_TYPE[type];
}

export function anthropicErrorBody(type: AnthropicErrorType, message: string): AnthropicErrorBody {
  return { type: "error", error: { type, message } };
}

/** Our codes (and OpenAI's types) whose meaning is sharper than their status's. */
const BY_CODE: Partial<Record<ErrorCode, AnthropicErrorType>> = {
  body_too_large: "request_too_large",
  upstream_timeout: "timeout_error",
};
const BY_OPENAI_TYPE: Record<string, AnthropicErrorType> = {
  invalid_request_error: "invalid_request_error",
  authentication_error: "authentication_error",
  permission_error: "permission_error",
  not_found_error: "not_found_error",
  rate_limit_error: "rate_limit_error",
  requests: "rate_limit_error",
  tokens: "rate_limit_error",
  insufficient_quota: "rate_limit_error",
};

/**
 * An OpenAI-shaped error (ours or an upstream's) as Anthropic's. The status decides when there is
 * one; a stream that fails midway has none, so its error's code and type decide.
 */
export function chatErrorToAnthropic(error: unknown, status?: number): AnthropicErrorBody {
  const inner = typeof error === "object" && error !== null && "error" in error ? error.error : error;
  const fields = typeof inner === "object" && inner !== null ? (inner as Record<string, unknown>) : {};
  const text = typeof inner === "string" && inner ? inner : "Upstream error";
  const message = typeof fields.message === "string" && fields.message ? fields.message : text;
  const code = typeof fields.code === "string" ? fields.code : "";
  const openaiType = typeof fields.type === "string" ? fields.type : "";
  const byCode = BY_CODE[code as ErrorCode];
  const type = byCode ?? (status !== undefined ? anthropicErrorType(status) : (BY_OPENAI_TYPE[openaiType] ?? "api_error"));
  return anthropicErrorBody(type, message);
}

const OPENAI_TYPE: Record<AnthropicErrorType, string> = {
  invalid_request_error: "invalid_request_error",
  authentication_error: "authentication_error",
  billing_error: "insufficient_quota",
  permission_error: "permission_error",
  not_found_error: "not_found_error",
  request_too_large: "invalid_request_error",
  rate_limit_error: "rate_limit_error",
  api_error: "server_error",
  timeout_error: "server_error",
  overloaded_error: "server_error",
};

/** An Anthropic error body as OpenAI's; the Anthropic type stays readable as the code. */
export function anthropicErrorToChat(body: unknown): ChatStreamError {
  const inner = typeof body === "object" && body !== null && "error" in body ? body.error : body;
  const fields = typeof inner === "object" && inner !== null ? (inner as Record<string, unknown>) : {};
  const type = typeof fields.type === "string" && fields.type in OPENAI_TYPE ? (fields.type as AnthropicErrorType) : "api_error";
  const message = typeof fields.message === "string" && fields.message ? fields.message : "Upstream error";
  return { error: { message, type: OPENAI_TYPE[type], param: null, code: typeof fields.type === "string" ? fields.type : type } };
}
