// Property-based fuzzing (fast-check) of the management API's bodies and query strings on the real
// server: whatever arrives, the answer is below 500, and from 400 on it is in the API's error
// shape. Generated values mix the fields each endpoint knows with arbitrary JSON, control
// characters, huge and fractional numbers and broken JSON text. Runs are bounded (seeded by
// fast-check; a failure prints its seed and the shrunk input).
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { rawRequest, type RawResponse } from "../support/raw-http";
import { startStack, type CreatedKey, type Stack } from "../support/stack";

let stack: Stack;
let key: CreatedKey;
let providerId: string;
let priceId: string;

beforeAll(async () => {
  stack = await startStack();
  key = await stack.createKey("fuzz target");
  const provider = await stack.admin<{ id: string }>("/api/providers", { method: "POST", body: { name: "Fuzz target", baseUrl: "http://127.0.0.1:9/v1" } });
  providerId = provider.body.id;
  const price = await stack.admin<{ id: string }>("/api/prices", { method: "POST", body: { pattern: "fuzz-*", inputUsdPerMTok: 1, outputUsdPerMTok: 2 } });
  priceId = price.body.id;
});

afterAll(async () => {
  await stack?.close();
});

const RUNS = Number(process.env.FUZZ_RUNS ?? 120);

/** Strings a form or a script might send, and the ones they should not. */
const short = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.constantFrom("", " ", "\u0000", "a\u0000b", "\u202e", "😀", "../../etc/passwd", "<script>alert(1)</script>", "' OR 1=1 --", "%00", "null", "NaN", "1e309", "-0", "0x10"),
);
const nasty = fc.oneof({ weight: 4, arbitrary: short }, { weight: 1, arbitrary: fc.string({ maxLength: 5 }).map((s) => s.repeat(500)) });

const numbers = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -1, 1.5, 2 ** 53, -(2 ** 63), 1e308, Number.MAX_SAFE_INTEGER + 2),
  fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }).map((n) => ({ raw: n.toString() })),
);

const value: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: nasty },
  { weight: 2, arbitrary: numbers },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.array(nasty, { maxLength: 5 }) },
  { weight: 1, arbitrary: fc.dictionary(nasty, nasty, { maxKeys: 4 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.date({ noInvalidDate: false }).map((d) => (Number.isNaN(d.getTime()) ? "Invalid Date" : d.toISOString())) },
);

/** A body for an endpoint with these fields: mostly objects of its fields, sometimes anything. */
function bodies(fields: string[]): fc.Arbitrary<string> {
  const known = fc.dictionary(fc.constantFrom(...fields), value, { maxKeys: fields.length });
  const json = fc.oneof({ weight: 6, arbitrary: known }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }) }, { weight: 1, arbitrary: fc.dictionary(nasty, value, { maxKeys: 3 }) });
  // {raw: "123…"} stands for a number past what JSON.stringify can write.
  const text = json.map((v) => JSON.stringify(v).replace(/\{"raw":"(-?\d+)"\}/g, "$1"));
  return fc.oneof({ weight: 8, arbitrary: text }, { weight: 1, arbitrary: fc.string({ maxLength: 60 }) }, { weight: 1, arbitrary: text.map((t) => t.slice(0, Math.max(0, t.length - 1))) });
}

function queries(params: string[]): fc.Arbitrary<string> {
  // Short values: a URL past Node's 16 KB header limit is refused by its HTTP parser before any route.
  const plausible = fc.oneof(short, fc.integer().map(String), fc.constantFrom("1h", "24h", "7d", "30d", "custom", "key", "model", "2xx", "4xx", "5xx", "true", "false", "2026-11-01T00:00:00Z", "+275760-09-13T00:00:00Z", "9223372036854775808"));
  return fc.dictionary(fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...params) }, { weight: 1, arbitrary: short }), fc.oneof(plausible, fc.array(plausible, { minLength: 2, maxLength: 3 })), { maxKeys: params.length }).map((dict) => {
    const search = new URLSearchParams();
    for (const [name, v] of Object.entries(dict)) for (const item of Array.isArray(v) ? v : [v]) search.append(name, item);
    return search.toString();
  });
}

function expectWellFormed(response: RawResponse, input: string): void {
  const what = input.length > 300 ? `${input.slice(0, 300)}… (${input.length} characters)` : input;
  expect(response.status, `${what} → ${response.status} ${response.text.slice(0, 300)}`).toBeLessThan(500);
  if (response.status < 400) return;
  const error = (response.json as { error?: Record<string, unknown> } | null)?.error;
  expect(error, `${what} → ${response.status} ${response.text.slice(0, 300)}`).toMatchObject({ message: expect.any(String), type: expect.any(String), code: expect.any(String) });
}

