// The database under test: embedded PGlite (in the server's DATA_DIR) or a fresh PostgreSQL database.
// KEYGATE_TEST_DB picks one (default pglite); `npm run test:integration` runs the suite once with each.
import { randomBytes } from "node:crypto";
import { cp } from "node:fs/promises";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { inject } from "vitest";

export type DbKind = "pglite" | "postgresql";

export const DEFAULT_TEST_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/postgres";

export function testDbKind(): DbKind {
  const value = (process.env.KEYGATE_TEST_DB ?? "pglite").toLowerCase();
  if (value === "pglite" || value === "postgresql") return value;
  throw new Error(`KEYGATE_TEST_DB must be "pglite" or "postgresql", not "${value}"`);
}

/** Where a server keeps its data: always a DATA_DIR, plus a PostgreSQL URL in postgresql mode. */
export interface TestDatabase {
  kind: DbKind;
  dataDir: string;
  /** DATABASE_URL for the server; undefined for the embedded database. */
  url: string | undefined;
  /** Runs SQL against the database. PGlite: only while no server has the directory open. */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Drops the PostgreSQL database (the data dir is the caller's to remove). */
  drop(): Promise<void>;
}

function serverUrl(): string {
  return process.env.TEST_DATABASE_URL || DEFAULT_TEST_DATABASE_URL;
}

/** Where the test PostgreSQL server listens (for a TCP proxy put in front of it). */
export function testPostgresAddress(): { host: string; port: number } {
  const url = new URL(serverUrl());
  return { host: url.hostname || "127.0.0.1", port: Number(url.port || 5432) };
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl() });
  try {
    await client.connect();
  } catch (error) {
    // A missing PostgreSQL fails the run: the suite must cover both databases, never silently one.
    throw new Error(
      `PostgreSQL is required for KEYGATE_TEST_DB=postgresql but ${serverUrl()} refused: ${(error as Error).message}. ` +
        "Start it (see .ci/run) or point TEST_DATABASE_URL at a server.",
      { cause: error },
    );
  }
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Throws a readable error when the PostgreSQL server cannot be reached. */
export async function checkPostgres(): Promise<void> {
  await admin((client) => client.query("SELECT 1"));
}

export async function createTestDatabase(dataDir: string): Promise<TestDatabase> {
  const kind = testDbKind();
  if (kind === "pglite") {
    const template = inject("pgliteTemplate");
    if (template) await cp(path.join(template, "pglite"), path.join(dataDir, "pglite"), { recursive: true });
    return {
      kind,
      dataDir,
      url: undefined,
      async query<T>(sql: string, params?: unknown[]) {
        const db = new PGlite(path.join(dataDir, "pglite"));
        try {
          return (await db.query(sql, params)).rows as T[];
        } finally {
          await db.close();
        }
      },
      drop: async () => undefined,
    };
  }
  const name = `keygate_test_${randomBytes(6).toString("hex")}`;
  await admin((client) => client.query(`CREATE DATABASE "${name}"`));
  const url = withDatabase(serverUrl(), name);
  return {
    kind,
    dataDir,
    url,
    async query<T>(sql: string, params?: unknown[]) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        return (await client.query(sql, params)).rows as T[];
      } finally {
        await client.end();
      }
    },
    drop: () => admin(async (client) => void (await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`))),
  };
}
