// Authors prisma/migrations/<timestamp>_<name>/migration.sql from the change to prisma/schema.prisma.
// Prisma's native schema engine cannot be downloaded here, so this drives its WASM build directly:
// "from" is the schema as committed with the newest migration (git), "to" is the working copy.
// Usage: npm run db:migration:create -- <name> [--from <git revision>]
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaPGlite } from "pglite-prisma-adapter";

const SCHEMA = "prisma/schema.prisma";
const MIGRATIONS = "prisma/migrations";

function fail(message: string): never {
  console.error(`db:migration:create: ${message}`);
  process.exit(1);
}

// --from <git revision>: diff from the schema at that revision instead of the newest migration's.
const fromIndex = process.argv.indexOf("--from");
const fromRevision = fromIndex > 0 ? process.argv[fromIndex + 1] : undefined;
const name = (process.argv.slice(2).find((a, i, all) => !a.startsWith("--") && all[i - 1] !== "--from") ?? "").trim().toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_|_$/g, "");
if (!name) fail("give the migration a name, e.g. `npm run db:migration:create -- add_key_expiry`");

mkdirSync(MIGRATIONS, { recursive: true });
const existing = readdirSync(MIGRATIONS, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
const untracked = execFileSync("git", ["status", "--porcelain", "--", MIGRATIONS], { encoding: "utf8" }).trim();
if (untracked) fail(`commit the pending migrations first (the diff starts from the committed schema):\n${untracked}`);

function committedSchema(): string | null {
  if (fromRevision) return execFileSync("git", ["show", `${fromRevision}:${SCHEMA}`], { encoding: "utf8" });
  if (existing.length === 0) return null;
  const commit = execFileSync("git", ["log", "-1", "--format=%H", "--", MIGRATIONS], { encoding: "utf8" }).trim();
  if (!commit) fail("prisma/migrations has folders but none is committed");
  return execFileSync("git", ["show", `${commit}:${SCHEMA}`], { encoding: "utf8" });
}

async function loadEngine() {
  const require = createRequire(import.meta.url);
  const dir = path.dirname(require.resolve("@prisma/schema-engine-wasm"));
  const bg = await import(path.join(dir, "schema_engine_bg.js"));
  const module = new WebAssembly.Module(readFileSync(path.join(dir, "schema_engine_bg.wasm")));
  const instance = new WebAssembly.Instance(module, { "./schema_engine_bg.js": bg });
  bg.__wbg_set_wasm(instance.exports);
  (instance.exports as { __wbindgen_start: () => void }).__wbindgen_start();
  return bg;
}

async function main() {
  const from = committedSchema();
  const to = readFileSync(SCHEMA, "utf8");
  const bg = await loadEngine();
  const pglite = new PGlite(); // in memory: the engine wants an adapter, the diff never touches it
  const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaPGlite(pglite));
  const engine = await bg.SchemaEngine.new({ datamodels: [[SCHEMA, to]] }, () => undefined, adapter);
  const result = await engine.diff({
    from: from === null ? { tag: "empty" } : { tag: "schemaDatamodel", files: [{ path: SCHEMA, content: from }] },
    to: { tag: "schemaDatamodel", files: [{ path: SCHEMA, content: to }] },
    script: true,
    exitCode: null,
    filters: { externalTables: [], externalEnums: [] },
  });
  await pglite.close();
  const sql: string = result.stdout ?? "";
  if (!sql.trim() || /^-- This is an empty migration/.test(sql.trim())) {
    console.log("No schema change since the last migration: nothing to write.");
    return;
  }
  const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  const dir = path.join(MIGRATIONS, `${stamp}_${name}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "migration.sql"), sql);
  console.log(`Wrote ${dir}/migration.sql`);
}

main().catch((error) => fail(error instanceof Error ? error.message : String(error)));
