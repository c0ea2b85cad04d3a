// Key rotation with a grace period (POST /api/keys/{id}/rotate, /end-grace): a new secret for the
// same key; the old one works until the grace period ends and is refused right after, cached or not.
import type OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startStack, type CreatedKey, type ErrorBody, type Stack } from "../support/stack";

interface RotatedKey extends CreatedKey {
  rpmLimit: number | null;
  previousSecret: { display: string; expiresAt: string } | null;
  rotatedAt: string | null;
}

const hello = { model: "gpt-4", messages: [{ role: "user" as const, content: "hello" }] };
let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
  // Another key exists throughout, so a refused secret is "invalid" rather than "no key created yet".
  await stack.createKey("bystander");
});

afterAll(async () => {
  await stack?.close();
});

/** "ok", or the error code the proxy answered with. */
const outcome = (client: OpenAI) => client.chat.completions.create(hello).then(() => "ok", (error: { code?: string }) => error.code ?? String(error));

/** Sends `times` requests with `key` and returns their outcomes (the first fills the key cache). */
async function use(key: string, times = 1): Promise<string[]> {
  const client = stack.client(key);
  const results: string[] = [];
  for (let i = 0; i < times; i++) results.push(await outcome(client));
  return results;
}

async function rotate(id: string, gracePeriodSeconds: number): Promise<RotatedKey> {
  const response = await stack.admin<RotatedKey>(`/api/keys/${id}/rotate`, { method: "POST", body: { gracePeriodSeconds } });
  expect(response.status).toBe(200);
  return response.body;
}

const getKey = async (id: string) => (await stack.admin<RotatedKey>(`/api/keys/${id}`)).body;

test("during the grace period both secrets work, count against one key, and the log says which was used", async () => {
  const created = await stack.admin<RotatedKey>("/api/keys", { method: "POST", body: { name: "production", rpmLimit: 1000 } });
  const old = created.body;
  expect(await use(old.key, 2)).toEqual(["ok", "ok"]);
  expect(await stack.waitForUsage(old.id, 2)).toBe(2);

  const before = Date.now();
  const rotated = await rotate(old.id, 3600);
  expect(rotated).toMatchObject({ id: old.id, name: "production", rpmLimit: 1000, usageCount: 2 });
  expect(rotated.key).toMatch(/^sk-/);
  expect(rotated.key).not.toBe(old.key);
  expect(rotated.display).not.toBe(old.display);
  expect(rotated.previousSecret?.display).toBe(old.display);
  const expiresAt = Date.parse(rotated.previousSecret?.expiresAt ?? "");
  expect(expiresAt).toBeGreaterThanOrEqual(before + 3600_000 - 1000);
  expect(expiresAt).toBeLessThanOrEqual(Date.now() + 3600_000 + 1000);

  expect(await use(old.key, 3)).toEqual(["ok", "ok", "ok"]);
  expect(await use(rotated.key, 2)).toEqual(["ok", "ok"]);
  expect(await stack.waitForUsage(old.id, 7)).toBe(7);

  const logs = await stack.logsOf(old.id, 7);
  const secrets = logs.map((l) => (l as { secret?: string | null }).secret);
  // Newest first: 2 with the new secret, 3 with the old one during the grace period, 2 before the rotation.
  expect(secrets).toEqual(["current", "current", "previous", "previous", "previous", "current", "current"]);
  // The log's CSV export says the same, in its `secret` column.
  const csv = await fetch(`${stack.server.url}/api/usage/logs/export?range=1h&keyId=${old.id}`, { headers: { authorization: `Bearer ${stack.adminToken}` } });
  const [header, ...lines] = (await csv.text()).trim().split("\r\n");
  const column = (header ?? "").split(",").indexOf("secret");
  expect(column).toBe(4);
  expect(lines.map((line) => line.split(",")[column])).toEqual(secrets);

  // The new secret is shown once: reading the key again gives its masked form only.
  const read = await getKey(old.id);
  expect(JSON.stringify(read)).not.toContain(rotated.key);
  expect(read).toMatchObject({ display: rotated.display, previousSecret: { display: old.display } });
  expect(read.rotatedAt).not.toBeNull();
  const listed = await stack.admin<{ items: RotatedKey[] }>("/api/keys?search=production");
  expect(listed.body.items[0]?.previousSecret?.display).toBe(old.display);
  // Reveal gives the current secret.
  expect((await stack.admin<{ key: string }>(`/api/keys/${old.id}/reveal`)).body.key).toBe(rotated.key);
});

