// Child processes of `npm run bench`: started pinned to a core, measured through /proc, and all of
// them (with anything they forked) killed when the bench ends, fails or is interrupted.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { statTicks, statusRssBytes } from "./stats";

/** The core every measured target runs on, and the core of the load generator. */
export const TARGET_CORE = 1;
export const LOAD_CORE = 0;
export const canPin = process.platform === "linux" && spawnSync("taskset", ["-V"]).status === 0;
const TICKS_PER_SECOND = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout.trim()) || 100;

const children = new Set<ChildProcess>();
const cleanups: (() => void)[] = [];

export interface StartOptions {
  env?: Record<string, string>;
  cwd?: string;
  core?: number;
  nice?: number;
  /** Keep stdout (to read it); otherwise it is dropped. Stderr goes to `log` (or is dropped). */
  captureStdout?: boolean;
  log?: (text: string) => void;
}

/** Starts `command` (pinned with taskset, niced); the pid is the command's own (taskset and nice exec). */
export function start(command: string, args: string[], options: StartOptions = {}): ChildProcess {
  const prefix: string[] = [];
  if (canPin && options.core !== undefined) prefix.push("taskset", "-c", String(options.core));
  if (options.nice) prefix.push("nice", "-n", String(options.nice));
  const [file, ...rest] = [...prefix, command, ...args] as [string, ...string[]];
  const child = spawn(file, rest, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", options.captureStdout ? "pipe" : "ignore", options.log ? "pipe" : "ignore"],
  });
  if (options.log) child.stderr?.on("data", (chunk: Buffer) => options.log?.(chunk.toString("utf8")));
  children.add(child);
  child.once("exit", () => children.delete(child));
  return child;
}

/** Runs `fn` when the bench exits, however it exits (temp directories). */
export function onCleanup(fn: () => void): void {
  cleanups.push(fn);
}

/** pid and every process below it, from /proc (next start and npm can fork). */
export function processTree(pid: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const { ppid } = statTicks(readFileSync(`/proc/${entry}/stat`, "utf8"));
      parents.set(ppid, [...(parents.get(ppid) ?? []), Number(entry)]);
    } catch {
      // the process ended while we looked
    }
  }
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) tree.push(...(parents.get(tree[i] as number) ?? []));
  return tree;
}

/** CPU time (user + system) of a process tree so far, in microseconds. */
export function cpuMicros(pid: number): number {
  let ticks = 0;
  for (const p of processTree(pid)) {
    try {
      ticks += statTicks(readFileSync(`/proc/${p}/stat`, "utf8")).ticks;
    } catch {
      // ended
    }
  }
  return (ticks * 1e6) / TICKS_PER_SECOND;
}

/** Resident memory of a process tree, in bytes. */
export function rssBytes(pid: number): number {
  let total = 0;
  for (const p of processTree(pid)) {
    try {
      total += statusRssBytes(readFileSync(`/proc/${p}/status`, "utf8"));
    } catch {
      // ended
    }
  }
  return total;
}

/** Moves a running process (all its threads) to another core. */
export function pin(pid: number, core: number): void {
  if (canPin) spawnSync("taskset", ["-a", "-p", "-c", String(core), String(pid)], { stdio: "ignore" });
}

/** Sends SIGTERM to the child and what it forked, then SIGKILL after `graceMs`; resolves on exit. */
export async function stop(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const tree = processTree(child.pid);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  for (const pid of tree) signal(pid, "SIGTERM");
  const timer = setTimeout(() => {
    for (const pid of tree) signal(pid, "SIGKILL");
  }, graceMs);
  await exited;
  clearTimeout(timer);
  // Forked processes that outlived their parent.
  for (const pid of tree.slice(1)) signal(pid, "SIGKILL");
}

/** Whether pid is alive (a zombie, killed but not yet reaped, counts as gone). */
function running(pid: number): boolean {
  try {
    return !/^\S+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}

/** Kills every child still running (and what it forked) at once; synchronous, for exit handlers. */
export function killAll(): void {
  const killed: number[] = [];
  for (const child of children) if (child.pid !== undefined) killed.push(...processTree(child.pid));
  for (const pid of killed) signal(pid, "SIGKILL");
  children.clear();
  // Wait (up to 3 s) until they are gone, so none still writes into a folder removed below.
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  const deadline = Date.now() + 3_000;
  while (killed.some((pid) => running(pid)) && Date.now() < deadline) Atomics.wait(sleeper, 0, 0, 20);
  for (const fn of cleanups.splice(0)) {
    try {
      fn();
    } catch {
      // best effort
    }
  }
}

export function removeDir(dir: string): void {
  if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no free port"))));
    });
  });
}

/** Polls `url` until it answers (any status below 500), the child exits, or the time is up. */
export async function waitFor(url: string, child: ChildProcess, timeoutMs: number, what: string, init?: RequestInit): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${what} exited (${child.exitCode ?? child.signalCode}) before it answered`);
    try {
      const response = await fetch(url, { ...init, signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      if (response.status < 500) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`${what} did not answer ${url} within ${timeoutMs / 1000} s`);
}
