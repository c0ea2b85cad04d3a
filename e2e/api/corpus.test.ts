// The bad-input corpus: requests an attacker or an unlucky client sends to /v1, /api and the pages,
// each with the status and error code it must get. None may be a 5xx or hang, every JSON answer is
// in the API's error shape, and nothing refused reaches the upstream (the mock's record of what it
// received). Control characters, ids and date ranges of the management API: bad-input.test.ts.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { rawRequest, type RawResponse } from "../support/raw-http";
import { startStack, type CreatedKey, type Stack } from "../support/stack";

const BODY_LIMIT = 64 * 1024;
let stack: Stack;
let key: CreatedKey;
let disabled: CreatedKey;
let modelLimited: CreatedKey;
let ipLimited: CreatedKey;

beforeAll(async () => {
  stack = await startStack({ env: { MAX_BODY_BYTES: String(BODY_LIMIT) } });
  key = await stack.createKey("corpus");
  disabled = await stack.createKey("corpus disabled");
  expect((await stack.admin(`/api/keys/${disabled.id}`, { method: "PATCH", body: { enabled: false } })).status).toBe(200);
  const limited = await stack.admin<CreatedKey>("/api/keys", { method: "POST", body: { name: "corpus models", allowedModels: ["gpt-4o-mini"] } });
  modelLimited = limited.body;
  const ips = await stack.admin<CreatedKey>("/api/keys", { method: "POST", body: { name: "corpus ips", allowedIps: ["10.9.9.9"] } });
  ipLimited = ips.body;
  const setup = await rawRequest(stack.server.url, "/api/setup", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: "corpus@keygate.test", password: "corpus password 1", confirmPassword: "corpus password 1" }),
  });
  expect(setup.status).toBe(201);
});

afterAll(async () => {
  await stack?.close();
});

type Auth = "key" | "disabled" | "models" | "ips" | "admin" | "none" | { header: string; value: string };

interface Case {
  method?: string;
  path: string;
  auth?: Auth;
  headers?: Record<string, string>;
  body?: string | (() => string) | Record<string, unknown> | unknown[];
  status: number;
  /** The error code; null for pages (HTML) and answers without a body. */
  code: string | null;
  /** Anthropic's error shape ({type:"error", error:{type,message}}) instead of OpenAI's. */
  anthropic?: true;
}

const chat = { model: "gpt-4", messages: [{ role: "user", content: "hi" }] };
const nested = (depth: number) => `{"model":"gpt-4","stream":true,"messages":[{"role":"user","content":"hi"}],"metadata":${"[".repeat(depth)}${"]".repeat(depth)}}`;
const UNKNOWN_KEY = `sk-${"A".repeat(32)}`;

