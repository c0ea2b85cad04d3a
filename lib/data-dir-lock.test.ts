import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { acquireDataDirLock, DataDirInUseError, LOCK_FILE, releaseDataDirLock } from "@/lib/data-dir-lock";

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "keygate-lock-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) {
    releaseDataDirLock(dir);
    rmSync(dir, { recursive: true, force: true });
  }
});

describe("data directory lock", () => {
  it("writes this process's pid and start time, and removes the file on release", () => {
    const dir = tempDir();
    acquireDataDirLock(dir);
    const owner = JSON.parse(readFileSync(path.join(dir, LOCK_FILE), "utf8"));
    expect(owner.pid).toBe(process.pid);
    expect(Number.isNaN(Date.parse(owner.startedAt))).toBe(false);
    releaseDataDirLock(dir);
    expect(existsSync(path.join(dir, LOCK_FILE))).toBe(false);
  });

  it("refuses a directory held by a live process, naming it", () => {
    const dir = tempDir();
    // The parent (the vitest runner) is alive for as long as this test runs.
    writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify({ pid: process.ppid, startedAt: "2026-12-02T10:00:00.000Z" }));
    let thrown: unknown;
    try {
      acquireDataDirLock(dir, "./data");
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DataDirInUseError);
    expect((thrown as Error).message).toBe(
      `./data is in use by another Keygate process (pid ${process.ppid}, started 2026-12-02T10:00:00.000Z); stop it first or set DATA_DIR`,
    );
    // The other process's lock is left alone.
    expect(JSON.parse(readFileSync(path.join(dir, LOCK_FILE), "utf8")).pid).toBe(process.ppid);
  });

  it("takes over a stale lock whose process is gone, and an unreadable one", () => {
    for (const content of [JSON.stringify({ pid: 2 ** 22 + 12345, startedAt: "2026-01-01T00:00:00Z" }), "garbage"]) {
      const dir = tempDir();
      writeFileSync(path.join(dir, LOCK_FILE), content);
      acquireDataDirLock(dir);
      expect(JSON.parse(readFileSync(path.join(dir, LOCK_FILE), "utf8")).pid).toBe(process.pid);
    }
  });
});
