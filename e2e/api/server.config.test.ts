// A misconfigured server refuses to start, saying why in one line, instead of failing later.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createTestServer, freePort } from "../support/server";

let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "keygate-config-"));
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

test.each([
  ["APP_SECRET too short", { APP_SECRET: "short" }, "Invalid configuration: APP_SECRET must be at least 32 characters"],
  ["ADMIN_TOKEN too short", { ADMIN_TOKEN: "short" }, "Invalid configuration: ADMIN_TOKEN must be at least 24 characters"],
  ["UPSTREAM_API_KEY without UPSTREAM_BASE_URL", { UPSTREAM_API_KEY: "sk-x" }, "Invalid configuration: UPSTREAM_API_KEY is set but UPSTREAM_BASE_URL is not"],
  ["DATABASE_URL without APP_SECRET", { DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/postgres" }, "APP_SECRET is required with DATABASE_URL"],
  ["DATABASE_URL that is not PostgreSQL", { DATABASE_URL: "mysql://localhost/db" }, "Invalid configuration: DATABASE_URL must be a postgresql:// URL"],
])("%s: exits with code 1 and the reason", async (_, env, reason) => {
  const server = createTestServer({ DATA_DIR: dataDir, ...env }, await freePort());
  await expect(server.start()).rejects.toThrow(/exited with code 1 before it was ready/);
  expect(await server.exited()).toBe(1);
  expect(server.output()).toContain(`[keygate] ${reason}`);
  // One line, not a stack trace.
  expect(server.output()).not.toMatch(/^\s+at /m);
});
