// The errors a database outage really produces (node-postgres, the Prisma driver adapter, Prisma
// itself), made by real clients against a refused port, a server that never answers, and a real
// PostgreSQL cut off mid-connection by a TCP proxy (skipped when no PostgreSQL is reachable).
import { createServer, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startTcpProxy, throughProxy, type TcpProxy } from "@/e2e/support/tcp-proxy";
import { createPostgresPool, postgresPoolConfig } from "@/lib/db";
import { DatabaseUnavailableError, errorSummary, isDatabaseUnavailable } from "@/lib/db-unavailable";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { errorCodeOf, toErrorResponse } from "@/lib/http/errors";

const TIMEOUTS = { DB_CONNECT_TIMEOUT_MS: 300, DB_QUERY_TIMEOUT_MS: 500 };
const PG_URL = process.env.TEST_DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres";

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

async function failure(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to fail");
}

function clients(url: string) {
  const pool = createPostgresPool(postgresPoolConfig(url, TIMEOUTS));
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return { pool, prisma, close: async () => void (await pool.end().catch(() => undefined)) };
}

let refusedUrl: string;
let silentUrl: string;
const silent = createServer();
const held = new Set<Socket>();

beforeAll(async () => {
  const closed = createServer();
  const port = await listen(closed);
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  refusedUrl = `postgresql://postgres@127.0.0.1:${port}/postgres`;
  silent.on("connection", (socket) => held.add(socket));
  silentUrl = `postgresql://postgres@127.0.0.1:${await listen(silent)}/postgres`;
});

afterAll(async () => {
  for (const socket of held) socket.destroy();
  await new Promise<void>((resolve) => silent.close(() => resolve()));
});

describe("an unreachable database is recognised in every form", () => {
  test("a refused connection: node-postgres and Prisma", async () => {
    const { pool, prisma, close } = clients(refusedUrl);
    try {
      expect(isDatabaseUnavailable(await failure(() => pool.query("SELECT 1")))).toBe(true);
      const wrapped = await failure(() => prisma.$queryRaw`SELECT 1`);
      expect(isDatabaseUnavailable(wrapped)).toBe(true);
      // Logged as one line (Prisma's message opens with its call site), answered and logged as 503.
      expect(errorSummary(wrapped)).toMatch(/^[^\n]*Can't reach database server[^\n]*$/);
      expect(errorCodeOf(wrapped)).toBe("database_unavailable");
      const response = toErrorResponse(wrapped);
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toBe("5");
      expect(await response.json()).toMatchObject({ error: { code: "database_unavailable", type: "server_error" } });
      expect(isDatabaseUnavailable(await failure(() => prisma.$transaction([prisma.$queryRaw`SELECT 1`])))).toBe(true);
    } finally {
      await close();
    }
  });

  test("a server that accepts and never answers: the connect timeout ends the wait", async () => {
    const { pool, prisma, close } = clients(silentUrl);
    try {
      expect(isDatabaseUnavailable(await failure(() => pool.query("SELECT 1")))).toBe(true);
      expect(isDatabaseUnavailable(await failure(() => prisma.$queryRaw`SELECT 1`))).toBe(true);
      expect(isDatabaseUnavailable(await failure(() => prisma.$transaction([prisma.$queryRaw`SELECT 1`])))).toBe(true);
    } finally {
      await close();
    }
  });

  test("it answers 503 database_unavailable in the API's error shape", async () => {
    const response = toErrorResponse(new DatabaseUnavailableError("no answer"));
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ error: { code: "database_unavailable", type: "server_error", param: null } });
  });

  test("other errors are not taken for an outage", () => {
    expect(isDatabaseUnavailable(new Error("boom"))).toBe(false);
    expect(isDatabaseUnavailable(Object.assign(new Error('duplicate key value violates unique constraint "x"'), { code: "23505", severity: "ERROR" }))).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
    expect(isDatabaseUnavailable("ECONNREFUSED")).toBe(false);
  });
});

describe("a real PostgreSQL cut off after connecting", () => {
  let proxy: TcpProxy | undefined;

  beforeAll(async () => {
    const probe = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
    try {
      await probe.connect();
      await probe.end();
    } catch {
      return; // no PostgreSQL here: the tests below are skipped
    }
    const url = new URL(PG_URL);
    proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
  });

  afterAll(async () => {
    await proxy?.close();
  });

  test("a stalled statement times out, its connection is closed, and the pool recovers once the network is back", async (context) => {
    if (!proxy) return context.skip();
    const { pool, prisma, close } = clients(throughProxy(PG_URL, proxy));
    try {
      await prisma.$queryRaw`SELECT 1`;
      expect(pool.totalCount).toBe(1);
      const held = await pool.connect();
      await proxy.setMode("stall");
      // A transaction holds its connection itself and gives it back without an error when it ends
      // (as Prisma's adapter does): its stuck statement must not go back to the pool with it.
      expect(isDatabaseUnavailable(await failure(() => held.query("SELECT 1")))).toBe(true);
      held.release();
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(pool.totalCount).toBe(0);
      expect(isDatabaseUnavailable(await failure(() => prisma.$transaction([prisma.$queryRaw`SELECT 1`])))).toBe(true);
      expect(isDatabaseUnavailable(await failure(() => prisma.$queryRaw`SELECT 1`))).toBe(true);
      expect(isDatabaseUnavailable(await failure(() => pool.query("SELECT 1")))).toBe(true);
      await proxy.setMode("pass");
      // The connections the stall left stuck were closed, not handed out again: this one answers.
      expect(await prisma.$queryRaw<{ one: number }[]>`SELECT 1 AS one`).toEqual([{ one: 1 }]);
      // A real SQL error is still an error of its own, not an outage.
      expect(isDatabaseUnavailable(await failure(() => prisma.$queryRawUnsafe("SELEC 1")))).toBe(false);
    } finally {
      await close();
    }
  });
});
