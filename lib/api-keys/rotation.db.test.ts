// Rotation against a real embedded database: which secret verifies, for how long (the clock moved
// past the grace period while the entry is cached), and which secret the request log records.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, expect, test, vi } from "vitest";
import { createApiKey, endGrace, getApiKeyOrThrow, rotateApiKey, verifyApiKey } from "@/lib/api-keys";
import { closeDb, getDb } from "@/lib/db";
import { resetEnvForTests } from "@/lib/env";
import { flushUsage, recordUsage } from "@/lib/usage/recorder";

const dataDir = mkdtempSync(path.join(tmpdir(), "keygate-rotation-"));

beforeAll(async () => {
  vi.stubEnv("DATA_DIR", dataDir);
  vi.stubEnv("DATABASE_URL", "");
  vi.stubEnv("APP_SECRET", "rotation-test-secret-0123456789abcdefghij");
  resetEnvForTests();
  await getDb();
}, 120_000);

afterEach(() => {
  vi.useRealTimers();
});

afterAll(async () => {
  await closeDb();
  vi.unstubAllEnvs();
  resetEnvForTests();
  rmSync(dataDir, { recursive: true, force: true });
});

const verdict = async (key: string) => {
  const result = await verifyApiKey(key);
  return result.ok ? result.secret : result.code;
};

test("the previous secret verifies as \"previous\" until its grace period ends, even from the cache", async () => {
  const created = await createApiKey({ name: "rotating", rpmLimit: 10 });
  expect(await verdict(created.key)).toBe("current");
  const rotated = await rotateApiKey(created.id, { gracePeriodSeconds: 60 });
  expect(rotated).toMatchObject({ id: created.id, name: "rotating", rpmLimit: 10, previousSecret: { display: created.display } });
  expect(await verdict(created.key)).toBe("previous");
  expect(await verdict(rotated.key)).toBe("current");

  // No change to any key, only time: the cached entry must still be refused.
  const expiresAt = rotated.previousSecret?.expiresAt.getTime() ?? 0;
  vi.useFakeTimers({ toFake: ["Date"], now: expiresAt - 1 });
  expect(await verdict(created.key)).toBe("previous");
  vi.setSystemTime(expiresAt);
  expect(await verdict(created.key)).toBe("invalid_api_key");
  expect(await verdict(rotated.key)).toBe("current");
  expect((await getApiKeyOrThrow(created.id)).previousSecret).toBeNull();
});

test("end-grace and a rotation with grace 0 drop the previous secret; a second rotation replaces it", async () => {
  const first = await createApiKey({ name: "twice" });
  const second = await rotateApiKey(first.id, { gracePeriodSeconds: 600 });
  const third = await rotateApiKey(first.id, { gracePeriodSeconds: 600 });
  expect(await verdict(first.key)).toBe("invalid_api_key");
  expect(await verdict(second.key)).toBe("previous");
  expect((await endGrace(first.id)).previousSecret).toBeNull();
  expect(await verdict(second.key)).toBe("invalid_api_key");
  const fourth = await rotateApiKey(first.id, { gracePeriodSeconds: 0 });
  expect(fourth.previousSecret).toBeNull();
  expect(await verdict(third.key)).toBe("invalid_api_key");
  expect(await verdict(fourth.key)).toBe("current");
});

test("unknown ids are not found, bad grace periods are refused", async () => {
  await expect(rotateApiKey("no-such-key", { gracePeriodSeconds: 0 })).rejects.toMatchObject({ code: "not_found" });
  await expect(endGrace("no-such-key")).rejects.toMatchObject({ code: "not_found" });
  const key = await createApiKey({ name: "bad input" });
  await expect(rotateApiKey(key.id, { gracePeriodSeconds: -5 })).rejects.toThrow(/cannot be negative/);
  expect(await verdict(key.key)).toBe("current");
});

test("request logs record which secret was used; both count on the one key", async () => {
  const key = await createApiKey({ name: "logged" });
  const base = { createdAt: new Date(), apiKeyId: key.id, endpoint: "chat/completions", model: "gpt-4", providerId: null, providerName: null, status: 200, errorCode: null, stream: false, latencyMs: 1, ttfbMs: null, promptTokens: null, completionTokens: null, totalTokens: null, costUsd: null, attempts: 1 };
  recordUsage({ ...base, secret: "current" });
  recordUsage({ ...base, secret: "previous" });
  recordUsage(base);
  await flushUsage();
  const db = await getDb();
  const rows = await db.$queryRaw<{ secret: string | null }[]>`SELECT "secret" FROM "RequestLog" WHERE "apiKeyId" = ${key.id} ORDER BY "id"`;
  expect(rows.map((r) => r.secret)).toEqual(["current", "previous", null]);
  expect((await getApiKeyOrThrow(key.id)).usageCount).toBe(3);
});
