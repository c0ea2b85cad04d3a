// Several instances on one PostgreSQL database (a scaled deployment): a change made through one is
// enforced by the others, and usage from all of them adds up exactly. PGlite is single-process, so
// this file runs in the PostgreSQL pass only.
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
});

afterAll(async () => {
  await stack?.close();
});

test.runIf(postgres)("a key disabled or deleted through one instance is refused by the other", async () => {
  const key = await stack.createKey("shared");
  // Another key exists, so the deleted one is "invalid" rather than "no key created yet".
  await stack.createKey("bystander");
  const onPeer = openaiClient(peer.url, key.key);
  const outcome = () => onPeer.chat.completions.create(hello).then(() => "ok", (error: { code?: string }) => error.code);
  expect(await outcome()).toBe("ok");

  await stack.admin(`/api/keys/${key.id}`, { method: "PATCH", body: { enabled: false } });
  await expect.poll(outcome, { timeout: 10_000, interval: 100 }).toBe("api_key_disabled");
  await stack.admin(`/api/keys/${key.id}`, { method: "PATCH", body: { enabled: true } });
  await expect.poll(outcome, { timeout: 10_000, interval: 100 }).toBe("ok");
  await stack.admin(`/api/keys/${key.id}`, { method: "DELETE" });
  await expect.poll(outcome, { timeout: 10_000, interval: 100 }).toBe("invalid_api_key");
});

test.runIf(postgres)("usage through both instances at once is counted exactly", async () => {
  const key = await stack.createKey("both instances");
  const clients = [stack.client(key.key), openaiClient(peer.url, key.key)];
  await Promise.all(Array.from({ length: 200 }, (_, i) => clients[i % 2]?.chat.completions.create(hello)));
  expect(await stack.waitForUsage(key.id, 200)).toBe(200);
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect((await stack.admin<CreatedKey>(`/api/keys/${key.id}`)).body.usageCount).toBe(200);
});
