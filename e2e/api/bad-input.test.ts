// Bad input to the management API: control characters in stored or searched text, ids that cannot
// name a row, dates and cursors out of range. Each is a 400 or 404 in the API's error shape, never a 5xx.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startStack, type ErrorBody, type Stack } from "../support/stack";

let stack: Stack;
let keyId: string;
let providerId: string;

beforeAll(async () => {
  stack = await startStack();
  keyId = (await stack.createKey("bad input target")).id;
  const provider = await stack.admin<{ id: string }>("/api/providers", { method: "POST", body: { name: "Bad input target", baseUrl: stack.upstream.url } });
  expect(provider.status).toBe(201);
  providerId = provider.body.id;
});

afterAll(async () => {
  await stack?.close();
});

const NUL = "\u0000";
const RANGE = "range=custom&from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z";

interface Case {
  method: string;
  path: () => string;
  body?: unknown;
  status: 400 | 404;
  code: "validation_error" | "not_found";
  param?: string;
}

const cases: [string, Case][] = [
  // API keys: stored and searched text.
  ["key name with NUL", { method: "POST", path: () => "/api/keys", body: { name: `a${NUL}b` }, status: 400, code: "validation_error", param: "name" }],
  ["key name that is only NUL", { method: "POST", path: () => "/api/keys", body: { name: NUL }, status: 400, code: "validation_error", param: "name" }],
  ["key name with ESC", { method: "POST", path: () => "/api/keys", body: { name: "a\u001b[31mb" }, status: 400, code: "validation_error", param: "name" }],
  ["key name with a newline", { method: "POST", path: () => "/api/keys", body: { name: "line\nbreak" }, status: 400, code: "validation_error", param: "name" }],
  ["key description with NUL", { method: "POST", path: () => "/api/keys", body: { name: "ok", description: `x${NUL}` }, status: 400, code: "validation_error", param: "description" }],
  ["key description with DEL", { method: "POST", path: () => "/api/keys", body: { name: "ok", description: "x\u007f" }, status: 400, code: "validation_error", param: "description" }],
  ["allowed model with NUL", { method: "POST", path: () => "/api/keys", body: { name: "ok", allowedModels: [`gpt${NUL}`] }, status: 400, code: "validation_error", param: "allowedModels.0" }],
  ["allowed IP with NUL", { method: "POST", path: () => "/api/keys", body: { name: "ok", allowedIps: [`10.0.0.1${NUL}`] }, status: 400, code: "validation_error", param: "allowedIps.0" }],
  ["key search with NUL", { method: "GET", path: () => "/api/keys?search=%00", status: 400, code: "validation_error", param: "search" }],
  ["key search with SOH", { method: "GET", path: () => "/api/keys?search=a%01b", status: 400, code: "validation_error", param: "search" }],
  ["key rename with NUL", { method: "PATCH", path: () => `/api/keys/${keyId}`, body: { name: `n${NUL}` }, status: 400, code: "validation_error", param: "name" }],
  ["key description change with NUL", { method: "PATCH", path: () => `/api/keys/${keyId}`, body: { description: NUL }, status: 400, code: "validation_error", param: "description" }],
  // API keys: ids in the path.
  ["key id with NUL (GET)", { method: "GET", path: () => "/api/keys/abc%00def", status: 404, code: "not_found", param: "id" }],
  ["key id with NUL (PATCH)", { method: "PATCH", path: () => "/api/keys/%00", body: { name: "x" }, status: 404, code: "not_found", param: "id" }],
  ["key id with NUL (DELETE)", { method: "DELETE", path: () => "/api/keys/%00", status: 404, code: "not_found", param: "id" }],
  ["key id of 300 characters", { method: "GET", path: () => `/api/keys/${"a".repeat(300)}`, status: 404, code: "not_found", param: "id" }],
  ["key id with a space", { method: "GET", path: () => "/api/keys/a%20b", status: 404, code: "not_found", param: "id" }],
  ["key id with NUL (reveal)", { method: "GET", path: () => "/api/keys/x%00/reveal", status: 404, code: "not_found", param: "id" }],
  ["key id with NUL (usage)", { method: "GET", path: () => "/api/keys/x%00/usage", status: 404, code: "not_found", param: "id" }],
  ["key id with NUL (limits)", { method: "GET", path: () => "/api/keys/x%00/limits", status: 404, code: "not_found", param: "id" }],
  // Providers.
  ["provider name with NUL", { method: "POST", path: () => "/api/providers", body: { name: `p${NUL}`, baseUrl: "http://127.0.0.1:9/v1" }, status: 400, code: "validation_error", param: "name" }],
  ["provider base URL with NUL", { method: "POST", path: () => "/api/providers", body: { name: "p", baseUrl: `http://127.0.0.1:9/v1${NUL}` }, status: 400, code: "validation_error", param: "baseUrl" }],
  ["provider API key with NUL", { method: "POST", path: () => "/api/providers", body: { name: "p", baseUrl: "http://127.0.0.1:9/v1", apiKey: `sk${NUL}` }, status: 400, code: "validation_error", param: "apiKey" }],
  ["provider model with NUL", { method: "POST", path: () => "/api/providers", body: { name: "p", baseUrl: "http://127.0.0.1:9/v1", allModels: false, models: [`m${NUL}`] }, status: 400, code: "validation_error", param: "models.0" }],
  ["provider alias with NUL", { method: "POST", path: () => "/api/providers", body: { name: "p", baseUrl: "http://127.0.0.1:9/v1", modelAliases: { [`a${NUL}`]: "b" } }, status: 400, code: "validation_error" }],
  ["provider rename with NUL", { method: "PATCH", path: () => `/api/providers/${providerId}`, body: { name: NUL }, status: 400, code: "validation_error", param: "name" }],
  ["provider id with NUL (PATCH)", { method: "PATCH", path: () => "/api/providers/%00", body: { name: "x" }, status: 404, code: "not_found", param: "id" }],
  ["provider id with NUL (DELETE)", { method: "DELETE", path: () => "/api/providers/p%00", status: 404, code: "not_found", param: "id" }],
  ["provider id with NUL (test)", { method: "POST", path: () => "/api/providers/%00/test", status: 404, code: "not_found", param: "id" }],
  ["unsaved provider test with NUL in the URL", { method: "POST", path: () => "/api/providers/test", body: { baseUrl: `http://127.0.0.1:9/${NUL}` }, status: 400, code: "validation_error", param: "baseUrl" }],
  // Prices.
  ["price pattern with NUL", { method: "POST", path: () => "/api/prices", body: { pattern: `gpt${NUL}*`, inputUsdPerMTok: 1, outputUsdPerMTok: 1 }, status: 400, code: "validation_error", param: "pattern" }],
  ["catalog search with NUL", { method: "GET", path: () => "/api/prices/catalog?search=%00", status: 400, code: "validation_error", param: "search" }],
  // Usage: dates far out of range, filters with control characters.
  ["usage from year 1", { method: "GET", path: () => "/api/usage?range=custom&from=0001-01-01T00:00:00Z&to=2026-01-01T00:00:00Z", status: 400, code: "validation_error", param: "from" }],
  ["usage from 1970", { method: "GET", path: () => "/api/usage?range=custom&from=1970-01-01T00:00:00Z&to=1970-01-02T00:00:00Z", status: 400, code: "validation_error", param: "from" }],
  ["usage to year 275760", { method: "GET", path: () => "/api/usage?range=custom&from=2026-01-01T00:00:00Z&to=%2B275760-09-13T00:00:00Z", status: 400, code: "validation_error", param: "to" }],
  ["usage to year 10000", { method: "GET", path: () => "/api/usage?range=custom&from=9999-12-01T00:00:00Z&to=%2B010000-01-01T00:00:00Z", status: 400, code: "validation_error", param: "to" }],
  ["usage from as a huge epoch", { method: "GET", path: () => "/api/usage?range=custom&from=99999999999999999999&to=2026-01-01T00:00:00Z", status: 400, code: "validation_error", param: "from" }],
  ["usage keyId with NUL", { method: "GET", path: () => `/api/usage?${RANGE}&keyId=%00`, status: 400, code: "validation_error", param: "keyId" }],
  ["usage model with NUL", { method: "GET", path: () => `/api/usage?${RANGE}&model=gpt%00`, status: 400, code: "validation_error", param: "model" }],
  ["usage export from year 100", { method: "GET", path: () => "/api/usage/export?range=custom&from=0100-01-01T00:00:00Z&to=0100-02-01T00:00:00Z", status: 400, code: "validation_error", param: "from" }],
  // Request logs: cursors and ids past 64 bits.
  ["log cursor id past 64 bits", { method: "GET", path: () => "/api/usage/logs?cursor=1764633600000.99999999999999999999", status: 400, code: "validation_error", param: "cursor" }],
  ["log cursor id one past bigint", { method: "GET", path: () => "/api/usage/logs?cursor=1764633600000.9223372036854775808", status: 400, code: "validation_error", param: "cursor" }],
  ["log cursor time past year 9999", { method: "GET", path: () => "/api/usage/logs?cursor=99999999999999999.1", status: 400, code: "validation_error", param: "cursor" }],
  ["log cursor that is not one", { method: "GET", path: () => "/api/usage/logs?cursor=abc", status: 400, code: "validation_error", param: "cursor" }],
  ["log endpoint with NUL", { method: "GET", path: () => "/api/usage/logs?endpoint=%00", status: 400, code: "validation_error", param: "endpoint" }],
  ["log from year 10000", { method: "GET", path: () => "/api/usage/logs?range=custom&from=9999-12-31T00:00:00Z&to=%2B010000-01-02T00:00:00Z", status: 400, code: "validation_error", param: "to" }],
  ["log export cursor past 64 bits", { method: "GET", path: () => "/api/usage/logs/export?cursor=1.18446744073709551616", status: 400, code: "validation_error", param: "cursor" }],
  ["log id past 64 bits", { method: "GET", path: () => "/api/usage/logs/99999999999999999999", status: 404, code: "not_found", param: "id" }],
  ["log id one past bigint", { method: "GET", path: () => "/api/usage/logs/9223372036854775808", status: 404, code: "not_found", param: "id" }],
  ["log id with NUL", { method: "GET", path: () => "/api/usage/logs/1%00", status: 404, code: "not_found", param: "id" }],
];

