// One test file's world: a mock upstream (checking the provider key), a fresh database, the real
// server pointed at both, and the clients a user would use: the official `openai` SDK and fetch.
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import OpenAI from "openai";
import type { RequestLogPage } from "@/lib/usage/schemas";
import { createTestDatabase, type TestDatabase } from "./database";
import { startMockUpstream, type MockUpstream } from "./mock-upstream";
import { checkBuild, createTestServer, freePort, type TestServer } from "./server";

export type KeyMethod = "bearer" | "x-api-key" | "query";
export const KEY_METHODS: KeyMethod[] = ["bearer", "x-api-key", "query"];

export interface CreatedKey {
  id: string;
  key: string;
  name: string;
  display: string;
  enabled: boolean;
  usageCount: number;
  createdAt: string;
}

/** OpenAI's error shape, which /v1 and /api both answer with. */
export interface ErrorBody {
  error: { message: string; type: string; param: string | null; code: string; fields?: Record<string, string>; request_id?: string };
}

export interface AdminResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

export interface Stack {
  server: TestServer;
  upstream: MockUpstream;
  db: TestDatabase;
  /** The provider key the server sends upstream (the mock refuses anything else). */
  upstreamKey: string;
  adminToken: string;
  /** The management API with the admin token (pass `token: null` to send none). */
  admin<T = unknown>(pathname: string, init?: { method?: string; body?: unknown; token?: string | null }): Promise<AdminResponse<T>>;
  createKey(name?: string): Promise<CreatedKey>;
  /** An `openai` client sending `key` the given way (null: no key at all). */
  client(key: string | null, method?: KeyMethod): OpenAI;
  /** The key's request log rows of the last hour, newest first, once there are at least `count`. */
  logsOf(keyId: string, count: number): Promise<RequestLogPage["items"]>;
  /** The key's newest request log row for `endpoint`, once there is one. */
  lastLog(keyId: string, endpoint: string): Promise<RequestLogPage["items"][number]>;
  /** Polls the key until its usage count reaches `count` (usage is written in batches). */
  waitForUsage(keyId: string, count: number): Promise<number>;
  /**
   * Runs SQL against the server's database. PGlite allows one process per directory, so there the
   * server is stopped (SIGTERM, which writes pending usage) for the query and started again.
   */
  inspectDb<T>(fn: (query: TestDatabase["query"]) => Promise<T>): Promise<T>;
  /** PostgreSQL only: another instance on the same database and secrets, as in a scaled deployment. */
  startPeer(): Promise<TestServer>;
  close(): Promise<void>;
}

export interface StackOptions {
  /** Extra server environment (overrides the defaults below). */
  env?: Record<string, string>;
  /**
   * PostgreSQL: the DATABASE_URL the server (and its peers) get, from the test database's own URL,
   * e.g. through a TCP proxy the test controls. The test's own queries still go direct.
   */
  serverDatabaseUrl?: (url: string) => string;
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  checkBuild();
  const upstreamKey = `sk-upstream-${randomBytes(12).toString("hex")}`;
  const adminToken = randomBytes(24).toString("base64url");
  const dataDir = await mkdtemp(path.join(tmpdir(), "keygate-it-"));
  const upstream = await startMockUpstream({ apiKey: upstreamKey });
  const db = await createTestDatabase(dataDir);
  const port = await freePort();
  const serverDbUrl = db.url && options.serverDatabaseUrl ? options.serverDatabaseUrl(db.url) : db.url;
  const appSecret = randomBytes(48).toString("base64url");
  const server = createTestServer(
    {
      DATA_DIR: dataDir,
      DATABASE_URL: serverDbUrl,
      APP_SECRET: appSecret,
      ADMIN_TOKEN: adminToken,
      UPSTREAM_BASE_URL: upstream.url,
      UPSTREAM_API_KEY: upstreamKey,
      UPSTREAM_TIMEOUT_MS: "1000",
      USAGE_FLUSH_MS: "50",
      // Longer than the harness waits for an exit: a shutdown that hangs on a connection fails the test.
      SHUTDOWN_GRACE_MS: "120000",
      ...options.env,
    },
    port,
  );
  try {
    await server.start();
  } catch (error) {
    await upstream.close();
    await db.drop().catch(() => undefined);
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }

