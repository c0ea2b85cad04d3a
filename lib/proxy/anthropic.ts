import "server-only";
import { parseReset } from "@/lib/policies/window";
import { anthropicErrorType } from "@/lib/protocols/anthropic";

// Anthropic's clients (its SDKs, Claude Code) read errors and rate limits in Anthropic's own shape:
// on /v1/messages our errors are rewritten, and the x-ratelimit-* headers take Anthropic's names.
// Answers from an Anthropic provider are already in that shape and pass through untouched.

type Handler = (request: Request) => Promise<Response>;

const RENAMED: [string, string][] = [
  ["x-ratelimit-limit-requests", "anthropic-ratelimit-requests-limit"],
  ["x-ratelimit-remaining-requests", "anthropic-ratelimit-requests-remaining"],
  ["x-ratelimit-limit-tokens", "anthropic-ratelimit-tokens-limit"],
  ["x-ratelimit-remaining-tokens", "anthropic-ratelimit-tokens-remaining"],
];

function renameRateLimitHeaders(headers: Headers): void {
  const now = Date.now();
  for (const [from, to] of RENAMED) {
    const value = headers.get(from);
    if (value === null) continue;
    headers.set(to, value);
    headers.delete(from);
  }
  // Anthropic gives the reset as an RFC 3339 time, OpenAI as a duration.
  for (const kind of ["requests", "tokens"]) {
    const reset = headers.get(`x-ratelimit-reset-${kind}`);
    if (reset === null) continue;
    headers.set(`anthropic-ratelimit-${kind}-reset`, new Date(now + parseReset(reset)).toISOString());
    headers.delete(`x-ratelimit-reset-${kind}`);
  }
}

async function rewriteError(response: Response): Promise<Response> {
  const text = await response.text();
  let body: { type?: unknown; error?: { code?: unknown; message?: unknown } } | undefined;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const headers = new Headers(response.headers);
  headers.delete("content-length");
  if (!body || body.type === "error" || typeof body.error?.code !== "string") return new Response(text, { status: response.status, headers });
  const message = typeof body.error.message === "string" ? body.error.message : "Request failed";
  headers.set("content-type", "application/json");
  return new Response(JSON.stringify({ type: "error", error: { type: anthropicErrorType(response.status), message } }), { status: response.status, headers });
}

/** Wraps a /v1 handler so its answers speak Anthropic's error and rate-limit dialect. */
export function asAnthropic(handler: Handler): Handler {
  return async (request) => {
    const response = await handler(request);
    renameRateLimitHeaders(response.headers);
    const json = (response.headers.get("content-type") ?? "").includes("json");
    return response.status >= 400 && json ? rewriteError(response) : response;
  };
}