describe("bad input is a 400 or 404, never a 5xx", () => {
  test.each(cases)("%s", async (_, c) => {
    const response = await stack.admin<ErrorBody>(c.path(), { method: c.method, body: c.body });
    expect(response.status, JSON.stringify(response.body)).toBe(c.status);
    expect(response.body.error.code).toBe(c.code);
    if (c.param !== undefined) expect(response.body.error.param).toBe(c.param);
    expect(response.body.error.message.length).toBeGreaterThan(0);
  });

  test("the server logged no unhandled error for any of them", () => {
    expect(stack.server.output()).not.toContain("unhandled error");
  });
});

describe("what the rules still accept", () => {
  test("a description keeps its tabs and newlines; a name keeps non-ASCII text", async () => {
    const created = await stack.admin<{ name: string; description: string }>("/api/keys", { method: "POST", body: { name: "Café ✓ 日本", description: "line one\n\tline two" } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: "Café ✓ 日本", description: "line one\n\tline two" });
  });

  test("the largest bigint log id is a plain 404, a cursor in range pages, dates in range answer", async () => {
    expect((await stack.admin<ErrorBody>("/api/usage/logs/9223372036854775807")).status).toBe(404);
    const page = await stack.admin<{ items: unknown[] }>("/api/usage/logs?cursor=1764633600000.9223372036854775807");
    expect(page.status).toBe(200);
    expect((await stack.admin(`/api/usage?${RANGE}`)).status).toBe(200);
  });
});
