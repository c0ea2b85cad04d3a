// PostgreSQL going away under a running server, through a TCP proxy the test controls: stalled
// (packets dropped: connections accepted and held, nothing answered) or refused (the server
// stopped), then back. Whatever needs the database answers 503 database_unavailable within
// seconds, never hangs; a key already cached keeps being served; the usage of what was served
// during the outage is written once the database is back, exactly once. PostgreSQL only: the
// embedded database has no network to lose.
import Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { testDbKind, testPostgresAddress } from "../support/database";
import { STREAM_WORDS } from "../support/mock-upstream";
import { anthropicError, apiError } from "../support/sdk-errors";
import { startStack, type CreatedKey, type ErrorBody, type Stack } from "../support/stack";
import { startTcpProxy, throughProxy, type ProxyMode, type TcpProxy } from "../support/tcp-proxy";

const postgres = testDbKind() === "postgresql";
const hello = { model: "gpt-4", messages: [{ role: "user" as const, content: "hello" }] };
// Generous: the server's own deadlines below are 1.5 s (connect, acquire) and 2 s (a statement).
const ANSWER_WITHIN_MS = 10_000;

let proxy: TcpProxy;
let stack: Stack;
let cached: CreatedKey;
/** The cached key's requests answered so far (each is one request log row). */
let served = 0;

beforeAll(async () => {
  if (!postgres) return;
  proxy = await startTcpProxy(testPostgresAddress());
  stack = await startStack({
    serverDatabaseUrl: (url) => throughProxy(url, proxy),
    env: { DB_CONNECT_TIMEOUT_MS: "1500", DB_QUERY_TIMEOUT_MS: "2000" },
  });
  cached = await stack.createKey("cached");
});

afterAll(async () => {
  await proxy?.setMode("pass");
  await stack?.close();
  await proxy?.close();
});

/** `run`'s result, failing the test when it takes longer than ANSWER_WITHIN_MS (a hang). */
async function answered<T>(what: string, run: () => Promise<T>): Promise<T> {
  const started = Date.now();
  const result = await run();
  const took = Date.now() - started;
  expect(took, `${what} took ${took} ms`).toBeLessThan(ANSWER_WITHIN_MS);
  return result;
}

async function get(path: string, key?: string) {
  const response = await fetch(`${stack.server.url}${path}`, { headers: key ? { authorization: `Bearer ${key}` } : {} });
  return { status: response.status, body: (await response.json()) as ErrorBody & Record<string, unknown> };
}

async function logRows(keyId: string): Promise<number> {
  const rows = await stack.db.query<{ n: string }>(`SELECT count(*) AS n FROM "RequestLog" WHERE "apiKeyId" = $1`, [keyId]);
  return Number(rows[0]?.n);
}

const expectUnavailable = (body: ErrorBody) =>
  expect(body.error).toMatchObject({ code: "database_unavailable", type: "server_error", param: null, message: expect.stringMatching(/database/i) });

describe.runIf(postgres).each<ProxyMode>(["stall", "refuse"])("PostgreSQL %s", (mode) => {
  test("what needs the database answers 503 database_unavailable in seconds; cached keys are served; outage usage is written exactly once after", async () => {
    // A key nobody has used yet, then the cached key used (creating a key clears the key cache).
    const uncached = await stack.createKey(`never used before the ${mode}`);
    await stack.client(cached.key).chat.completions.create(hello);
    served++;
    await expect.poll(() => logRows(cached.id), { timeout: 15_000, interval: 100 }).toBe(served);
    const before = served;
    const printed = stack.server.output().length;
    await proxy.setMode(mode);
    try {
      const health = await answered("/api/health", () => get("/api/health"));
      expect(health.status).toBe(503);
      expect(health.body).toMatchObject({ status: "unavailable", database: "postgresql", databaseStatus: "down" });

      const unknownKey = await answered("an uncached key", () => apiError(stack.client(uncached.key).chat.completions.create(hello)));
      expect(unknownKey.status).toBe(503);
      expect(unknownKey.code).toBe("database_unavailable");

      const list = await answered("GET /api/keys", () => stack.admin<ErrorBody>("/api/keys"));
      expect(list.status).toBe(503);
      expectUnavailable(list.body);

      const create = await answered("POST /api/keys", () => stack.admin<ErrorBody>("/api/keys", { method: "POST", body: { name: "during the outage" } }));
      expect(create.status).toBe(503);
      expectUnavailable(create.body);

      const usage = await answered("GET /v1/usage", () => get("/v1/usage", cached.key));
      expect(usage.status).toBe(503);
      expectUnavailable(usage.body);

      // Anthropic's clients get the same outage in Anthropic's shape.
      const anthropic = new Anthropic({ baseURL: stack.server.url, apiKey: uncached.key, maxRetries: 0, timeout: 20_000 });
      const messages = await answered("POST /v1/messages", () =>
        anthropicError(anthropic.messages.create({ model: "claude-sonnet-4-5", max_tokens: 16, messages: [{ role: "user", content: "hello" }] })),
      );
      expect(messages.status).toBe(503);
      expect(messages.error).toMatchObject({ type: "error", error: { type: "api_error" } });

      // The cached key is answered as if nothing happened, streamed or not.
      const client = stack.client(cached.key);
      for (let i = 0; i < 2; i++) {
        const completion = await client.chat.completions.create(hello);
        expect(completion.choices[0]?.message.content).toBe(STREAM_WORDS.join(""));
      }
      const words: string[] = [];
      for await (const chunk of await client.chat.completions.create({ ...hello, stream: true })) words.push(chunk.choices[0]?.delta.content ?? "");
      expect(words.join("")).toBe(STREAM_WORDS.join(""));
    } finally {
      await proxy.setMode("pass");
    }

    served += 3;
    // Back: the three answers of the outage are written, once each.
    await expect.poll(() => logRows(cached.id), { timeout: 20_000, interval: 200 }).toBe(before + 3);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await logRows(cached.id)).toBe(before + 3);
    const rows = await stack.db.query<{ usageCount: number }>(`SELECT "usageCount" FROM "ApiKey" WHERE "id" = $1`, [cached.id]);
    expect(rows[0]?.usageCount).toBe(served);

    // And everything that needed the database works again.
    await expect.poll(async () => (await get("/api/health")).body.databaseStatus, { timeout: 10_000, interval: 200 }).toBe("up");
    expect((await stack.client(uncached.key).chat.completions.create(hello)).choices[0]?.message.content).toBe(STREAM_WORDS.join(""));
    expect((await stack.admin("/api/keys")).status).toBe(200);
    expect((await get("/v1/usage", cached.key)).status).toBe(200);
    served++; // /v1/usage is logged as one of the key's requests
    // The uncached key's request is logged too: it counts from here on.
    await stack.waitForUsage(uncached.id, 1);

    // An outage is logged as such, in short lines: no stack traces, no 500s, no keys.
    const log = stack.server.output().slice(printed);
    if (process.env.SHOW_SERVER_LOG) console.log(log);
    expect(log).toMatch(/database unavailable/);
    expect(log).not.toMatch(/unhandled error|internal_error|\n\s+at /);
    expect(log).not.toContain(uncached.key);
    expect(log).not.toContain(cached.key);
  });
});

test.runIf(!postgres)("the embedded database has no network to lose (PostgreSQL only)", () => {
  expect(postgres).toBe(false);
});
