// Rotation on two instances sharing one PostgreSQL database: both secrets work on both during the
// grace period, and ending it through one instance makes the other refuse the old secret (within
// the cache invalidation poll). PGlite is single-process, so this file runs in the PostgreSQL pass only.
import type OpenAI from "openai";
import { afterAll, beforeAll, expect, test } from "vitest";
import { testDbKind } from "../support/database";
import type { TestServer } from "../support/server";
import { openaiClient, startStack, type CreatedKey, type Stack } from "../support/stack";

const postgres = testDbKind() === "postgresql";
const hello = { model: "gpt-4", messages: [{ role: "user" as const, content: "hello" }] };

let stack: Stack;
let peer: TestServer;

beforeAll(async () => {
  if (!postgres) return;
  stack = await startStack();
  peer = await stack.startPeer();
  await stack.createKey("bystander");
});

afterAll(async () => {
  await stack?.close();
});

let succeeded = 0;
const outcome = (client: OpenAI) =>
  client.chat.completions.create(hello).then(
    () => {
      succeeded++;
      return "ok";
    },
    (error: { code?: string }) => error.code ?? String(error),
  );

test.runIf(postgres)("both secrets work on both instances during the grace period; end-grace on one is enforced by the other", async () => {
  const old = await stack.createKey("shared");
  succeeded = 0;
  const onA = stack.client(old.key);
  const oldOnB = openaiClient(peer.url, old.key);
  // Both instances cache the old secret before the rotation.
  expect([await outcome(onA), await outcome(oldOnB), await outcome(oldOnB)]).toEqual(["ok", "ok", "ok"]);

  const rotated = await stack.admin<CreatedKey>(`/api/keys/${old.id}/rotate`, { method: "POST", body: { gracePeriodSeconds: 3600 } });
  expect(rotated.status).toBe(200);
  const newOnA = stack.client(rotated.body.key);
  const newOnB = openaiClient(peer.url, rotated.body.key);
  // B learns of the new secret through the database (its cache holds no entry for it, so no wait).
  expect([await outcome(newOnA), await outcome(newOnB)]).toEqual(["ok", "ok"]);
  // The old secret keeps working on both through the whole grace period.
  for (let i = 0; i < 3; i++) expect([await outcome(onA), await outcome(oldOnB)]).toEqual(["ok", "ok"]);

  const ended = await stack.admin(`/api/keys/${old.id}/end-grace`, { method: "POST" });
  expect(ended.status).toBe(200);
  expect(await outcome(onA)).toBe("invalid_api_key");
  await expect.poll(() => outcome(oldOnB), { timeout: 10_000, interval: 100 }).toBe("invalid_api_key");
  expect([await outcome(newOnA), await outcome(newOnB)]).toEqual(["ok", "ok"]);

  // Every answered request of both secrets on both instances landed on the one key (B may answer
  // the old secret a few more times before it sees the end of the grace period: counted too).
  expect(succeeded).toBeGreaterThanOrEqual(13);
  expect(await stack.waitForUsage(old.id, succeeded)).toBe(succeeded);
});

test.runIf(postgres)("a short grace period ends on both instances by itself, cached or not", async () => {
  const old = await stack.createKey("short");
  const onA = stack.client(old.key);
  const onB = openaiClient(peer.url, old.key);
  const rotated = await stack.admin<{ previousSecret: { expiresAt: string } | null }>(`/api/keys/${old.id}/rotate`, {
    method: "POST",
    body: { gracePeriodSeconds: 3 },
  });
  const expiresAt = Date.parse(rotated.body.previousSecret?.expiresAt ?? "");
  await outcome(onA);
  await outcome(onB);
  await expect.poll(() => outcome(onA), { timeout: 15_000, interval: 200 }).toBe("invalid_api_key");
  await expect.poll(() => outcome(onB), { timeout: 15_000, interval: 200 }).toBe("invalid_api_key");
  expect(Date.now()).toBeGreaterThanOrEqual(expiresAt);
});
