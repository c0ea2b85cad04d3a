// Serverless mode (KEYGATE_RUNTIME=serverless, as VERCEL=1 sets it): the app runs under plain
// `next start`, as a serverless host runs it, and must not need a timer for anything: usage is in
// the database once a response's after() work is done, even if the process is killed or frozen
// right then; caches follow other instances within a second; maintenance runs from the cron route.
// PostgreSQL only: function instances share a database, the embedded one cannot be shared.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createTestDatabase, testDbKind, type TestDatabase } from "../support/database";
import { countPromptTokens, startMockUpstream, STREAM_WORDS, type MockUpstream } from "../support/mock-upstream";
import { createTestServer, freePort, ROOT, type TestServer } from "../support/server";
import { openaiClient, type CreatedKey } from "../support/stack";

const postgres = testDbKind() === "postgresql";
const REDIS_URL = process.env.TEST_REDIS_URL || "redis://127.0.0.1:6379";
const PRELOAD = path.join(ROOT, "e2e", "support", "timers-preload.cjs");
const hello = { model: "gpt-4o-mini", messages: [{ role: "user" as const, content: "hello" }] };
const TOKENS_PER_HELLO = countPromptTokens({ messages: [{ content: "hello" }] }) + STREAM_WORDS.length;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let dir: string;
let db: TestDatabase;
let upstream: MockUpstream;
const upstreamKey = `sk-upstream-${randomBytes(12).toString("hex")}`;
const adminToken = randomBytes(24).toString("base64url");
const appSecret = randomBytes(48).toString("base64url");
const cronSecret = randomBytes(24).toString("base64url");
const servers: TestServer[] = [];

/** A `next start` instance on the shared database; `timersFile` receives its live timers on SIGUSR2. */
async function startInstance(env: Record<string, string> = {}): Promise<TestServer & { timersFile: string }> {
  const port = await freePort();
  const timersFile = path.join(dir, `timers-${port}.json`);
  const server = createTestServer(
    {
      DATABASE_URL: db.url,
      APP_SECRET: appSecret,
      ADMIN_TOKEN: adminToken,
      CRON_SECRET: cronSecret,
      UPSTREAM_BASE_URL: upstream.url,
      UPSTREAM_API_KEY: upstreamKey,
      KEYGATE_RUNTIME: "serverless",
      NODE_OPTIONS: `--require ${PRELOAD}`,
      KEYGATE_TEST_TIMERS_FILE: timersFile,
      ...env,
    },
    port,
    { command: "next" },
  );
  servers.push(server);
  await server.start();
  return Object.assign(server, { timersFile });
}

async function admin<T>(server: TestServer, pathname: string, init: { method?: string; body?: unknown } = {}): Promise<{ status: number; body: T }> {
  const response = await fetch(`${server.url}${pathname}`, {
    method: init.method ?? "GET",
    headers: { authorization: `Bearer ${adminToken}`, ...(init.body === undefined ? {} : { "content-type": "application/json" }) },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as T) : (null as T) };
}

