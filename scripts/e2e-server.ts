// The server under e2e test: the production build (scripts/start.mjs) on a database of its own,
// a fresh embedded PGlite directory by default, or a fresh database on a *local* PostgreSQL when
// E2E_DATABASE_URL is set. Both are removed when Playwright stops the server.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { assertLocalDatabase } from "../e2e/support/local-database";

if (!existsSync(path.join(process.cwd(), ".next", "BUILD_ID"))) {
  console.error("[e2e] No production build found: run `npm run build` first (npm test does).");
  process.exit(1);
}

const adminUrl = process.env.E2E_DATABASE_URL || undefined;
assertLocalDatabase(adminUrl);

const dataDir = mkdtempSync(path.join(os.tmpdir(), "keygate-e2e-"));
const dbName = `keygate_e2e_${randomBytes(4).toString("hex")}`;

async function createDatabase(): Promise<string> {
  if (!adminUrl) return "";
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${dbName}`;
  return url.toString();
}

function start(databaseUrl: string) {
  return spawn(process.execPath, ["scripts/start.mjs"], {
  stdio: "inherit",
  env: {
    ...process.env,
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    APP_SECRET: adminUrl ? randomBytes(36).toString("base64url") : "",
  },
  });
}

async function cleanUp(): Promise<void> {
  rmSync(dataDir, { recursive: true, force: true });
  if (!adminUrl) return;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.end();
}

void createDatabase().then((databaseUrl) => {
  const child = start(databaseUrl);
  for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, () => child.kill(signal));
  child.on("exit", (code) => {
    cleanUp()
      .catch((error: unknown) => console.error(`[e2e] clean-up failed: ${(error as Error).message}`))
      .finally(() => process.exit(code ?? 1));
  });
});
