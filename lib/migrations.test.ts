import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi } from "vitest";
import { applyMigrations, migrationsDir, pendingMigrations, readMigrations, SchemaBehindError, type Migration, type SqlSession } from "@/lib/migrations";

let pglite: PGlite;
let session: SqlSession;

// One in-memory database for the file (creating one takes seconds), emptied before each test.
beforeAll(async () => {
  pglite = new PGlite();
  await pglite.waitReady;
  session = {
    query: async (sql, params) => (await pglite.query(sql, params)).rows as never,
    exec: async (sql) => void (await pglite.exec(sql)),
  };
});

afterAll(async () => {
  await pglite?.close();
});

beforeEach(async () => {
  await session.exec("DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
});

afterEach(() => {
  vi.restoreAllMocks();
});

function migration(name: string, sql: string): Migration {
  return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
}

async function tables(): Promise<string[]> {
  const rows = await session.query<{ tablename: string }>("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename");
  return rows.map((r) => r.tablename);
}

async function advisoryLocks(): Promise<number> {
  const rows = await session.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory'");
  return rows[0]?.n ?? -1;
}

describe("the project's migrations", () => {
  test("apply once to an empty database and create the schema", async () => {
    const names = (await readMigrations()).map((m) => m.name);
    expect(names.length).toBeGreaterThan(0);
    expect(await applyMigrations(session)).toEqual(names);
    expect(await tables()).toEqual(expect.arrayContaining(["ApiKey", "Provider", "RequestLog", "Setting", "User", "_prisma_migrations"]));
  });

  test("a second run applies nothing and changes nothing", async () => {
    await applyMigrations(session);
    const before = await session.query(`SELECT * FROM "_prisma_migrations" ORDER BY migration_name`);
    expect(await applyMigrations(session)).toEqual([]);
    expect(await session.query(`SELECT * FROM "_prisma_migrations" ORDER BY migration_name`)).toEqual(before);
  });

  test("each is recorded in _prisma_migrations as Prisma Migrate records it", async () => {
    await applyMigrations(session);
    const rows = await session.query<Record<string, unknown>>(`SELECT * FROM "_prisma_migrations" ORDER BY migration_name`);
    const files = await readMigrations();
    expect(rows).toHaveLength(files.length);
    for (const [i, row] of rows.entries()) {
      const name = files[i]?.name ?? "";
      const onDisk = readFileSync(path.join(migrationsDir(), name, "migration.sql"));
      expect(row).toMatchObject({
        migration_name: name,
        checksum: createHash("sha256").update(onDisk).digest("hex"),
        rolled_back_at: null,
        logs: null,
        applied_steps_count: 1,
      });
      expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.started_at).toBeInstanceOf(Date);
    }
    expect(await advisoryLocks()).toBe(0);
  });
});

describe("applyMigrations", () => {
  test("applies new migrations after the ones already applied, in the order given", async () => {
    const first = migration("20260101000000_a", 'CREATE TABLE "a" (id int);');
    const second = migration("20260102000000_b", 'CREATE TABLE "b" (id int);');
    expect(await applyMigrations(session, [first])).toEqual([first.name]);
    expect(await applyMigrations(session, [first, second])).toEqual([second.name]);
    expect(await tables()).toEqual(["_prisma_migrations", "a", "b"]);
  });

  test("a failing migration is rolled back whole, not recorded, and tried again next time", async () => {
    const good = migration("1_good", 'CREATE TABLE "good" (id int);');
    const bad = migration("2_bad", 'CREATE TABLE "half" (id int);\nSELECT * FROM "no_such_table";');
    await expect(applyMigrations(session, [good, bad])).rejects.toThrow(/Migration 2_bad failed: .*no_such_table/);
    expect(await tables()).toEqual(["_prisma_migrations", "good"]);
    const names = await session.query<{ migration_name: string }>(`SELECT migration_name FROM "_prisma_migrations"`);
    expect(names.map((r) => r.migration_name)).toEqual(["1_good"]);
    expect(await advisoryLocks()).toBe(0);

    const fixed = migration("2_bad", 'CREATE TABLE "half" (id int);');
    expect(await applyMigrations(session, [good, fixed])).toEqual(["2_bad"]);
  });

  test("a migration edited after it was applied is not applied again, but reported", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    await applyMigrations(session, [migration("1_t", 'CREATE TABLE "t" (id int);')]);
    expect(await applyMigrations(session, [migration("1_t", 'CREATE TABLE "t" (id bigint);')])).toEqual([]);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("1_t was edited after it was applied"));
  });
});

describe("readMigrations", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "keygate-migrations-"));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  test("reads folders in name order with the sha256 of each file, ignoring other files", async () => {
    for (const [name, sql] of [["20260102_b", "SELECT 2;"], ["20260101_a", "SELECT 1;"]] as const) {
      mkdirSync(path.join(dir, name));
      writeFileSync(path.join(dir, name, "migration.sql"), sql);
    }
    writeFileSync(path.join(dir, "migration_lock.toml"), 'provider = "postgresql"');
    expect(await readMigrations(dir)).toEqual([migration("20260101_a", "SELECT 1;"), migration("20260102_b", "SELECT 2;")]);
  });
});

describe("pendingMigrations (serverless mode checks instead of migrating)", () => {
  const all = [migration("0001_a", "CREATE TABLE a (id int)"), migration("0002_b", "CREATE TABLE b (id int)")];

  test("a database never migrated lacks every migration, and nothing is created by asking", async () => {
    expect(await pendingMigrations(session, all)).toEqual(["0001_a", "0002_b"]);
    expect(await tables()).toEqual([]);
  });

  test("names the ones not applied yet, none once all are", async () => {
    await applyMigrations(session, all.slice(0, 1));
    expect(await pendingMigrations(session, all)).toEqual(["0002_b"]);
    await applyMigrations(session, all);
    expect(await pendingMigrations(session, all)).toEqual([]);
  });

  test("the error says what is missing and how to apply it", () => {
    const error = new SchemaBehindError(["0002_b", "0003_c"]);
    expect(error.message).toMatch(/^the database schema is behind this build: 2 migrations not applied \(0002_b, 0003_c\)\. .*npm run db:migrate/);
  });
});
