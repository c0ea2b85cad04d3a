import "server-only";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { acquireDataDirLock, releaseDataDirLock } from "@/lib/data-dir-lock";
import { getEnv } from "@/lib/env";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { applyMigrations, pendingMigrations, SchemaBehindError, type SqlSession } from "@/lib/migrations";

function createClient(adapter: PrismaPGlite | PrismaPg) {
  // Secret columns never leave the database unless a query asks for them by name.
  return new PrismaClient({
    adapter,
    omit: {
      apiKey: { ciphertext: true, hash: true },
      provider: { apiKeyCiphertext: true },
      user: { passwordHash: true },
    },
  });
}

export type Db = ReturnType<typeof createClient>;

interface DbState {
  prisma: Db;
  kind: "pglite" | "postgresql";
  /** Plain SQL straight to the driver, for bulk reads where Prisma's result handling costs too much. */
  query<T>(sql: string, params: unknown[]): Promise<T[]>;
  /** Embedded database only: statements in one transaction straight through PGlite, COPY included. */
  transaction?: (statements: BulkStatement[]) => Promise<void>;
  close(): Promise<void>;
  /** The migrations this process applied when it opened the database (usually none). */
  migrated: string[];
}

/** A statement of pgliteTransaction: SQL with $n parameters, or a COPY … FROM '/dev/blob' and its rows. */
export interface BulkStatement {
  sql: string;
  params?: unknown[];
  /** The rows of a `COPY … FROM '/dev/blob'`, in COPY's text format (see copyValue). */
  copy?: string;
}

const store = globalThis as typeof globalThis & { __keygateDb?: Promise<DbState> };

// PostgreSQL inside PGlite zeroes its whole shared memory at start, so every megabyte of
// shared_buffers is resident for good (the default 128MB alone was ~110 MB of RSS), and the
// WebAssembly heap never shrinks, so maintenance_work_mem is the peak a VACUUM or CREATE INDEX
// leaves behind. The database file stays in the OS page cache: a page missing from the
// buffers costs a read() from it, not a disk seek. Measured with npm run bench:memory.
const PGLITE_SETTINGS = ["shared_buffers=16MB", "maintenance_work_mem=16MB"];

/**
 * A new data directory is set up in a short-lived child process: PGlite's initdb runs a second,
 * temporary database instance, and the ~500 MB it touches would stay in this process's RSS after
 * it is freed. Falls back to setting up in this process when no child can run here.
 */
async function initialiseInChild(dir: string): Promise<void> {
  if (existsSync(path.join(dir, "PG_VERSION"))) return;
  const code = 'const { PGlite } = await import("@electric-sql/pglite"); const db = new PGlite(process.argv[1]); await db.waitReady; await db.close();';
  const failure = await new Promise<string | null>((resolve) => {
    const child = spawn(process.execPath, ["--input-type=module", "-e", code, dir], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => void (stderr = (stderr + chunk.toString()).slice(-2000)));
    child.once("error", (error) => resolve(error.message));
    child.once("exit", (code) => resolve(code === 0 ? null : stderr.trim().split("\n").at(-1) || `exit code ${code}`));
  });
  if (failure) console.warn(`[keygate] setting up the database in a child process failed, setting it up here: ${failure}`);
}

