// Runs once per integration run, before any test file.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { TestProject } from "vitest/node";
import { checkPostgres, testDbKind } from "./database";
import { V1_PATH } from "./server";

declare module "vitest" {
  export interface ProvidedContext {
    /** An initialised, empty PGlite cluster each server's DATA_DIR starts as a copy of. */
    pgliteTemplate: string | null;
  }
}

export default async function setup(project: TestProject) {
  const kind = testDbKind();
  console.log(`[integration] database: ${kind}, /v1 ${V1_PATH === "next" ? "through Next.js" : "on the lean path"}`);
  if (kind === "postgresql") {
    // Fail the whole run at once, with the reason, rather than every file on its own.
    await checkPostgres();
    project.provide("pgliteTemplate", null);
    return;
  }
  // initdb takes seconds; copying its result takes milliseconds.
  const dir = await mkdtemp(path.join(tmpdir(), "keygate-pglite-template-"));
  const db = new PGlite(path.join(dir, "pglite"));
  await db.waitReady;
  await db.close();
  project.provide("pgliteTemplate", dir);
  return () => rm(dir, { recursive: true, force: true });
}