const v1: [string, Case][] = [
  // Who is calling.
  ["chat without a key", { method: "POST", path: "/v1/chat/completions", auth: "none", body: chat, status: 401, code: "missing_api_key" }],
  ["chat with an unknown key", { method: "POST", path: "/v1/chat/completions", auth: { header: "authorization", value: `Bearer ${UNKNOWN_KEY}` }, body: chat, status: 401, code: "invalid_api_key" }],
  ["chat with a key that is not one", { method: "POST", path: "/v1/chat/completions", auth: { header: "authorization", value: "Bearer not-a-key" }, body: chat, status: 401, code: "invalid_api_key" }],
  ["chat with a 10 KB bearer token", { method: "POST", path: "/v1/chat/completions", auth: { header: "authorization", value: `Bearer sk-${"x".repeat(10_000)}` }, body: chat, status: 401, code: "invalid_api_key" }],
  ["chat with Basic credentials", { method: "POST", path: "/v1/chat/completions", auth: { header: "authorization", value: "Basic dXNlcjpwYXNz" }, body: chat, status: 401, code: "missing_api_key" }],
  ["chat with an unknown X-API-Key", { method: "POST", path: "/v1/chat/completions", auth: { header: "x-api-key", value: UNKNOWN_KEY }, body: chat, status: 401, code: "invalid_api_key" }],
  ["chat with an unknown ?api_key", { method: "POST", path: `/v1/chat/completions?api_key=${UNKNOWN_KEY}`, auth: "none", body: chat, status: 401, code: "invalid_api_key" }],
  ["chat with a disabled key", { method: "POST", path: "/v1/chat/completions", auth: "disabled", body: chat, status: 401, code: "api_key_disabled" }],
  ["chat for a model the key may not use", { method: "POST", path: "/v1/chat/completions", auth: "models", body: chat, status: 403, code: "model_not_allowed" }],
  ["chat from an address the key may not use", { method: "POST", path: "/v1/chat/completions", auth: "ips", body: chat, status: 403, code: "ip_not_allowed" }],
  ["embeddings without a key", { method: "POST", path: "/v1/embeddings", auth: "none", body: { model: "text-embedding-3-small", input: "x" }, status: 401, code: "missing_api_key" }],
  ["models without a key", { path: "/v1/models", auth: "none", status: 401, code: "missing_api_key" }],
  ["own usage with an unknown key", { path: "/v1/usage", auth: { header: "authorization", value: `Bearer ${UNKNOWN_KEY}` }, status: 401, code: "invalid_api_key" }],
  // Bodies.
  ["chat with an empty body", { method: "POST", path: "/v1/chat/completions", body: "", status: 400, code: "invalid_body" }],
  ["chat with whitespace only", { method: "POST", path: "/v1/chat/completions", body: " \n\t", status: 400, code: "invalid_json" }],
  ["chat with truncated JSON", { method: "POST", path: "/v1/chat/completions", body: '{"model":"gpt-4",', status: 400, code: "invalid_json" }],
  ["chat with a trailing comma", { method: "POST", path: "/v1/chat/completions", body: '{"model":"gpt-4",}', status: 400, code: "invalid_json" }],
  ["chat with a NUL byte for a body", { method: "POST", path: "/v1/chat/completions", body: "\u0000", status: 400, code: "invalid_json" }],
  ["chat with invalid UTF-8", { method: "POST", path: "/v1/chat/completions", body: () => Buffer.from([0x7b, 0xff, 0xfe, 0x7d]).toString("latin1"), status: 400, code: "invalid_json" }],
  ["chat with a JSON array", { method: "POST", path: "/v1/chat/completions", body: [chat], status: 400, code: "invalid_body" }],
  ["chat with JSON null", { method: "POST", path: "/v1/chat/completions", body: "null", status: 400, code: "invalid_body" }],
  ["chat with a JSON string", { method: "POST", path: "/v1/chat/completions", body: '"gpt-4"', status: 400, code: "invalid_body" }],
  ["chat with a JSON number", { method: "POST", path: "/v1/chat/completions", body: "42", status: 400, code: "invalid_body" }],
  ["chat without a model", { method: "POST", path: "/v1/chat/completions", body: { messages: [] }, status: 400, code: "missing_model" }],
  ["chat with an empty model", { method: "POST", path: "/v1/chat/completions", body: { ...chat, model: "" }, status: 400, code: "missing_model" }],
  ["chat with a blank model", { method: "POST", path: "/v1/chat/completions", body: { ...chat, model: "   " }, status: 400, code: "missing_model" }],
  ["chat with a numeric model", { method: "POST", path: "/v1/chat/completions", body: { ...chat, model: 4 }, status: 400, code: "missing_model" }],
  ["chat with a model object", { method: "POST", path: "/v1/chat/completions", body: { ...chat, model: { id: "gpt-4" } }, status: 400, code: "missing_model" }],
  ["chat with a body over MAX_BODY_BYTES", { method: "POST", path: "/v1/chat/completions", body: () => JSON.stringify({ ...chat, pad: "x".repeat(BODY_LIMIT) }), status: 413, code: "body_too_large" }],
  ["chat with a declared length over MAX_BODY_BYTES", { method: "POST", path: "/v1/chat/completions", headers: { "content-length": String(BODY_LIMIT + 1) }, body: () => "x".repeat(BODY_LIMIT + 1), status: 413, code: "body_too_large" }],
  ["chat nested 20,000 levels deep, streamed", { method: "POST", path: "/v1/chat/completions", body: () => nested(20_000), status: 400, code: "invalid_body" }],
  ["chat nested 129 levels deep", { method: "POST", path: "/v1/chat/completions", body: () => nested(128), status: 400, code: "invalid_body" }],
  ["completions with broken JSON", { method: "POST", path: "/v1/completions", body: "{", status: 400, code: "invalid_json" }],
  ["embeddings without a model", { method: "POST", path: "/v1/embeddings", body: { input: "x" }, status: 400, code: "missing_model" }],
  ["rerank with an array body", { method: "POST", path: "/v1/rerank", body: [], status: 400, code: "invalid_body" }],
  ["responses without a model", { method: "POST", path: "/v1/responses", body: { input: "hi" }, status: 400, code: "missing_model" }],
  ["speech with broken JSON", { method: "POST", path: "/v1/audio/speech", body: "{{", status: 400, code: "invalid_json" }],
  ["messages with broken JSON (Anthropic's shape)", { method: "POST", path: "/v1/messages", body: "{", status: 400, code: null, anthropic: true }],
  ["messages without a key (Anthropic's shape)", { method: "POST", path: "/v1/messages", auth: "none", body: { model: "claude", max_tokens: 1, messages: [] }, status: 401, code: null, anthropic: true }],
  // Methods and paths.
  ["GET on chat completions", { path: "/v1/chat/completions", status: 405, code: "method_not_allowed" }],
  ["PUT on chat completions", { method: "PUT", path: "/v1/chat/completions", body: chat, status: 405, code: "method_not_allowed" }],
  ["DELETE on embeddings", { method: "DELETE", path: "/v1/embeddings", status: 405, code: "method_not_allowed" }],
  ["POST on the model list", { method: "POST", path: "/v1/models", body: {}, status: 405, code: "method_not_allowed" }],
  ["an unknown endpoint", { path: "/v1/fine_tuning/jobs", status: 404, code: "not_found" }],
  ["an unknown nested endpoint", { method: "POST", path: "/v1/chat/completions/extra", body: chat, status: 404, code: "not_found" }],
  ["a broken percent-escape", { path: "/v1/models/%E0%A4%A", status: 400, code: "invalid_path" }],
  ["a lone percent sign", { path: "/v1/models/%", status: 400, code: "invalid_path" }],
  ["an unknown model", { path: "/v1/models/no-such-model", status: 404, code: "model_not_found" }],
  ["a stored response that does not exist", { path: "/v1/responses/resp_doesnotexist", status: 404, code: "not_found" }],
  ["cancelling a response that does not exist", { method: "POST", path: "/v1/responses/resp_nope/cancel", body: {}, status: 404, code: "not_found" }],
  // Query strings.
  ["own usage for 0 days", { path: "/v1/usage?days=0", status: 400, code: "validation_error" }],
  ["own usage for 401 days", { path: "/v1/usage?days=401", status: 400, code: "validation_error" }],
  ["own usage for abc days", { path: "/v1/usage?days=abc", status: 400, code: "validation_error" }],
  ["own usage for 1e309 days", { path: "/v1/usage?days=1e309", status: 400, code: "validation_error" }],
  ["own usage for 1.5 days", { path: "/v1/usage?days=1.5", status: 400, code: "validation_error" }],
];

