// Who gets through the proxy, and what of the client's secrets ever leaves it.
import OpenAI, { APIError, AuthenticationError } from "openai";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { STREAM_WORDS } from "../support/mock-upstream";
import { KEY_METHODS, startStack, type CreatedKey, type ErrorBody, type Stack } from "../support/stack";

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
});

afterAll(async () => {
  await stack?.close();
});

const hello = { model: "gpt-4", messages: [{ role: "user" as const, content: "hello" }] };
const UNKNOWN_KEY = "sk-" + "A1b2C3d4".repeat(4);

/** The status and error code the SDK reports for a chat request, or "ok". */
async function outcome(openai: OpenAI): Promise<string> {
  try {
    const completion = await openai.chat.completions.create(hello);
    return completion.choices[0]?.message.content === STREAM_WORDS.join("") ? "ok" : "wrong answer";
  } catch (error) {
    if (error instanceof APIError) return `${error.status} ${error.code}`;
    throw error;
  }
}

async function rawChat(headers: Record<string, string>, query = "") {
  const response = await fetch(`${stack.server.url}/v1/chat/completions${query}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(hello),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as ErrorBody & { choices?: unknown[] } };
}

describe("before any key exists (authentication on)", () => {
  test("every request is refused with no_api_keys, saying no key exists yet", async () => {
    const error = await stack
      .client(null)
      .chat.completions.create(hello)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as APIError).code).toBe("no_api_keys");
    expect((error as APIError).message).toMatch(/no API key exists: none has been created yet/);
    // A made-up key gets the same explanation rather than "invalid key".
    expect(await outcome(stack.client(UNKNOWN_KEY))).toBe("401 no_api_keys");
    expect(stack.upstream.received).toHaveLength(0);
  });
});

describe("with keys", () => {
  let key: CreatedKey;
  let other: CreatedKey;

  beforeAll(async () => {
    key = await stack.createKey("security");
    other = await stack.createKey("bystander");
  });

  test("no key is 401 missing_api_key, with a WWW-Authenticate challenge", async () => {
    expect(await outcome(stack.client(null))).toBe("401 missing_api_key");
    const raw = await rawChat({});
    expect(raw.status).toBe(401);
    expect(raw.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect(raw.body.error).toMatchObject({ type: "authentication_error", code: "missing_api_key", param: null });
  });

  test.each(KEY_METHODS)("a wrong key sent as %s is 401 invalid_api_key", async (method) => {
    expect(await outcome(stack.client(UNKNOWN_KEY, method))).toBe("401 invalid_api_key");
    expect(await outcome(stack.client("not-even-a-key", method))).toBe("401 invalid_api_key");
  });

  test("the Authorization header wins over X-API-Key, which wins over ?api_key", async () => {
    expect((await rawChat({ authorization: `Bearer ${UNKNOWN_KEY}`, "x-api-key": key.key })).body.error.code).toBe("invalid_api_key");
    expect((await rawChat({ authorization: `Bearer ${key.key}`, "x-api-key": UNKNOWN_KEY })).status).toBe(200);
    expect((await rawChat({ "x-api-key": UNKNOWN_KEY }, `?api_key=${key.key}`)).body.error.code).toBe("invalid_api_key");
    expect((await rawChat({ "x-api-key": key.key }, `?api_key=${UNKNOWN_KEY}`)).status).toBe(200);
  });

  test.each(KEY_METHODS)("a disabled key sent as %s is 401 api_key_disabled, and works again once re-enabled", async (method) => {
    const openai = stack.client(key.key, method);
    expect(await outcome(openai)).toBe("ok");
    expect((await stack.admin(`/api/keys/${key.id}`, { method: "PATCH", body: { enabled: false } })).status).toBe(200);
    expect(await outcome(openai)).toBe("401 api_key_disabled");
    expect(await outcome(stack.client(other.key, method))).toBe("ok");
    expect((await stack.admin(`/api/keys/${key.id}`, { method: "PATCH", body: { enabled: true } })).status).toBe(200);
    expect(await outcome(openai)).toBe("ok");
  });

  test("a deleted key is refused on the very next request", async () => {
    const doomed = await stack.createKey("doomed");
    const openai = stack.client(doomed.key);
    expect(await outcome(openai)).toBe("ok");
    expect((await stack.admin(`/api/keys/${doomed.id}`, { method: "DELETE" })).status).toBe(204);
    expect(await outcome(openai)).toBe("401 invalid_api_key");
  });

  test("with authentication off, requests need no key; on again, they do", async () => {
    const off = await stack.admin<{ authEnabled: boolean }>("/api/settings", { method: "PATCH", body: { authEnabled: false } });
    expect(off.body).toMatchObject({ authEnabled: false });
    try {
      expect(await outcome(stack.client(null))).toBe("ok");
      expect(await outcome(stack.client(UNKNOWN_KEY))).toBe("ok");
      const health = await fetch(`${stack.server.url}/api/health`);
      expect(await health.json()).toMatchObject({ authEnabled: false });
    } finally {
      const on = await stack.admin<{ authEnabled: boolean }>("/api/settings", { method: "PATCH", body: { authEnabled: true } });
      expect(on.body).toMatchObject({ authEnabled: true });
    }
    expect(await outcome(stack.client(null))).toBe("401 missing_api_key");
    expect(await outcome(stack.client(key.key))).toBe("ok");
  });

  test("the upstream sees the provider's key, never the client's, and no client credentials or cookies", async () => {
    const before = stack.upstream.received.length;
    const raw = await rawChat(
      { authorization: `Bearer ${key.key}`, "x-api-key": key.key, cookie: `session=${key.key}; theme=dark`, "openai-beta": "assistants=v2" },
      `?api_key=${key.key}`,
    );
    expect(raw.status).toBe(200);
    for (const method of KEY_METHODS) expect(await outcome(stack.client(key.key, method))).toBe("ok");

    const forwarded = stack.upstream.received.slice(before);
    expect(forwarded).toHaveLength(1 + KEY_METHODS.length);
    for (const request of forwarded) {
      expect(request.headers.authorization).toBe(`Bearer ${stack.upstreamKey}`);
      expect(request.headers["x-api-key"]).toBeUndefined();
      expect(request.headers.cookie).toBeUndefined();
      expect(request.url).not.toContain("api_key");
      expect(JSON.stringify(request)).not.toContain(key.key);
    }
    // Headers that are not credentials still reach the provider.
    expect(forwarded[0]?.headers["openai-beta"]).toBe("assistants=v2");
  });

  test("a request with a NUL byte in its model cannot stop usage recording for everyone", async () => {
    const attacker = await stack.createKey("nul attacker");
    const victim = await stack.createKey("nul victim");
    const response = await fetch(`${stack.server.url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${attacker.key}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "gpt-4\u0000evil", messages: [{ role: "user", content: "hi" }] }),
    });
    expect(response.status).toBe(200);
    expect(await outcome(stack.client(victim.key))).toBe("ok");

    expect(await stack.waitForUsage(victim.id, 1)).toBe(1);
    expect(await stack.waitForUsage(attacker.id, 1)).toBe(1);
    const rows = await stack.inspectDb((sql) => sql<{ model: string }>(`SELECT model FROM "RequestLog" WHERE "apiKeyId" = $1`, [attacker.id]));
    expect(rows).toEqual([{ model: "gpt-4\uFFFDevil" }]);
    expect(stack.server.output()).not.toMatch(/usage events failed/);
  });

  test("a key sent as ?api_key= never appears in the server's output or in the request log", async () => {
    const secret = await stack.createKey("query secret");
    const query = `?api_key=${secret.key}`;
    const openai = stack.client(secret.key, "query");
    // Successes and every kind of failure, each of which may be logged somewhere.
    expect(await outcome(openai)).toBe("ok");
    await openai.chat.completions.create({ ...hello, model: "mock-error" }).catch(() => undefined);
    await openai.chat.completions.create({ ...hello, model: "mock-slow" }).catch(() => undefined);
    const broken = await openai.chat.completions.create({ ...hello, model: "mock-break", stream: true });
    await (async () => {
      for await (const _ of broken) void _;
    })().catch(() => undefined);
    for (const [method, path, body] of [
      ["POST", "/v1/chat/completions", "{broken"],
      ["POST", "/v1/embeddings", JSON.stringify({ input: "no model" })],
      ["GET", "/v1/models/unknown-model", undefined],
      ["GET", "/v1/no-such-endpoint", undefined],
      ["GET", "/v1/chat/completions", undefined],
    ] as const) {
      await fetch(`${stack.server.url}${path}${query}`, { method, body, headers: { "content-type": "application/json" } });
    }
    // Seven of them reached a handler that counts them (unknown routes and wrong methods do not).
    expect(await stack.waitForUsage(secret.id, 7)).toBe(7);

    const rows = await stack.inspectDb((sql) => sql(`SELECT * FROM "RequestLog" WHERE "apiKeyId" = $1`, [secret.id]));
    expect(rows).toHaveLength(7);
    expect(JSON.stringify(rows, (_, v: unknown) => (typeof v === "bigint" ? String(v) : v))).not.toContain(secret.key);
    expect(stack.server.output()).not.toContain(secret.key);
    expect(stack.server.output()).not.toContain(secret.key.slice(3));
  });
});