test("end-grace refuses the old secret at once, also after it was cached", async () => {
  const old = await stack.createKey("end grace");
  const rotated = await rotate(old.id, 86_400);
  expect(await use(old.key, 4)).toEqual(["ok", "ok", "ok", "ok"]);

  const ended = await stack.admin<RotatedKey>(`/api/keys/${old.id}/end-grace`, { method: "POST" });
  expect(ended.status).toBe(200);
  expect(ended.body).toMatchObject({ id: old.id, display: rotated.display, previousSecret: null });
  expect(JSON.stringify(ended.body)).not.toContain(rotated.key);

  expect(await use(old.key, 2)).toEqual(["invalid_api_key", "invalid_api_key"]);
  expect(await use(rotated.key)).toEqual(["ok"]);
  expect((await getKey(old.id)).previousSecret).toBeNull();
  // Ending a grace period that is over already changes nothing and is no error.
  expect((await stack.admin(`/api/keys/${old.id}/end-grace`, { method: "POST" })).status).toBe(200);
});

test("a rotation with grace 0 refuses the old secret at once", async () => {
  const old = await stack.createKey("grace zero");
  expect(await use(old.key, 3)).toEqual(["ok", "ok", "ok"]);
  const rotated = await rotate(old.id, 0);
  expect(rotated.previousSecret).toBeNull();
  expect(await use(old.key)).toEqual(["invalid_api_key"]);
  expect(await use(rotated.key)).toEqual(["ok"]);
});

test("a short grace period ends by itself: the cached old secret is refused without any further change", async () => {
  const old = await stack.createKey("short grace");
  const rotated = await rotate(old.id, 3);
  const expiresAt = Date.parse(rotated.previousSecret?.expiresAt ?? "");
  const client = stack.client(old.key);
  // Used (and so cached) while the grace period runs.
  const first = await outcome(client);
  if (Date.now() < expiresAt - 500) expect(first).toBe("ok");
  await expect.poll(() => outcome(client), { timeout: 15_000, interval: 200 }).toBe("invalid_api_key");
  expect(Date.now()).toBeGreaterThanOrEqual(expiresAt);
  expect(await use(rotated.key)).toEqual(["ok"]);
  expect((await getKey(old.id)).previousSecret).toBeNull();
});

test("a second rotation during a grace period replaces the previous secret", async () => {
  const first = await stack.createKey("twice");
  const second = await rotate(first.id, 3600);
  expect(await use(first.key)).toEqual(["ok"]);
  const third = await rotate(first.id, 3600);
  expect(third.previousSecret?.display).toBe(second.display);
  expect(await use(first.key)).toEqual(["invalid_api_key"]);
  expect(await use(second.key, 2)).toEqual(["ok", "ok"]);
  expect(await use(third.key)).toEqual(["ok"]);
  expect(await stack.waitForUsage(first.id, 4)).toBe(4);
});