const api: [string, Case][] = [
  // Authentication.
  ["keys without credentials", { path: "/api/keys", auth: "none", status: 401, code: "unauthorized" }],
  ["keys with a wrong admin token", { path: "/api/keys", auth: { header: "authorization", value: "Bearer wrong-token-wrong-token-wrong" }, status: 401, code: "unauthorized" }],
  ["keys with an API key instead of the admin token", { path: "/api/keys", auth: "key", status: 401, code: "unauthorized" }],
  ["keys with Basic credentials", { path: "/api/keys", auth: { header: "authorization", value: "Basic YWRtaW46YWRtaW4=" }, status: 401, code: "unauthorized" }],
  ["keys with a forged session cookie", { path: "/api/keys", auth: { header: "cookie", value: "next-auth.session-token=forged.token.value" }, status: 401, code: "unauthorized" }],
  ["creating a key without credentials", { method: "POST", path: "/api/keys", auth: "none", body: { name: "x" }, status: 401, code: "unauthorized" }],
  ["settings without credentials", { method: "PATCH", path: "/api/settings", auth: "none", body: { authEnabled: false }, status: 401, code: "unauthorized" }],
  ["revealing a key without credentials", { path: "/api/keys/abc/reveal", auth: "none", status: 401, code: "unauthorized" }],
  // Bodies.
  ["a key from an empty body", { method: "POST", path: "/api/keys", body: "", status: 400, code: "invalid_body" }],
  ["a key from broken JSON", { method: "POST", path: "/api/keys", body: '{"name":', status: 400, code: "invalid_json" }],
  ["a key from a JSON array", { method: "POST", path: "/api/keys", body: [{ name: "x" }], status: 400, code: "validation_error" }],
  ["a key from JSON null", { method: "POST", path: "/api/keys", body: "null", status: 400, code: "validation_error" }],
  ["a key with a numeric name", { method: "POST", path: "/api/keys", body: { name: 5 }, status: 400, code: "validation_error" }],
  ["a key with an empty name", { method: "POST", path: "/api/keys", body: { name: "" }, status: 400, code: "validation_error" }],
  ["a key with a 10,000-character name", { method: "POST", path: "/api/keys", body: { name: "n".repeat(10_000) }, status: 400, code: "validation_error" }],
  ["a key with an unknown field", { method: "POST", path: "/api/keys", body: { name: "x", hash: "chosen" }, status: 400, code: "validation_error" }],
  ["a key nested 20,000 levels deep", { method: "POST", path: "/api/keys", body: () => `{"name":"x","description":${"[".repeat(20_000)}${"]".repeat(20_000)}}`, status: 400, code: "invalid_body" }],
  ["a key with a prototype-polluting field", { method: "POST", path: "/api/keys", body: '{"name":"x","__proto__":{"admin":true}}', status: 400, code: "validation_error" }],
  ["a key with negative rpm", { method: "POST", path: "/api/keys", body: { name: "x", rpmLimit: -1 }, status: 400, code: "validation_error" }],
  ["a key with an rpm of 1e309", { method: "POST", path: "/api/keys", body: '{"name":"x","rpmLimit":1e309}', status: 400, code: "validation_error" }],
  ["a key with a fractional rpm", { method: "POST", path: "/api/keys", body: { name: "x", rpmLimit: 1.5 }, status: 400, code: "validation_error" }],
  ["a key with a bad CIDR", { method: "POST", path: "/api/keys", body: { name: "x", allowedIps: ["10.0.0.0/99"] }, status: 400, code: "validation_error" }],
  ["a key with a body over 1 MiB", { method: "POST", path: "/api/keys", body: () => JSON.stringify({ name: "x", description: "d".repeat(1024 * 1024) }), status: 413, code: "body_too_large" }],
  ["a key update of an unknown key", { method: "PATCH", path: "/api/keys/doesnotexist", body: { name: "x" }, status: 404, code: "not_found" }],
  ["deleting an unknown key", { method: "DELETE", path: "/api/keys/doesnotexist", status: 404, code: "not_found" }],
  ["revealing an unknown key", { path: "/api/keys/doesnotexist/reveal", status: 404, code: "not_found" }],
  ["settings with a string for a boolean", { method: "PATCH", path: "/api/settings", body: { authEnabled: "yes" }, status: 400, code: "validation_error" }],
  ["settings with an unknown field", { method: "PATCH", path: "/api/settings", body: { superuser: true }, status: 400, code: "validation_error" }],
  ["settings from broken JSON", { method: "PATCH", path: "/api/settings", body: "{", status: 400, code: "invalid_json" }],
  ["a provider without a base URL", { method: "POST", path: "/api/providers", body: { name: "p" }, status: 400, code: "validation_error" }],
  ["a provider with an ftp base URL", { method: "POST", path: "/api/providers", body: { name: "p", baseUrl: "ftp://example.com/v1" }, status: 400, code: "validation_error" }],
  ["a provider with a javascript: base URL", { method: "POST", path: "/api/providers", body: { name: "p", baseUrl: "javascript:alert(1)" }, status: 400, code: "validation_error" }],
  ["a provider of an unknown kind", { method: "POST", path: "/api/providers", body: { name: "p", baseUrl: "http://127.0.0.1:9/v1", kind: "gopher" }, status: 400, code: "validation_error" }],
  ["an unsaved provider test against no URL", { method: "POST", path: "/api/providers/test", body: { baseUrl: "not a url" }, status: 400, code: "validation_error" }],
  ["testing an unknown provider", { method: "POST", path: "/api/providers/doesnotexist/test", body: {}, status: 404, code: "not_found" }],
  ["a price below zero", { method: "POST", path: "/api/prices", body: { pattern: "gpt-x", inputUsdPerMTok: -1, outputUsdPerMTok: 1 }, status: 400, code: "validation_error" }],
  ["a price update of an unknown price", { method: "PATCH", path: "/api/prices/doesnotexist", body: { inputUsdPerMTok: 1 }, status: 404, code: "not_found" }],
  // Query strings.
  ["key page -1", { path: "/api/keys?page=-1", status: 400, code: "validation_error" }],
  ["key page size 1000", { path: "/api/keys?pageSize=1000", status: 400, code: "validation_error" }],
  ["key page abc", { path: "/api/keys?page=abc", status: 400, code: "validation_error" }],
  ["price resolution without a model", { path: "/api/prices/resolve", status: 400, code: "validation_error" }],
  ["usage over an unknown range", { path: "/api/usage?range=forever", status: 400, code: "validation_error" }],
  ["a custom usage range without dates", { path: "/api/usage?range=custom", status: 400, code: "validation_error" }],
  ["a usage range that ends before it starts", { path: "/api/usage?range=custom&from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z", status: 400, code: "validation_error" }],
  ["a usage date that is no date", { path: "/api/usage?range=custom&from=yesterday&to=today", status: 400, code: "validation_error" }],
  ["log page limit 0", { path: "/api/usage/logs?limit=0", status: 400, code: "validation_error" }],
  ["log page limit 100000", { path: "/api/usage/logs?limit=100000", status: 400, code: "validation_error" }],
  ["log status class 7xx", { path: "/api/usage/logs?status=7xx", status: 400, code: "validation_error" }],
  ["a log row that is no number", { path: "/api/usage/logs/abc", status: 404, code: "not_found" }],
  ["a key's usage for 0 days", { path: "/api/keys/doesnotexist/usage?days=0", status: 400, code: "validation_error" }],
  // Routes and methods.
  ["an unknown /api path", { path: "/api/nope", status: 404, code: "not_found" }],
  ["an unknown nested /api path", { method: "POST", path: "/api/keys/x/y/z", body: {}, status: 404, code: "not_found" }],
  ["DELETE on the key list", { method: "DELETE", path: "/api/keys", status: 405, code: "method_not_allowed" }],
  ["PUT on a key", { method: "PUT", path: "/api/keys/doesnotexist", body: { name: "x" }, status: 405, code: "method_not_allowed" }],
  ["GET on the unsaved provider test", { path: "/api/providers/test", status: 405, code: "method_not_allowed" }],
  ["POST on health", { method: "POST", path: "/api/health", auth: "none", body: {}, status: 405, code: "method_not_allowed" }],
  ["GET on setup", { path: "/api/setup", auth: "none", status: 405, code: "method_not_allowed" }],
  ["DELETE on settings", { method: "DELETE", path: "/api/settings", status: 405, code: "method_not_allowed" }],
  ["PATCH on next-auth", { method: "PATCH", path: "/api/auth/session", auth: "none", body: {}, status: 405, code: "method_not_allowed" }],
  // Setup and sign-in, unauthenticated.
  ["setup once closed", { method: "POST", path: "/api/setup", auth: "none", body: { email: "x@y.z", password: "long enough password", confirmPassword: "long enough password" }, status: 409, code: "setup_closed" }],
  ["setup from another origin", { method: "POST", path: "/api/setup", auth: "none", headers: { origin: "http://evil.example" }, body: {}, status: 403, code: "csrf_rejected" }],
  ["setup as text/plain", { method: "POST", path: "/api/setup", auth: "none", headers: { "content-type": "text/plain" }, body: "{}", status: 415, code: "unsupported_media_type" }],
  ["sign-in without an Origin", { method: "POST", path: "/api/auth/callback/credentials", auth: "none", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "email=a&password=b", status: 403, code: "csrf_rejected" }],
  ["sign-in with a forged X-Forwarded-Host", { method: "POST", path: "/api/auth/callback/credentials", auth: "none", headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-host": "evil.example" }, body: "email=a&password=b", status: 400, code: "untrusted_host" }],
  ["next-auth's session with a forged X-Forwarded-Host", { path: "/api/auth/session", auth: "none", headers: { "x-forwarded-host": "evil.example" }, status: 400, code: "untrusted_host" }],
];

const pages: [string, Case][] = [
  ["the sign-in page", { path: "/login", auth: "none", status: 200, code: null }],
  ["the sign-in page with an off-site callback", { path: "/login?callbackUrl=%2F%2Fevil.example", auth: "none", status: 200, code: null }],
  ["the sign-in page with a javascript: callback", { path: "/login?callbackUrl=javascript%3Aalert(1)", auth: "none", status: 200, code: null }],
  ["the sign-in page with a NUL in the callback", { path: "/login?callbackUrl=%2F%00%2Fevil.example", auth: "none", status: 200, code: null }],
  ["the keys page without a session", { path: "/keys", auth: "none", status: 307, code: null }],
  ["the usage page with absurd dates and no session", { path: "/usage?range=custom&from=0001-01-01&to=%2B275760-01-01", auth: "none", status: 307, code: null }],
  ["the setup page once closed", { path: "/setup", auth: "none", status: 307, code: null }],
  ["a page that does not exist", { path: "/no-such-page", auth: "none", status: 404, code: null }],
  ["a page path with a broken escape", { path: "/keys/%E0%A4%A", auth: "none", status: 400, code: "invalid_path" }],
  ["a static asset that does not exist", { path: "/_next/static/chunks/nope.js", auth: "none", status: 404, code: null }],
];

function headersFor(c: Case): Record<string, string> {
  const headers: Record<string, string> = {};
  const auth = c.auth ?? (c.path.startsWith("/v1") ? "key" : "admin");
  const keyOf = { key: () => key.key, disabled: () => disabled.key, models: () => modelLimited.key, ips: () => ipLimited.key };
  if (typeof auth === "object") headers[auth.header] = auth.value;
  else if (auth === "admin") headers.authorization = `Bearer ${stack.adminToken}`;
  else if (auth !== "none") headers.authorization = `Bearer ${keyOf[auth]()}`;
  if (c.body !== undefined) headers["content-type"] = "application/json";
  if (c.path.startsWith("/v1/messages")) headers["anthropic-version"] = "2023-06-01";
  return { ...headers, ...c.headers };
}

function bodyOf(c: Case): string | undefined {
  if (c.body === undefined) return undefined;
  if (typeof c.body === "function") return c.body();
  return typeof c.body === "string" ? c.body : JSON.stringify(c.body);
}

/** Requests the upstream got for a proxied call (its model list, fetched for routing, aside). */
const forwarded = () => stack.upstream.received.filter((r) => !(r.method === "GET" && r.url.endsWith("/models"))).length;

function checkShape(c: Case, response: RawResponse): void {
  if (c.anthropic) {
    expect(response.json).toMatchObject({ type: "error", error: { type: expect.any(String), message: expect.any(String) } });
    return;
  }
  if (c.code === null) {
    if (response.json !== null && typeof response.json === "object" && "error" in response.json) {
      expect(response.json).toMatchObject({ error: { message: expect.any(String), type: expect.any(String) } });
    }
    return;
  }
  expect(response.headers["content-type"]).toMatch(/^application\/json/);
  const error = (response.json as { error?: Record<string, unknown> } | null)?.error;
  expect(error, response.text.slice(0, 300)).toMatchObject({ code: c.code, type: expect.any(String), message: expect.any(String) });
  expect(error && "param" in error).toBe(true);
  expect(String(error?.message).length).toBeGreaterThan(0);
}

const corpus = [...v1.map(([n, c]) => [`/v1: ${n}`, c] as const), ...api.map(([n, c]) => [`/api: ${n}`, c] as const), ...pages.map(([n, c]) => [`page: ${n}`, c] as const)];

describe(`the corpus (${corpus.length} cases)`, () => {
  test("has at least 80 cases", () => {
    expect(corpus.length).toBeGreaterThanOrEqual(80);
  });

  test.each(corpus)("%s", async (_, c) => {
    const before = forwarded();
    const response = await Promise.race([
      rawRequest(stack.server.url, c.path, { method: c.method ?? "GET", headers: headersFor(c), body: bodyOf(c) }),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error("no answer within 15 s: a hang")), 15_000)),
    ]);
    expect(response.status, response.text.slice(0, 300)).toBe(c.status);
    expect(response.status).toBeLessThan(500);
    checkShape(c, response);
    if (response.status >= 300) expect(forwarded(), "a refused request reached the upstream").toBe(before);
    const location = response.headers.location;
    if (location) expect(new URL(location, stack.server.url).origin).toBe(stack.server.url);
  });

  test("the server logged no unhandled error for any of them", () => {
    expect(stack.server.output()).not.toContain("unhandled error");
  });
});

describe("what the corpus must not break", () => {
  test("a good request with the same key still goes through", async () => {
    const before = forwarded();
    const reply = await stack.client(key.key).chat.completions.create({ model: "gpt-4", messages: [{ role: "user", content: "hi" }] });
    expect(reply.choices[0]?.message.content).toBeTruthy();
    expect(forwarded()).toBe(before + 1);
  });

  test("JSON nested 127 levels deep (the body's object is the first) still goes through", async () => {
    const before = forwarded();
    const response = await rawRequest(stack.server.url, "/v1/chat/completions", {
      method: "POST",
      headers: { authorization: `Bearer ${key.key}`, "content-type": "application/json" },
      body: nested(126),
    });
    expect(response.status, response.text.slice(0, 300)).toBe(200);
    expect(forwarded()).toBe(before + 1);
  });
});