const admin = () => ({ authorization: `Bearer ${stack.adminToken}`, "content-type": "application/json" });

const KEY_FIELDS = ["name", "description", "enabled", "expiresAt", "rpmLimit", "tpmLimit", "maxConcurrent", "budgetPeriod", "tokenBudget", "costBudgetUsd", "allowedModels", "allowedIps"];
const PROVIDER_FIELDS = ["name", "kind", "baseUrl", "apiKey", "enabled", "allModels", "models", "modelAliases", "priority", "weight"];

const bodyTargets: [string, string, () => string, string[]][] = [
  ["POST", "/api/keys", () => "/api/keys", KEY_FIELDS],
  ["PATCH", "/api/keys/{id}", () => `/api/keys/${key.id}`, KEY_FIELDS],
  ["POST", "/api/providers", () => "/api/providers", PROVIDER_FIELDS],
  ["PATCH", "/api/providers/{id}", () => `/api/providers/${providerId}`, PROVIDER_FIELDS],
  ["PATCH", "/api/settings", () => "/api/settings", ["authEnabled", "logRetentionDays", "rollupRetentionDays", "auditRetentionDays", "rotationReminderDays"]],
  ["POST", "/api/prices", () => "/api/prices", ["pattern", "inputUsdPerMTok", "outputUsdPerMTok"]],
  ["PATCH", "/api/prices/{id}", () => `/api/prices/${priceId}`, ["pattern", "inputUsdPerMTok", "outputUsdPerMTok"]],
];

describe("bodies", () => {
  test.each(bodyTargets)("%s %s", async (method, name, path, fields) => {
    await fc.assert(
      fc.asyncProperty(bodies(fields), async (body) => {
        const response = await rawRequest(stack.server.url, path(), { method, headers: admin(), body });
        expectWellFormed(response, `${method} ${name} ${body.slice(0, 200)}`);
        // Authentication stays on whatever the fuzzer sent, so later properties see the same server.
        if (name === "/api/settings" && response.status === 200) {
          await rawRequest(stack.server.url, "/api/settings", { method: "PATCH", headers: admin(), body: '{"authEnabled":true}' });
        }
      }),
      { numRuns: RUNS },
    );
  }, 120_000);
});

const USAGE = ["range", "from", "to", "keyId", "model", "tag"];
const AUDIT = ["actor", "action", "target", "from", "to", "cursor", "limit"];
const queryTargets: [string, () => string, string[], Record<string, string> | null][] = [
  ["/api/keys", () => "/api/keys", ["page", "pageSize", "search", "status"], null],
  ["/api/usage", () => "/api/usage", [...USAGE, "groupBy"], null],
  ["/api/usage/logs", () => "/api/usage/logs", [...USAGE, "status", "endpoint", "stream", "cursor", "limit"], null],
  ["/api/usage/export", () => "/api/usage/export", USAGE, null],
  ["/api/usage/logs/export", () => "/api/usage/logs/export", [...USAGE, "status", "endpoint", "stream", "cursor"], null],
  ["/api/audit", () => "/api/audit", AUDIT, null],
  ["/api/audit/export", () => "/api/audit/export", AUDIT, null],
  ["/api/keys/{id}/reveal", () => `/api/keys/${key.id}/reveal`, ["purpose"], null],
  ["/api/prices/catalog", () => "/api/prices/catalog", ["search", "page", "pageSize"], null],
  ["/api/prices/resolve", () => "/api/prices/resolve", ["model"], null],
  ["/api/keys/{id}/usage", () => `/api/keys/${key.id}/usage`, ["days"], null],
  ["/v1/usage", () => "/v1/usage", ["days"], {}],
];

describe("query strings", () => {
  test.each(queryTargets)("GET %s", async (name, path, params, useKey) => {
    await fc.assert(
      fc.asyncProperty(queries(params), async (query) => {
        const headers = useKey ? { authorization: `Bearer ${key.key}` } : { authorization: `Bearer ${stack.adminToken}` };
        const response = await rawRequest(stack.server.url, `${path()}?${query}`, { headers });
        expectWellFormed(response, `GET ${name}?${query}`);
      }),
      { numRuns: RUNS },
    );
  }, 120_000);

  test("the server logged no unhandled error", () => {
    expect(stack.server.output()).not.toContain("unhandled error");
  });
});
