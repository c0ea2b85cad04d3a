import type { z } from "zod";

/** An error from the management API, in its OpenAI shape, with field errors for forms. */
export class ApiClientError extends Error {
  override name = "ApiClientError";
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
  }
}

interface ErrorPayload {
  error?: { message?: unknown; code?: unknown; param?: unknown; fields?: unknown };
}

function toError(status: number, payload: ErrorPayload | undefined): ApiClientError {
  const error = payload?.error;
  const message = typeof error?.message === "string" ? error.message : `The server answered ${status}`;
  const code = typeof error?.code === "string" ? error.code : "http_error";
  const fields: Record<string, string> = {};
  if (error?.fields && typeof error.fields === "object") {
    for (const [key, value] of Object.entries(error.fields)) if (typeof value === "string") fields[key] = value;
  } else if (typeof error?.param === "string" && code !== "not_found") {
    fields[error.param] = message;
  }
  return new ApiClientError(message, status, code, fields);
}

interface RequestOptions<T> {
  method?: "GET" | "POST" | "PATCH" | "DELETE";
  body?: unknown;
  schema?: z.ZodType<T>;
  signal?: AbortSignal;
}

/** Calls the management API with the session cookie; parses the answer with the API's own schema. */
export async function apiFetch<T = void>(path: string, { method = "GET", body, schema, signal }: RequestOptions<T> = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      signal,
      credentials: "same-origin",
      headers: body === undefined ? undefined : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: "no-store",
    });
  } catch (error) {
    if ((error as Error).name === "AbortError") throw error;
    throw new ApiClientError("The server could not be reached. Check your connection and try again.", 0, "network_error");
  }
  const payload: unknown = response.status === 204 ? undefined : await response.json().catch(() => undefined);
  if (!response.ok) {
    if (response.status === 401 && typeof window !== "undefined") {
      // The session ended (signed out elsewhere, or expired): back to the sign-in page.
      window.location.assign(`/login?callbackUrl=${encodeURIComponent(window.location.pathname)}`);
    }
    throw toError(response.status, payload as ErrorPayload | undefined);
  }
  return (schema ? schema.parse(payload) : undefined) as T;
}

export function errorMessage(error: unknown): string {
  if (error instanceof ApiClientError) return error.message;
  return "Something went wrong. Try again.";
}
