import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

/** The smallest SQL surface both PGlite and node-postgres offer. */
export interface SqlSession {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs a script of several statements (simple query protocol, no parameters). */
  exec(sql: string): Promise<void>;
}

// Same number Prisma Migrate uses, so this runner and `prisma migrate deploy` exclude each other.
const ADVISORY_LOCK_ID = 72707369;

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

export function migrationsDir(): string {
  return path.join(/*turbopackIgnore: true*/ process.cwd(), "prisma", "migrations");
}

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export async function readMigrations(dir = migrationsDir()): Promise<Migration[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    }),
  );
}

/**
 * Applies prisma/migrations/* in name order, keeping Prisma's own `_prisma_migrations` table,
 * one transaction per migration, under Prisma's advisory lock. Returns the names it applied.
 */
export async function applyMigrations(session: SqlSession, migrations?: Migration[]): Promise<string[]> {
  const all = migrations ?? (await readMigrations());
  await session.query("SELECT pg_advisory_lock($1)", [ADVISORY_LOCK_ID]);
  try {
    await session.exec(CREATE_TABLE);
    const rows = await session.query<{ migration_name: string; checksum: string }>(
      `SELECT migration_name, checksum FROM "_prisma_migrations"
       WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const applied = new Map(rows.map((r) => [r.migration_name, r.checksum]));
    const done: string[] = [];
    for (const m of all) {
      const checksum = applied.get(m.name);
      if (checksum !== undefined) {
        if (checksum !== m.checksum) {
          console.warn(`[keygate] migration ${m.name} was edited after it was applied (checksum differs)`);
        }
        continue;
      }
      await session.exec("BEGIN");
      try {
        await session.exec(m.sql);
        await session.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
           VALUES ($1, $2, $3, now(), now(), 1)`,
          [randomUUID(), m.checksum, m.name],
        );
        await session.exec("COMMIT");
      } catch (error) {
        await session.exec("ROLLBACK");
        throw new Error(`Migration ${m.name} failed: ${(error as Error).message}`, { cause: error });
      }
      done.push(m.name);
    }
    return done;
  } finally {
    await session.query("SELECT pg_advisory_unlock($1)", [ADVISORY_LOCK_ID]);
  }
}

/**
 * The migrations of this build not applied to the database (all of them when it has never been
 * migrated). Serverless mode checks this at start instead of migrating: migrations run at deploy.
 */
export async function pendingMigrations(session: Pick<SqlSession, "query">, migrations?: Migration[]): Promise<string[]> {
  const all = migrations ?? (await readMigrations());
  const [table] = await session.query<{ found: string | null }>(`SELECT to_regclass('"_prisma_migrations"')::text AS found`);
  if (!table?.found) return all.map((m) => m.name);
  const rows = await session.query<{ migration_name: string }>(
    `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
  );
  const applied = new Set(rows.map((r) => r.migration_name));
  return all.filter((m) => !applied.has(m.name)).map((m) => m.name);
}

export class SchemaBehindError extends Error {
  override name = "SchemaBehindError";
  constructor(readonly pending: string[]) {
    super(
      `the database schema is behind this build: ${pending.length} migration${pending.length === 1 ? "" : "s"} not applied (${pending.slice(0, 3).join(", ")}${pending.length > 3 ? ", …" : ""}). ` +
        "Serverless mode never migrates at runtime: run `npm run db:migrate` with this DATABASE_URL (the vercel-build script does it at every deploy)",
    );
  }
}