  const peers: TestServer[] = [];
  const admin: Stack["admin"] = async (pathname, init = {}) => {
    const token = init.token === undefined ? adminToken : init.token;
    const headers: Record<string, string> = {};
    if (token !== null) headers.authorization = `Bearer ${token}`;
    if (init.body !== undefined) headers["content-type"] = "application/json";
    const response = await fetch(`${server.url}${pathname}`, {
      method: init.method ?? "GET",
      headers,
      body: init.body === undefined ? undefined : typeof init.body === "string" ? init.body : JSON.stringify(init.body),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
  };

  return {
    server,
    upstream,
    db,
    upstreamKey,
    adminToken,
    admin,
    async createKey(name = "test key") {
      const response = await admin<CreatedKey>("/api/keys", { method: "POST", body: { name } });
      if (response.status !== 201) throw new Error(`creating a key failed: ${response.status} ${JSON.stringify(response.body)}`);
      return response.body;
    },
    client: (key, method = "bearer") => openaiClient(server.url, key, method),
    async logsOf(keyId, count) {
      const deadline = Date.now() + 15_000;
      for (;;) {
        const { body } = await admin<RequestLogPage>(`/api/usage/logs?range=1h&keyId=${keyId}&limit=200`);
        if (body.items.length >= count) return body.items;
        if (Date.now() > deadline) throw new Error(`expected ${count} log rows for key ${keyId}, found ${body.items.length}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async lastLog(keyId, endpoint) {
      const deadline = Date.now() + 15_000;
      for (;;) {
        const { body } = await admin<RequestLogPage>(`/api/usage/logs?range=1h&keyId=${keyId}&endpoint=${encodeURIComponent(endpoint)}`);
        const entry = body.items[0];
        if (entry) return entry;
        if (Date.now() > deadline) throw new Error(`no ${endpoint} log row for key ${keyId}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async waitForUsage(keyId, count) {
      const deadline = Date.now() + 15_000;
      for (;;) {
        const { body } = await admin<CreatedKey>(`/api/keys/${keyId}`);
        if (body.usageCount >= count || Date.now() > deadline) return body.usageCount;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async inspectDb(fn) {
      if (db.kind === "postgresql") return fn(db.query);
      const code = await server.stop("SIGTERM");
      if (code !== 0) throw new Error(`server exited with ${code} on SIGTERM:\n${server.output()}`);
      try {
        return await fn(db.query);
      } finally {
        await server.start();
      }
    },
    async startPeer() {
      if (db.kind !== "postgresql") throw new Error("only PostgreSQL is shared between instances");
      const peer = createTestServer(
        { DATA_DIR: path.join(dataDir, "peer"), DATABASE_URL: serverDbUrl, APP_SECRET: appSecret, ADMIN_TOKEN: adminToken, USAGE_FLUSH_MS: "50", ...options.env },
        await freePort(),
      );
      await peer.start();
      peers.push(peer);
      return peer;
    },
    async close() {
      for (const peer of peers) await peer.stop("SIGTERM");
      await server.stop("SIGTERM");
      await upstream.close();
      await db.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export function openaiClient(baseUrl: string, key: string | null, method: KeyMethod = "bearer"): OpenAI {
  const common = { baseURL: `${baseUrl}/v1`, maxRetries: 0, timeout: 20_000 };
  if (key === null) return new OpenAI({ ...common, apiKey: "", defaultHeaders: { Authorization: null } });
  switch (method) {
    case "bearer":
      return new OpenAI({ ...common, apiKey: key });
    case "x-api-key":
      // What a user of the header writes: no bearer key, the key in X-API-Key.
      return new OpenAI({ ...common, apiKey: "", defaultHeaders: { Authorization: null, "X-API-Key": key } });
    case "query":
      return new OpenAI({ ...common, apiKey: "", defaultHeaders: { Authorization: null }, defaultQuery: { api_key: key } });
  }
}
