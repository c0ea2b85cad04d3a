// The embedded database as the server opens it: a new data directory is set up in a child process
// (not here), and PostgreSQL runs with the small memory settings that keep the server's RSS low.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import { closeDb, getDbKind, rawQuery } from "@/lib/db";
import { resetEnvForTests } from "@/lib/env";

const dataDir = mkdtempSync(path.join(tmpdir(), "keygate-db-"));
const warn = vi.spyOn(console, "warn");

beforeAll(() => {
  vi.stubEnv("DATA_DIR", dataDir);
  vi.stubEnv("DATABASE_URL", "");
  vi.stubEnv("APP_SECRET", "db-test-secret-0123456789abcdefghijklmn");
  resetEnvForTests();
});

afterAll(async () => {
  await closeDb();
  vi.unstubAllEnvs();
  resetEnvForTests();
  rmSync(dataDir, { recursive: true, force: true });
});

const setting = async (name: string) => (await rawQuery<Record<string, string>>(`SHOW ${name}`, []))[0]?.[name];

test("a new data directory is set up by a child process, then opened with small buffers", { timeout: 120_000 }, async () => {
  expect(existsSync(path.join(dataDir, "pglite", "PG_VERSION"))).toBe(false);
  expect(await getDbKind()).toBe("pglite");
  expect(existsSync(path.join(dataDir, "pglite", "PG_VERSION"))).toBe(true);
  // The fallback (setting up in this process) announces itself.
  expect(warn.mock.calls.flat().join(" ")).not.toMatch(/child process failed/);
  expect(await setting("shared_buffers")).toBe("16MB");
  expect(await setting("maintenance_work_mem")).toBe("16MB");
  // Migrated: the tables exist.
  expect(await rawQuery<{ n: number }>(`SELECT count(*)::int AS n FROM "ApiKey"`, [])).toEqual([{ n: 0 }]);
});

test("an existing data directory opens again with the same settings", { timeout: 120_000 }, async () => {
  await rawQuery(`INSERT INTO "Setting" ("key", "value", "updatedAt") VALUES ('db.test', '1'::jsonb, now())`, []);
  await closeDb();
  expect(await setting("shared_buffers")).toBe("16MB");
  expect(await rawQuery<{ key: string }>(`SELECT "key" FROM "Setting" WHERE "key" = 'db.test'`, [])).toEqual([{ key: "db.test" }]);
});