describe("bad requests", () => {
  test.each([
    ["no body field", {}, "Grace period must be a number of seconds (0 ends the old secret at once)"],
    ["a string", { gracePeriodSeconds: "3600" }, "Grace period must be a number of seconds (0 ends the old secret at once)"],
    ["a fraction", { gracePeriodSeconds: 1.5 }, "Grace period must be a whole number of seconds"],
    ["a negative number", { gracePeriodSeconds: -1 }, "Grace period cannot be negative (0 ends the old secret at once)"],
    ["more than 30 days", { gracePeriodSeconds: 2_592_001 }, "Grace period must be at most 2,592,000 seconds (30 days)"],
  ])("rotate with %s is 400 naming gracePeriodSeconds", async (_, body, message) => {
    const key = await stack.createKey("bad body");
    const response = await stack.admin<ErrorBody>(`/api/keys/${key.id}/rotate`, { method: "POST", body });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ type: "invalid_request_error", code: "validation_error", param: "gracePeriodSeconds" });
    expect(response.body.error.fields?.gracePeriodSeconds).toBe(message);
    // Nothing changed: the key's secret still works.
    expect(await use(key.key)).toEqual(["ok"]);
  });

  test("an unknown field or a body that is not JSON is 400", async () => {
    const key = await stack.createKey("bad json");
    const unknown = await stack.admin<ErrorBody>(`/api/keys/${key.id}/rotate`, { method: "POST", body: { gracePeriodSeconds: 0, grace: 1 } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe("validation_error");
    const notJson = await stack.admin<ErrorBody>(`/api/keys/${key.id}/rotate`, { method: "POST", body: "{gracePeriodSeconds: 0" });
    expect(notJson.status).toBe(400);
    expect(notJson.body.error.type).toBe("invalid_request_error");
    expect(await use(key.key)).toEqual(["ok"]);
  });

  test("an unknown key id is 404", async () => {
    for (const path of ["/api/keys/no-such-key/rotate", "/api/keys/no-such-key/end-grace"]) {
      const response = await stack.admin<ErrorBody>(path, { method: "POST", body: { gracePeriodSeconds: 60 } });
      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe("not_found");
    }
  });

  test("without the admin token or a session both are 401 and change nothing", async () => {
    const key = await stack.createKey("unauthorized");
    for (const token of [null, "wrong-token-of-a-plausible-length"]) {
      for (const path of [`/api/keys/${key.id}/rotate`, `/api/keys/${key.id}/end-grace`]) {
        const response = await stack.admin<ErrorBody>(path, { method: "POST", body: { gracePeriodSeconds: 0 }, token });
        expect(response.status).toBe(401);
        expect(response.body.error.code).toBe("unauthorized");
      }
    }
    expect(await use(key.key)).toEqual(["ok"]);
    expect((await getKey(key.id)).rotatedAt).toBeNull();
  });

  test("other methods are 405", async () => {
    const key = await stack.createKey("methods");
    expect((await stack.admin(`/api/keys/${key.id}/rotate`)).status).toBe(405);
    expect((await stack.admin(`/api/keys/${key.id}/end-grace`)).status).toBe(405);
  });
});

test("the rotation reminder age is a setting of 1 to 3650 days, 90 by default", async () => {
  expect((await stack.admin<{ rotationReminderDays: number }>("/api/settings")).body.rotationReminderDays).toBe(90);
  for (const [value, message] of [
    [0, "At least 1 day"],
    [3651, "At most 3650 days"],
    [1.5, "Use a whole number of days"],
    ["30", "Enter a number of days"],
  ] as const) {
    const response = await stack.admin<ErrorBody>("/api/settings", { method: "PATCH", body: { rotationReminderDays: value } });
    expect(response.status).toBe(400);
    expect(response.body.error.fields?.rotationReminderDays).toBe(message);
  }
  const saved = await stack.admin<{ rotationReminderDays: number }>("/api/settings", { method: "PATCH", body: { rotationReminderDays: 30 } });
  expect(saved.body.rotationReminderDays).toBe(30);
  expect((await stack.admin<{ rotationReminderDays: number }>("/api/settings")).body.rotationReminderDays).toBe(30);
  await stack.admin("/api/settings", { method: "PATCH", body: { rotationReminderDays: 90 } });
});