async function createKey(server: TestServer, body: Record<string, unknown> = {}): Promise<CreatedKey> {
  const response = await admin<CreatedKey>(server, "/api/keys", { method: "POST", body: { name: "serverless", ...body } });
  if (response.status !== 201) throw new Error(`creating a key failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

interface Totals {
  requests: number;
  complete: number;
  aborted: number;
  tokens: number;
}

/**
 * Non-streamed, streamed and aborted streams through the openai SDK, all answered (or given up on)
 * by the time this resolves. The aborted ones stop after their first chunk.
 */
async function mixedLoad(server: TestServer, key: string): Promise<Totals> {
  const client = openaiClient(server.url, key);
  const plain = Array.from({ length: 8 }, () => client.chat.completions.create(hello).then((r) => r.usage?.total_tokens ?? 0));
  const streamed = Array.from({ length: 6 }, async () => {
    const stream = await client.chat.completions.create({ ...hello, stream: true, stream_options: { include_usage: true } });
    let tokens = 0;
    for await (const chunk of stream) tokens = chunk.usage?.total_tokens ?? tokens;
    return tokens;
  });
  const aborted = Array.from({ length: 4 }, async () => {
    // A slow stream (a chunk every 200 ms), left after its first chunk.
    const stream = await client.chat.completions.create({ ...hello, stream: true, metadata: { interval_ms: "200" } });
    for await (const chunk of stream) {
      if (chunk.choices[0]?.delta?.content) break;
    }
    return 0;
  });
  const tokens = [...(await Promise.all(plain)), ...(await Promise.all(streamed))];
  await Promise.all(aborted);
  expect(tokens.every((t) => t === TOKENS_PER_HELLO)).toBe(true);
  return { requests: 18, complete: 14, aborted: 4, tokens: tokens.reduce((a, b) => a + b, 0) };
}

async function usageInDb(keyId: string) {
  const [logs] = await db.query<{ n: number; complete: number; aborted: number; tokens: number }>(
    `SELECT count(*)::int AS n, (count(*) FILTER (WHERE status = 200 AND "errorCode" IS NULL))::int AS complete,
       (count(*) FILTER (WHERE status = 499))::int AS aborted,
       COALESCE(sum("totalTokens") FILTER (WHERE status = 200 AND "errorCode" IS NULL), 0)::int AS tokens
     FROM "RequestLog" WHERE "apiKeyId" = $1`,
    [keyId],
  );
  const [key] = await db.query<{ usageCount: number }>(`SELECT "usageCount" FROM "ApiKey" WHERE id = $1`, [keyId]);
  const [rollup] = await db.query<{ requests: number }>(
    `SELECT COALESCE(sum(requests), 0)::int AS requests FROM "UsageRollup" WHERE granularity = 'h' AND scope = 'k' AND "apiKeyId" = $1`,
    [keyId],
  );
  return { logs, usageCount: key?.usageCount, rollupRequests: rollup?.requests };
}

interface TimerDump {
  timers: { delayMs: number; repeat: boolean; refed: boolean; stack: string[] }[];
}

/** The live timers the server holds now, as the preload saw them created. */
async function liveTimers(server: TestServer & { timersFile: string }): Promise<TimerDump["timers"]> {
  await rm(server.timersFile, { force: true });
  const pid = server.pid();
  if (!pid) throw new Error("server is not running");
  process.kill(pid, "SIGUSR2");
  for (let i = 0; i < 100; i++) {
    const text = await readFile(server.timersFile, "utf8").catch(() => null);
    if (text) return (JSON.parse(text) as TimerDump).timers;
    await sleep(50);
  }
  throw new Error("the server did not write its timers");
}

/**
 * A timer Keygate started: its setTimeout/setInterval was called from the app's bundle (.next/server:
 * Keygate's code and what it bundles), not from Next.js, pg or another package in node_modules (pg's
 * pool closes idle connections with a timer of its own: that is no Keygate job).
 */
function fromKeygate(timer: TimerDump["timers"][number]): boolean {
  const at = timer.stack.findIndex((frame) => /^at (setTimeout|setInterval) \(node:timers/.test(frame));
  const caller = timer.stack[at + 1] ?? "";
  return caller.includes(`${path.sep}.next${path.sep}server${path.sep}`);
}

beforeAll(async () => {
  if (!postgres) return;
  dir = await mkdtemp(path.join(tmpdir(), "keygate-serverless-"));
  upstream = await startMockUpstream({ apiKey: upstreamKey });
  db = await createTestDatabase(dir);
});

afterAll(async () => {
  for (const server of servers) await server.stop("SIGKILL");
  await upstream?.close();
  await db?.drop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe.skipIf(!postgres)("serverless mode under next start (PostgreSQL only: instances share one database)", () => {
  test("the runtime never migrates: an instance refuses an unmigrated database, npm run db:migrate prepares it", async () => {
    await expect(startInstance()).rejects.toThrow(/database schema is behind this build: \d+ migrations not applied/);
    // The migration runner migrates in serverless mode too (vercel-build runs it at deploy).
    const migrate = spawnSync("npm", ["run", "db:migrate"], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "production", DATABASE_URL: db.url, APP_SECRET: appSecret, KEYGATE_RUNTIME: "serverless" },
      encoding: "utf8",
    });
    expect(migrate.status, migrate.stderr).toBe(0);
    expect(migrate.stdout).toMatch(/Applied \d+ migrations/);
  });

  test("every request's usage and log row is in the database when the process is killed 500 ms after the last response", async () => {
    const server = await startInstance();
    const key = await createKey(server);
    const sent = await mixedLoad(server, key.key);
    // The after() work of the last responses (a database round trip) is done by then.
    await sleep(500);
    await server.stop("SIGKILL");
    const usage = await usageInDb(key.id);
    expect(usage.logs).toEqual({ n: sent.requests, complete: sent.complete, aborted: sent.aborted, tokens: sent.tokens });
    expect(usage.usageCount).toBe(sent.requests);
    expect(usage.rollupRequests).toBe(sent.requests);
  });

  test("…and while the process is frozen (SIGSTOP) 500 ms after the last response", async () => {
    const server = await startInstance();
    const key = await createKey(server);
    const sent = await mixedLoad(server, key.key);
    await sleep(500);
    const pid = server.pid();
    if (!pid) throw new Error("server is not running");
    process.kill(pid, "SIGSTOP");
    try {
      const usage = await usageInDb(key.id);
      expect(usage.logs).toEqual({ n: sent.requests, complete: sent.complete, aborted: sent.aborted, tokens: sent.tokens });
      expect(usage.usageCount).toBe(sent.requests);
      expect(usage.rollupRequests).toBe(sent.requests);
    } finally {
      process.kill(pid, "SIGCONT");
      await server.stop("SIGKILL");
    }
  });

  test("no Keygate timer is pending after start-up and requests (a self-hosted instance has them)", async () => {
    const server = await startInstance();
    const key = await createKey(server);
    await mixedLoad(server, key.key);
    await sleep(500);
    const ours = (await liveTimers(server)).filter(fromKeygate);
    expect(ours, JSON.stringify(ours, null, 1)).toEqual([]);
    await server.stop("SIGKILL");

    // The same under KEYGATE_RUNTIME=node: the cache poller, the maintenance job and the policy
    // heartbeat are there, so the check above can see Keygate's timers.
    const selfHosted = await startInstance({ KEYGATE_RUNTIME: "node" });
    await mixedLoad(selfHosted, (await createKey(selfHosted)).key);
    const timers = (await liveTimers(selfHosted)).filter(fromKeygate);
    expect(timers.filter((t) => t.repeat).map((t) => t.delayMs).sort((a, b) => a - b)).toEqual([500, 5_000, 600_000]);
    await selfHosted.stop("SIGKILL");
  });

  test("two instances: a key disabled through one is refused by the other within 1 s; a shared rpm limit holds", async () => {
    const [a, b] = [await startInstance(), await startInstance()];
    const key = await createKey(a);
    const onB = openaiClient(b.url, key.key);
    const outcome = () => onB.chat.completions.create(hello).then(() => "ok", (error: { code?: string }) => error.code);
    // B has the key cached.
    expect(await outcome()).toBe("ok");
    expect((await admin(a, `/api/keys/${key.id}`, { method: "PATCH", body: { enabled: false } })).status).toBe(200);
    await sleep(1_000);
    expect(await outcome()).toBe("api_key_disabled");

    const limited = await createKey(a, { rpmLimit: 20 });
    const clients = [openaiClient(a.url, limited.key), openaiClient(b.url, limited.key)];
    const statuses = await Promise.all(
      Array.from({ length: 60 }, (_, i) => clients[i % 2]!.chat.completions.create(hello).then(() => 200, (error: { status?: number }) => error.status)),
    );
    expect(statuses.filter((s) => s !== 200 && s !== 429)).toEqual([]);
    expect(statuses.filter((s) => s === 200)).toHaveLength(20);
    await a.stop("SIGKILL");
    await b.stop("SIGKILL");
  });

  // No interval heartbeats in serverless mode, so an instance whose only work is one long stream
  // must still keep its lease alive past the 30 s after which a silent instance's leases stop counting.
  test("a stream longer than 30 s keeps its concurrency slot on the other instance, counted in PostgreSQL and in Redis", async () => {
    const pair = async (env: Record<string, string>) => {
      const [a, b] = [await startInstance(env), await startInstance(env)];
      return { a, b, key: await createKey(a, { maxConcurrent: 1 }) };
    };
    const pairs = [await pair({}), await pair({ REDIS_URL })];
    await Promise.all(
      pairs.map(async ({ a, b, key }) => {
        const started = Date.now();
        // 38 chunks a second apart, and no other request on A meanwhile.
        const stream = await openaiClient(a.url, key.key).chat.completions.create({ ...hello, stream: true, metadata: { interval_ms: "1000", chunks: "38" } });
        const read = (async () => {
          let chunks = 0;
          for await (const chunk of stream) if (chunk.choices[0]?.delta.content) chunks++;
          return chunks;
        })();
        await sleep(34_000 - (Date.now() - started));
        const onB = () => openaiClient(b.url, key.key).chat.completions.create(hello).then(() => "ok", (error: { code?: string }) => error.code);
        expect(await onB()).toBe("concurrency_limit_exceeded");
        expect(await read).toBeGreaterThan(30);
        expect(await onB()).toBe("ok");
      }),
    );
    for (const { a, b } of pairs) {
      await a.stop("SIGKILL");
      await b.stop("SIGKILL");
    }
  }, 90_000);

  test("the cron route runs maintenance with CRON_SECRET only", async () => {
    const server = await startInstance();
    const key = await createKey(server);
    await db.query(
      `INSERT INTO "RequestLog" ("createdAt", "apiKeyId", "endpoint", "status", "stream", "latencyMs")
       VALUES ((now() AT TIME ZONE 'utc') - interval '400 days', $1, 'chat/completions', 200, false, 5)`,
      [key.id],
    );
    const cron = (authorization?: string) =>
      fetch(`${server.url}/api/cron/maintenance`, { headers: authorization ? { authorization } : {} }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> }));

    for (const authorization of [undefined, "Bearer wrong-secret", `Bearer ${adminToken}`, cronSecret]) {
      const refused = await cron(authorization);
      expect(refused.status).toBe(401);
      expect(refused.body).toMatchObject({ error: { code: "unauthorized", type: "authentication_error" } });
    }
    expect(await db.query(`SELECT 1 FROM "RequestLog" WHERE "apiKeyId" = $1`, [key.id])).toHaveLength(1);

    const ran = await cron(`Bearer ${cronSecret}`);
    expect(ran.status).toBe(200);
    expect(ran.body).toMatchObject({ retention: { deletedLogs: 1 }, statisticsRefreshed: false, reservations: { expiredLeases: 0 } });
    expect(await db.query(`SELECT 1 FROM "RequestLog" WHERE "apiKeyId" = $1`, [key.id])).toHaveLength(0);
    await server.stop("SIGKILL");
  });

  test("without CRON_SECRET the cron route says it is not configured", async () => {
    const server = await startInstance({ CRON_SECRET: "" });
    const response = await fetch(`${server.url}/api/cron/maintenance`, { headers: { authorization: "Bearer anything-at-all" } });
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ error: { code: "cron_not_configured", message: expect.stringMatching(/CRON_SECRET is not set/) } });
    await server.stop("SIGKILL");
  });
});