async function openPglite(dataDir: string, shownAs: string): Promise<DbState> {
  mkdirSync(dataDir, { recursive: true });
  // Before PGlite touches the files: a second process on this directory refuses to start.
  acquireDataDirLock(dataDir, shownAs);
  const dir = path.join(dataDir, "pglite");
  let pglite: PGlite;
  try {
    await initialiseInChild(dir);
    pglite = new PGlite(dir, { startParams: [...PGlite.defaultStartParams, ...PGLITE_SETTINGS.flatMap((s) => ["-c", s])] });
    await pglite.waitReady;
  } catch (error) {
    releaseDataDirLock(dataDir);
    throw error;
  }
  const session: SqlSession = {
    query: async (sql, params) => (await pglite.query(sql, params)).rows as never,
    exec: async (sql) => void (await pglite.exec(sql)),
  };
  const migrated = await applyMigrations(session);
  const prisma = createClient(new PrismaPGlite(pglite));
  return {
    prisma,
    migrated,
    kind: "pglite",
    query: async (sql, params) => (await pglite.query(sql, params)).rows as never,
    transaction: (statements) =>
      pglite.transaction(async (tx) => {
        for (const { sql, params, copy } of statements) await tx.query(sql, params, copy === undefined ? undefined : { blob: new Blob([copy]) });
      }),
    close: async () => {
      await prisma.$disconnect();
      await pglite.close();
      releaseDataDirLock(dataDir);
    },
  };
}

/** True for node-postgres's own client-side deadline (query_timeout). */
const isReadTimeout = (error: unknown) => error instanceof Error && error.message === "Query read timeout";

/**
 * A statement that timed out is still in flight on its connection: nothing after it on that
 * connection would be answered before it is, so the connection is closed instead of reused.
 */
function closeOnReadTimeout(client: pg.Client): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  const close = () => (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
  const guarded = (...args: unknown[]) => {
    const callback = args.at(-1);
    if (typeof callback === "function") {
      args[args.length - 1] = (error: unknown, result: unknown) => {
        if (isReadTimeout(error)) close();
        (callback as (error: unknown, result: unknown) => void)(error, result);
      };
    }
    const result = query(...args);
    if (result instanceof Promise) result.catch((error: unknown) => isReadTimeout(error) && close());
    return result;
  };
  Object.assign(client, { query: guarded });
}

/**
 * Every wait on PostgreSQL has an end: connecting, waiting for a pooled connection
 * (DB_CONNECT_TIMEOUT_MS), and a statement, on the server (statement_timeout) and for its answer
 * to arrive (query_timeout, DB_QUERY_TIMEOUT_MS). A stalled network then fails fast, as a
 * refused one does, and lib/http/errors answers 503 database_unavailable.
 */
export function postgresPoolConfig(url: string, env: { DB_CONNECT_TIMEOUT_MS: number; DB_QUERY_TIMEOUT_MS: number }): pg.PoolConfig {
  return {
    connectionString: url,
    max: 10,
    connectionTimeoutMillis: env.DB_CONNECT_TIMEOUT_MS,
    query_timeout: env.DB_QUERY_TIMEOUT_MS,
    statement_timeout: env.DB_QUERY_TIMEOUT_MS,
    // A transaction whose client vanished mid-way (a stall) is rolled back by the server instead of
    // holding its locks until TCP notices: the usage recorder then knows it did not commit.
    idle_in_transaction_session_timeout: 2 * env.DB_QUERY_TIMEOUT_MS,
    // A peer that vanished without a word is noticed on idle connections too.
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  };
}

/**
 * Migrations run on a connection of their own, with the connect deadline but no statement deadline:
 * an index built on a large table may take minutes, and waiting for another instance's lock is fine.
 */
