import { randomUUID } from "node:crypto";
import { ZodError } from "zod";
import { errorSummary, isDatabaseUnavailable } from "@/lib/db-unavailable";

type ErrorType =
  | "invalid_request_error"
  | "authentication_error"
  | "permission_error"
  | "not_found_error"
  | "rate_limit_error"
  | "upstream_error"
  | "server_error"
  | "insufficient_quota"
  | "requests"
  | "tokens";

/** The closed set of error codes, each with its HTTP status and OpenAI error type. */
const ERRORS = {
  missing_api_key: [401, "authentication_error"],
  invalid_api_key: [401, "authentication_error"],
  api_key_disabled: [401, "authentication_error"],
  no_api_keys: [401, "authentication_error"],
  api_key_expired: [401, "authentication_error"],
  unauthorized: [401, "authentication_error"],
  invalid_credentials: [401, "authentication_error"],
  forbidden: [403, "permission_error"],
  /** A cookie-authenticated write from another site (Origin, Referer or Sec-Fetch-Site say so). */
  csrf_rejected: [403, "permission_error"],
  ip_not_allowed: [403, "permission_error"],
  model_not_allowed: [403, "permission_error"],
  model_price_unknown: [403, "permission_error"],
  invalid_json: [400, "invalid_request_error"],
  invalid_body: [400, "invalid_request_error"],
  missing_model: [400, "invalid_request_error"],
  validation_error: [400, "invalid_request_error"],
  not_found: [404, "not_found_error"],
  model_not_found: [404, "not_found_error"],
  method_not_allowed: [405, "invalid_request_error"],
  conflict: [409, "invalid_request_error"],
  setup_closed: [409, "invalid_request_error"],
  body_too_large: [413, "invalid_request_error"],
  unsupported_media_type: [415, "invalid_request_error"],
  /** Host or X-Forwarded-* headers this server cannot vouch for (see lib/http/origin.ts). */
  untrusted_host: [400, "invalid_request_error"],
  /** The client went away before its request was read whole; nobody reads the answer. */
  client_closed: [499, "invalid_request_error"],
  too_many_attempts: [429, "rate_limit_error"],
  rate_limit_exceeded: [429, "requests"],
  concurrency_limit_exceeded: [429, "rate_limit_error"],
  insufficient_quota: [429, "insufficient_quota"],
  upstream_unreachable: [502, "upstream_error"],
  upstream_error: [502, "upstream_error"],
  upstream_timeout: [504, "upstream_error"],
  /** One event of the upstream's stream passed MAX_SSE_EVENT_BYTES: the stream was ended there. */
  upstream_event_too_large: [502, "upstream_error"],
  internal_error: [500, "server_error"],
  policy_unavailable: [503, "server_error"],
  /** The database refused, dropped or did not answer within its timeouts (DB_CONNECT_TIMEOUT_MS, DB_QUERY_TIMEOUT_MS). */
  database_unavailable: [503, "server_error"],
  /** No enabled provider at all: the server is not set up yet (sent with x-should-retry: false). */
  no_providers: [503, "server_error"],
  /** GET /api/cron/maintenance while CRON_SECRET is unset: nobody can be let in. */
  cron_not_configured: [503, "server_error"],
} as const satisfies Record<string, readonly [number, ErrorType]>;

export type ErrorCode = keyof typeof ERRORS;

export class ApiError extends Error {
  override name = "ApiError";
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly param: string | null = null,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
  get status(): number {
    return ERRORS[this.code][0];
  }
}

export interface ErrorBody {
  error: {
    message: string;
    type: string;
    param: string | null;
    code: string;
    request_id?: string;
    /** Validation errors by field path, for forms to show beside each field. */
    fields?: Record<string, string>;
  };
}

/** `type` overrides the code's usual type, as OpenAI's rate limits say "requests" or "tokens". */
export function errorBody(code: ErrorCode, message: string, param: string | null = null, type?: ErrorType): ErrorBody {
  return { error: { message, type: type ?? ERRORS[code][1], param, code } };
}

export function errorStatus(code: ErrorCode): number {
  return ERRORS[code][0];
}

export function errorResponse(code: ErrorCode, message: string, param: string | null = null, headers?: HeadersInit, type?: ErrorType): Response {
  return Response.json(errorBody(code, message, param, type), { status: ERRORS[code][0], headers });
}

export type { ErrorType };

const DATABASE_UNAVAILABLE_MESSAGE = "The database is not answering right now. Try again in a few seconds.";

/** The error code a thrown value is answered with (for the request log). */
export function errorCodeOf(error: unknown): ErrorCode {
  if (error instanceof ZodError) return "validation_error";
  if (error instanceof ApiError) return error.code;
  return isDatabaseUnavailable(error) ? "database_unavailable" : "internal_error";
}

/** Turns any thrown value into a response; unknown errors become a logged, generic 500 with a request id. */
export function toErrorResponse(error: unknown): Response {
  if (error instanceof ZodError) {
    const fields: Record<string, string> = {};
    for (const issue of error.issues) fields[issue.path.join(".") || "_"] ??= issue.message;
    const first = error.issues[0];
    const param = first?.path.join(".") || null;
    const body = errorBody("validation_error", param ? `${param}: ${first?.message}` : (first?.message ?? "Invalid input"), param);
    body.error.fields = fields;
    return Response.json(body, { status: 400 });
  }
  if (error instanceof ApiError) return errorResponse(error.code, error.message, error.param, error.headers);
  if (isDatabaseUnavailable(error)) {
    // An outage is not a bug: one line, no stack, however many requests it fails.
    console.error(`[keygate] database unavailable: ${errorSummary(error)}`);
    return errorResponse("database_unavailable", DATABASE_UNAVAILABLE_MESSAGE, null, { "retry-after": "5" });
  }
  const requestId = randomUUID();
  console.error(`[keygate] unhandled error (request ${requestId}):`, error);
  const body = errorBody("internal_error", `Internal server error (request id ${requestId})`);
  body.error.request_id = requestId;
  return Response.json(body, { status: 500 });
}
