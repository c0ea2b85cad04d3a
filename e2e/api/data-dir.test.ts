// One server per embedded data directory: PGlite is single-process, so a second server (or a
// migration run) on a directory in use refuses to start, naming the owner; a stale lock is taken over.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { createTestServer, freePort, ROOT, type TestServer } from "../support/server";

const LOCK = "keygate.lock";
const IN_USE = /^\[keygate\] (.+) is in use by another Keygate process \(pid (\d+), started ([^)]+)\); stop it first or set DATA_DIR$/m;

let dataDir: string;
let db: TestDatabase;
let env: Record<string, string | undefined>;
let first: TestServer;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "keygate-lock-it-"));
  db = await createTestDatabase(dataDir);
  env = { DATA_DIR: dataDir, DATABASE_URL: db.url, APP_SECRET: randomBytes(48).toString("base64url"), ADMIN_TOKEN: randomBytes(24).toString("base64url") };
  first = createTestServer(env, await freePort());
  await first.start();
});

afterAll(async () => {
  await first?.stop("SIGTERM");
  await db?.drop();
  await rm(dataDir, { recursive: true, force: true });
});

async function keyCount(server: TestServer): Promise<number> {
  const response = await fetch(`${server.url}/api/keys`, { headers: { authorization: `Bearer ${env.ADMIN_TOKEN}` } });
  expect(response.status).toBe(200);
  return ((await response.json()) as { total: number }).total;
}

function lockOwner(): { pid: number; startedAt: string } {
  return JSON.parse(readFileSync(path.join(dataDir, LOCK), "utf8"));
}

describe.runIf(process.env.KEYGATE_TEST_DB !== "postgresql")("embedded database (PGlite)", () => {
  test("a second server on the same DATA_DIR exits non-zero with one line naming the first; the first keeps serving", async () => {
    const owner = lockOwner();
    const second = createTestServer(env, await freePort());
    const started = Date.now();
    await expect(second.start()).rejects.toThrow(/exited with code 1/);
    expect(await second.exited()).toBe(1);
    // At once: no waiting on the database or on a timeout.
    expect(Date.now() - started).toBeLessThan(15_000);
    const match = IN_USE.exec(second.output());
    expect(match, second.output()).not.toBeNull();
    expect(match?.[1]).toBe(dataDir);
    expect(Number(match?.[2])).toBe(owner.pid);
    expect(match?.[3]).toBe(owner.startedAt);
    expect(second.output().split("\n").filter((line) => line.includes("in use"))).toHaveLength(1);
    // The refused start left the lock and the first server alone.
    expect(lockOwner()).toEqual(owner);
    const create = await fetch(`${first.url}/api/keys`, {
      method: "POST",
      headers: { authorization: `Bearer ${env.ADMIN_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "after the refused start" }),
    });
    expect(create.status).toBe(201);
    expect(await keyCount(first)).toBe(1);
  });

  test("npm run db:migrate on a directory in use refuses with the same line", async () => {
    const owner = lockOwner();
    const child = spawn(process.execPath, [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), "--conditions=react-server", "scripts/migrate.ts"], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "production", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr.on("data", (c: Buffer) => (output += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect(code, output).not.toBe(0);
    expect(output).toContain(`is in use by another Keygate process (pid ${owner.pid}, started ${owner.startedAt}); stop it first or set DATA_DIR`);
    expect(await keyCount(first)).toBe(1);
  });

  test("a clean stop removes the lock; a stale lock (its process gone) is taken over", async () => {
    expect(await first.stop("SIGTERM")).toBe(0);
    expect(existsSync(path.join(dataDir, LOCK))).toBe(false);
    let deadPid = 4_000_000;
    while (isAlive(deadPid)) deadPid++;
    writeFileSync(path.join(dataDir, LOCK), JSON.stringify({ pid: deadPid, startedAt: "2026-01-01T00:00:00.000Z" }));
    await first.start();
    expect(lockOwner().pid).not.toBe(deadPid);
    expect(isAlive(lockOwner().pid)).toBe(true);
    // Same data as before: the key created earlier is still there.
    expect(await keyCount(first)).toBe(1);
  });

  test("after a SIGKILL the next start takes the lock over", async () => {
    expect(await first.stop("SIGKILL")).toBeNull();
    expect(existsSync(path.join(dataDir, LOCK))).toBe(true);
    await first.start();
    expect(await keyCount(first)).toBe(1);
  });
});

describe.runIf(process.env.KEYGATE_TEST_DB === "postgresql")("PostgreSQL (DATABASE_URL)", () => {
  test("takes no lock: two servers with the same DATA_DIR both serve", async () => {
    expect(existsSync(path.join(dataDir, LOCK))).toBe(false);
    const second = createTestServer(env, await freePort());
    await second.start();
    try {
      expect(await keyCount(second)).toBe(await keyCount(first));
    } finally {
      expect(await second.stop("SIGTERM")).toBe(0);
    }
  });
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