async function migratePostgres(config: pg.PoolConfig): Promise<string[]> {
  const client = new pg.Client({ ...config, query_timeout: undefined, statement_timeout: 0, idle_in_transaction_session_timeout: 0 });
  await client.connect();
  try {
    return await applyMigrations({
      query: async (sql, params) => (await client.query(sql, params)).rows,
      exec: async (sql) => void (await client.query(sql)),
    });
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The pool every PostgreSQL query goes through, with the timeouts above. */
export function createPostgresPool(config: pg.PoolConfig): pg.Pool {
  const pool = new pg.Pool(config);
  pool.on("connect", closeOnReadTimeout);
  // An idle connection that breaks (the server restarts) is dropped by the pool; without a listener
  // the error would end the process.
  pool.on("error", (error) => console.error("[keygate] database connection lost:", error.message));
  return pool;
}

async function openPostgres(url: string, migrate: boolean): Promise<DbState> {
  const config = postgresPoolConfig(url, getEnv());
  // Serverless: migrations run at deploy (vercel-build); many cold starts at once must not race on them.
  const migrated = migrate ? await migratePostgres(config) : [];
  const pool = createPostgresPool(config);
  if (!migrate) {
    const pending = await pendingMigrations({ query: async (sql, params) => (await pool.query(sql, params)).rows }).catch(async (error: unknown) => {
      await pool.end().catch(() => undefined);
      throw error;
    });
    if (pending.length > 0) {
      await pool.end().catch(() => undefined);
      throw new SchemaBehindError(pending);
    }
  }
  const prisma = createClient(new PrismaPg(pool));
  return {
    prisma,
    migrated,
    kind: "postgresql",
    query: async (sql, params) => (await pool.query(sql, params)).rows,
    close: async () => {
      await prisma.$disconnect();
      await pool.end().catch(() => undefined);
    },
  };
}

function open(migrate = !getEnv().serverless): Promise<DbState> {
  const env = getEnv();
  const state = env.DATABASE_URL ? openPostgres(env.DATABASE_URL, migrate) : openPglite(env.dataDir, env.DATA_DIR);
  // A failed open must not poison every later request: let the next call try again.
  state.catch(() => {
    if (store.__keygateDb === state) store.__keygateDb = undefined;
  });
  return state;
}

/** The only database client: opened lazily, migrated on first use, shared process-wide. */
export async function getDb(): Promise<Db> {
  store.__keygateDb ??= open();
  return (await store.__keygateDb).prisma;
}

export async function getDbKind(): Promise<DbState["kind"]> {
  store.__keygateDb ??= open();
  return (await store.__keygateDb).kind;
}

/**
 * Runs one SQL statement through the driver itself (no Prisma), e.g. `Prisma.sql\`…\`.text` and
 * `.values`. Dates are passed as UTC wall time, as Prisma stores them in `timestamp` columns.
 */
export async function rawQuery<T>(sql: string, params: unknown[]): Promise<T[]> {
  store.__keygateDb ??= open();
  const values = params.map((v) => (v instanceof Date ? v.toISOString().slice(0, -1) : typeof v === "bigint" ? v.toString() : v));
  return (await store.__keygateDb).query<T>(sql, values);
}

/**
 * Embedded database: runs the statements in one transaction through PGlite itself, without Prisma's
 * per-statement work; COPY (the cheapest way into a table) included. False on PostgreSQL, where
 * nothing was run.
 */
export async function pgliteTransaction(statements: BulkStatement[]): Promise<boolean> {
  store.__keygateDb ??= open();
  const { transaction } = await store.__keygateDb;
  if (!transaction) return false;
  await transaction(statements);
  return true;
}

// COPY's text format: a backslash, tab, newline or carriage return in a value is escaped, NULL is \N.
const COPY_SPECIAL = /[\\\t\n\r]/;
const COPY_ESCAPES: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };

/** One value in COPY's text format (a Date as UTC wall time, as Prisma stores `timestamp` columns). */
export function copyValue(value: string | number | boolean | Date | null | undefined): string {
  if (value === null || value === undefined) return "\\N";
  if (value instanceof Date) return value.toISOString().slice(0, -1);
  if (typeof value !== "string") return String(value);
  return COPY_SPECIAL.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c] ?? c) : value;
}

/** The names of the migrations applied when this process opened the database. */
export async function migrationsApplied(): Promise<string[]> {
  store.__keygateDb ??= open();
  return (await store.__keygateDb).migrated;
}

/** npm run db:migrate (and vercel-build): opens the database migrating it, in serverless mode too. */
export async function migrateDatabase(): Promise<string[]> {
  store.__keygateDb ??= open(true);
  return (await store.__keygateDb).migrated;
}

export async function closeDb(): Promise<void> {
  const state = store.__keygateDb;
  store.__keygateDb = undefined;
  if (state) await (await state).close();
}
