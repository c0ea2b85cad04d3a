// The recorder against a real embedded database: batches land with their rollups and key counters,
// and one event the database refuses does not hold back the others.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import { createApiKey, getApiKeyOrThrow } from "@/lib/api-keys";
import { closeDb, getDb, rawQuery } from "@/lib/db";
import { resetEnvForTests } from "@/lib/env";
import { flushUsage, pendingUsageCount, recordUsage, type UsageEvent } from "@/lib/usage/recorder";

const dataDir = mkdtempSync(path.join(tmpdir(), "keygate-recorder-"));

function event(apiKeyId: string, patch: Partial<UsageEvent> = {}): UsageEvent {
  return {
    createdAt: new Date(),
    apiKeyId,
    endpoint: "chat/completions",
    model: "gpt-4",
    providerId: null,
    providerName: "mock",
    status: 200,
    errorCode: null,
    stream: false,
    latencyMs: 12,
    ttfbMs: null,
    promptTokens: 3,
    completionTokens: 4,
    totalTokens: 7,
    costUsd: null,
    attempts: 1,
    ...patch,
  };
}

// Creating and migrating an embedded database takes seconds, more on a busy machine.
beforeAll(async () => {
  vi.stubEnv("DATA_DIR", dataDir);
  vi.stubEnv("DATABASE_URL", "");
  vi.stubEnv("APP_SECRET", "recorder-test-secret-0123456789abcdefghij");
  resetEnvForTests();
  await getDb();
}, 120_000);

afterAll(async () => {
  await closeDb();
  vi.unstubAllEnvs();
  resetEnvForTests();
  rmSync(dataDir, { recursive: true, force: true });
});

test("a batch writes logs, hourly and daily rollups in every scope, and exact key counters", { timeout: 30_000 }, async () => {
  const key = await createApiKey({ name: "recorder" });
  for (let i = 0; i < 5; i++) recordUsage(event(key.id));
  recordUsage(event(key.id, { status: 500, errorCode: "upstream_500", promptTokens: null, completionTokens: null, totalTokens: null }));
  await flushUsage();
  expect(pendingUsageCount()).toBe(0);
  expect((await getApiKeyOrThrow(key.id)).usageCount).toBe(6);
  const db = await getDb();
  const rollups = await db.$queryRaw<{ granularity: string; scope: string; requests: number; errors: number; totalTokens: bigint }[]>`
    SELECT "granularity", "scope", "requests", "errors", "totalTokens" FROM "UsageRollup" ORDER BY 1, 2`;
  expect(rollups).toHaveLength(8);
  for (const r of rollups) expect([r.requests, r.errors, Number(r.totalTokens)]).toEqual([6, 1, 35]);
});

test("an event the database refuses is dropped alone; the rest of its batch is written", { timeout: 30_000 }, async () => {
  const key = await createApiKey({ name: "poison" });
  const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
  for (let i = 0; i < 4; i++) recordUsage(event(key.id));
  recordUsage(event(key.id, { latencyMs: 2 ** 40 })); // does not fit the INTEGER column
  for (let i = 0; i < 3; i++) recordUsage(event(key.id));
  await flushUsage();
  expect((await getApiKeyOrThrow(key.id)).usageCount).toBe(7);
  expect(pendingUsageCount()).toBe(0);
  expect(errors).toHaveBeenCalledWith(expect.stringMatching(/dropped 1 usage event/));
  errors.mockRestore();
});

test("a batch adds each key's tokens and exact cost to its spend in every budget period, and cost to the rollups", { timeout: 30_000 }, async () => {
  const key = await createApiKey({ name: "spender" });
  const at = new Date(Date.UTC(2026, 11, 6, 23, 30)); // a Sunday
  for (let i = 0; i < 3; i++) recordUsage(event(key.id, { createdAt: at, costUsd: 0.000001234, costNanoUsd: 1234 }));
  recordUsage(event(key.id, { createdAt: at, status: 429, errorCode: "insufficient_quota", promptTokens: null, completionTokens: null, totalTokens: null }));
  await flushUsage();
  const db = await getDb();
  const spends = await db.$queryRaw<{ period: string; periodStart: Date; tokens: bigint; costNanoUsd: bigint }[]>`
    SELECT "period", "periodStart", "tokens", "costNanoUsd" FROM "KeySpend" WHERE "apiKeyId" = ${key.id} ORDER BY "period"`;
  expect(spends.map((s) => [s.period, s.periodStart.toISOString(), Number(s.tokens), Number(s.costNanoUsd)])).toEqual([
    ["day", "2026-12-06T00:00:00.000Z", 21, 3702],
    ["month", "2026-12-01T00:00:00.000Z", 21, 3702],
    ["total", "1970-01-01T00:00:00.000Z", 21, 3702],
    ["week", "2026-11-30T00:00:00.000Z", 21, 3702],
  ]);
  const [total] = await db.$queryRaw<{ costUsd: number }[]>`
    SELECT "costUsd" FROM "UsageRollup" WHERE "granularity" = 'd' AND "scope" = 'k' AND "apiKeyId" = ${key.id}`;
  expect(total?.costUsd).toBeCloseTo(0.000003702, 12);
});

test("a backlog (as a long outage leaves) is written whole by one flush, in batches", { timeout: 60_000 }, async () => {
  const key = await createApiKey({ name: "backlog" });
  const db = await getDb();
  const before = await db.requestLog.count();
  for (let i = 0; i < 12_345; i++) recordUsage(event(key.id));
  expect(pendingUsageCount()).toBe(12_345);
  await flushUsage();
  expect(pendingUsageCount()).toBe(0);
  expect(await db.requestLog.count()).toBe(before + 12_345);
  expect((await getApiKeyOrThrow(key.id)).usageCount).toBe(12_345);
});

// The embedded database takes the log rows by COPY: whatever a client or an upstream puts in a text
// column (tabs, newlines, backslashes, "\\N", any Unicode) comes back exactly as it went in.
test("text columns come back exactly as recorded, whatever they hold", { timeout: 60_000 }, async () => {
  const key = await createApiKey({ name: "texts" });
  const special = fc.constantFrom("\t", "\n", "\r", "\\", "\\N", "\\.", "\\t", "\u0000", "é", "😀", "'", '"', ",", "{", "}");
  const text = fc.array(fc.oneof(special, fc.string({ unit: "grapheme", maxLength: 8 })), { maxLength: 12 }).map((parts) => parts.join(""));
  await fc.assert(
    fc.asyncProperty(fc.array(fc.record({ model: text, errorMessage: fc.option(text), providerName: text }), { minLength: 1, maxLength: 20 }), async (fields) => {
      const tag = `texts-${Math.random().toString(36).slice(2)}`;
      for (const f of fields) recordUsage(event(key.id, { ...f, endpoint: tag }));
      await flushUsage();
      const rows = await rawQuery<{ model: string; errorMessage: string | null; providerName: string }>(
        `SELECT "model", "errorMessage", "providerName" FROM "RequestLog" WHERE "endpoint" = $1 ORDER BY "id"`,
        [tag],
      );
      // NUL cannot be stored in PostgreSQL text: it is replaced, as for every database.
      const stored = (value: string | null) => (value === null ? null : value.replace(/\u0000/g, "\uFFFD"));
      expect(rows).toEqual(fields.map((f) => ({ model: stored(f.model), errorMessage: stored(f.errorMessage), providerName: stored(f.providerName) })));
    }),
    { numRuns: 40 },
  );
});
