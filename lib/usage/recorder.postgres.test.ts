// The recorder on a real PostgreSQL behind a TCP proxy that loses one answer: the connection dies
// after the server got a statement, so the recorder cannot know from the error whether its batch
// was written. It asks the server (txid_status) before writing again: every event lands once.
// Skipped when no PostgreSQL is reachable (TEST_DATABASE_URL, default postgres@127.0.0.1:5432).
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { startTcpProxy, throughProxy, type TcpProxy } from "@/e2e/support/tcp-proxy";
import { createApiKey } from "@/lib/api-keys";
import { closeDb, getDb } from "@/lib/db";
import { resetEnvForTests } from "@/lib/env";
import { flushUsage, pendingUsageCount, recordUsage, type UsageEvent } from "@/lib/usage/recorder";

const SERVER_URL = process.env.TEST_DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
const name = `keygate_test_${randomBytes(6).toString("hex")}`;
const dataDir = mkdtempSync(path.join(tmpdir(), "keygate-recorder-pg-"));
let proxy: TcpProxy | undefined;
let databaseUrl: string;

async function admin<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  try {
    await admin(SERVER_URL, (c) => c.query(`CREATE DATABASE "${name}"`));
  } catch {
    return; // no PostgreSQL here: skipped
  }
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  databaseUrl = url.toString();
  proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
  vi.stubEnv("DATA_DIR", dataDir);
  vi.stubEnv("DATABASE_URL", throughProxy(databaseUrl, proxy));
  vi.stubEnv("APP_SECRET", "recorder-test-secret-0123456789abcdefghij");
  vi.stubEnv("DB_QUERY_TIMEOUT_MS", "1000");
  vi.stubEnv("DB_CONNECT_TIMEOUT_MS", "1000");
  vi.stubEnv("USAGE_FLUSH_MS", "50");
  resetEnvForTests();
  await getDb();
}, 120_000);

afterAll(async () => {
  if (!proxy) return;
  await proxy.setMode("pass");
  await closeDb();
  await proxy.close();
  vi.unstubAllEnvs();
  resetEnvForTests();
  rmSync(dataDir, { recursive: true, force: true });
  await admin(SERVER_URL, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
});

function event(apiKeyId: string): UsageEvent {
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
  };
}

const rowsOf = async (keyId: string) =>
  admin(databaseUrl, async (c) => {
    const logs = await c.query<{ n: string }>(`SELECT count(*) AS n FROM "RequestLog" WHERE "apiKeyId" = $1`, [keyId]);
    const key = await c.query<{ usageCount: number }>(`SELECT "usageCount" FROM "ApiKey" WHERE "id" = $1`, [keyId]);
    return { logs: Number(logs.rows[0]?.n), usageCount: key.rows[0]?.usageCount };
  });

describe("a batch whose answer was lost", () => {
  test.each([
    ["the COMMIT's answer (it was written)", "COMMIT"],
    ["a statement's answer before the COMMIT (it was not)", 'INSERT INTO "RequestLog"'],
  ])("%s: written exactly once after the database answers again", async (_, marker) => {
    if (!proxy) return;
    const errors = vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void (process.env.SHOW_LOG && process.stderr.write(`${args.join(" ")}\n`)));
    try {
      const key = await createApiKey({ name: marker });
      await flushUsage();
      for (let i = 0; i < 3; i++) recordUsage(event(key.id));
      proxy.loseAnswersAfter(marker);
      await flushUsage();
      // The recorder does not know yet: the events are still its own.
      expect(pendingUsageCount()).toBe(3);
      await proxy.setMode("pass");
      // flushUsage() waits for a write in flight (and starts one when events wait for a retry).
      await vi.waitFor(
        async () => {
          await flushUsage();
          expect(pendingUsageCount()).toBe(0);
        },
        { timeout: 20_000, interval: 200 },
      );
      expect(await rowsOf(key.id)).toEqual({ logs: 3, usageCount: 3 });
    } finally {
      errors.mockRestore();
    }
  });
});
