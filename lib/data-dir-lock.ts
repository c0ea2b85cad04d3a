import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import path from "node:path";

// PGlite is single-process: a second server (or a migration run) on the same directory would open
// its own copy of the database and silently lose writes. A lock file in the data directory names
// the owner; a lock whose process is gone (a crash, a SIGKILL) is taken over.

export const LOCK_FILE = "keygate.lock";

interface LockOwner {
  pid: number;
  startedAt: string;
  command?: string;
}

export class DataDirInUseError extends Error {
  override name = "DataDirInUseError";
  constructor(
    readonly dataDir: string,
    readonly owner: LockOwner,
  ) {
    super(
      `${dataDir} is in use by another Keygate process (pid ${owner.pid}, started ${owner.startedAt}); stop it first or set DATA_DIR`,
    );
  }
}

function readOwner(file: string): LockOwner | null {
  try {
    const parsed = JSON.parse(readFileSync(file, "utf8")) as Partial<LockOwner>;
    return typeof parsed.pid === "number" && Number.isInteger(parsed.pid) && parsed.pid > 0
      ? { pid: parsed.pid, startedAt: String(parsed.startedAt ?? "at an unknown time"), command: parsed.command }
      : null;
  } catch {
    return null;
  }
}

/** Whether a process with this PID exists (EPERM: it exists but belongs to another user). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

const held = new Map<string, string>();

function releaseAllSync(): void {
  for (const file of held.values()) {
    if (readOwner(file)?.pid === process.pid) {
      try {
        unlinkSync(file);
      } catch {
        // Already gone.
      }
    }
  }
  held.clear();
}

let exitHookInstalled = false;

/**
 * Takes the data directory's lock for this process, or throws DataDirInUseError naming the live
 * owner. Taking it again from the same process is a no-op. Released by releaseDataDirLock() and,
 * as a last resort, when the process exits.
 */
export function acquireDataDirLock(dataDir: string, shownAs: string = dataDir): void {
  const file = path.join(dataDir, LOCK_FILE);
  if (held.has(dataDir)) return;
  mkdirSync(dataDir, { recursive: true });
  const mine: LockOwner = { pid: process.pid, startedAt: new Date().toISOString(), command: process.argv.slice(1).join(" ").slice(0, 200) };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, "wx", 0o644);
      try {
        writeSync(fd, `${JSON.stringify(mine)}\n`);
      } finally {
        closeSync(fd);
      }
      held.set(dataDir, file);
      if (!exitHookInstalled) {
        exitHookInstalled = true;
        process.once("exit", releaseAllSync);
      }
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const owner = readOwner(file);
    // A file being written this instant reads as empty: give its writer a moment before judging it.
    if (owner === null && attempt === 0) {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
      continue;
    }
    // Our own PID: a previous run in a container that always starts as the same PID, or a lock
    // left by this process; a dead PID or an unreadable file: stale. Either way it is ours now.
    if (owner !== null && owner.pid !== process.pid && processAlive(owner.pid)) throw new DataDirInUseError(shownAs, owner);
    try {
      unlinkSync(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
  }
  const owner = readOwner(file);
  throw new DataDirInUseError(shownAs, owner ?? { pid: 0, startedAt: "just now" });
}

export function releaseDataDirLock(dataDir: string): void {
  const file = held.get(dataDir);
  if (!file) return;
  held.delete(dataDir);
  if (readOwner(file)?.pid !== process.pid) return;
  try {
    unlinkSync(file);
  } catch {
    // Already gone.
  }
}
