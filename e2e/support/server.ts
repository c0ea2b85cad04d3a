// Starts the real production server (`node scripts/start.mjs` over the `next build` output) as a
// child process on a free loopback port, with its own environment, and captures what it prints.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));

const READY = "[keygate] ready on";

/** Which way the server answers /v1 in this run: "lean" (scripts/start.mjs calls the handlers) or "next". */
export const V1_PATH: "lean" | "next" = process.env.KEYGATE_TEST_V1 === "next" ? "next" : "lean";
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 20_000;

/** A port nothing listens on right now (the kernel picks it; we close and hand it on). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== "object" || address === null) throw new Error("could not find a free port");
  return address.port;
}

// Children still running when the test process exits (a crashed test) are not left behind.
const live = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of live) child.kill("SIGKILL");
});

export interface TestServer {
  url: string;
  port: number;
  /** Everything the server printed on stdout and stderr, over all its runs. */
  output(): string;
  /** Starts the server (again) with the same environment and port; resolves once it listens. */
  start(): Promise<void>;
  /** Sends `signal` and resolves with the exit code (null when killed by a signal). */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /** The running process's exit, for tests that signal it themselves. */
  exited(): Promise<number | null>;
  /** The running process's id (for tests that read its memory from /proc). */
  pid(): number | undefined;
}

/** The tests run the `next build` output: refuse a missing one, or one older than the code it was built from. */
export function checkBuild(): void {
  const buildId = path.join(ROOT, ".next", "BUILD_ID");
  if (!existsSync(buildId)) throw new Error("No production build: run `npm run build` before the integration tests");
  const built = statSync(buildId).mtimeMs;
  for (const dir of ["app", "lib"]) {
    for (const entry of readdirSync(path.join(ROOT, dir), { recursive: true, withFileTypes: true })) {
      const file = path.join(entry.parentPath, entry.name);
      if (!entry.isFile() || /\.test\.ts$/.test(entry.name) || file.includes(`${path.sep}generated${path.sep}`)) continue;
      if (statSync(file).mtimeMs > built) {
        throw new Error(`The production build is older than ${path.relative(ROOT, file)}: run \`npm run build\` first`);
      }
    }
  }
}

export interface TestServerOptions {
  /**
   * "next": plain `next start` (no custom server, no lean path), as a serverless host runs the app;
   * ready once GET /api/health answers 200. Default: scripts/start.mjs.
   */
  command?: "start" | "next";
}

/** A server process on `port` with `env` (over a minimal base); nothing runs until start(). */
export function createTestServer(env: Record<string, string | undefined>, port: number, options: TestServerOptions = {}): TestServer {
  checkBuild();
  let output = "";
  let child: ChildProcess | undefined;
  let exit: Promise<number | null> = Promise.resolve(null);

  const fullEnv: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    HOST: "127.0.0.1",
    PORT: String(port),
    // KEYGATE_TEST_V1=next runs the specs against the /v1 route handlers through Next.js (as on
    // Vercel); by default the server answers /v1 on its lean path.
    ...(V1_PATH === "next" ? { KEYGATE_LEAN_V1: "off" } : {}),
    ...env,
  };

  async function start(): Promise<void> {
    if (child && child.exitCode === null && child.signalCode === null) throw new Error("server is already running");
    const args = options.command === "next" ? [path.join("node_modules", "next", "dist", "bin", "next"), "start", "-H", "127.0.0.1", "-p", String(port)] : ["scripts/start.mjs"];
    const proc = spawn(process.execPath, args, { cwd: ROOT, env: fullEnv, stdio: ["ignore", "pipe", "pipe"] });
    child = proc;
    live.add(proc);
    exit = new Promise((resolve) =>
      proc.once("exit", (code) => {
        live.delete(proc);
        resolve(code);
      }),
    );
    const runStart = output.length;
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start within ${START_TIMEOUT_MS} ms:\n${output}`)), START_TIMEOUT_MS);
      proc.stdout?.on("data", (chunk: Buffer) => {
        output += chunk.toString("utf8");
        // Only this run's line counts: a restarted server prints it again.
        if (output.includes(READY, runStart)) {
          clearTimeout(timer);
          resolve();
        }
      });
      proc.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
      void exit.then((code) => {
        clearTimeout(timer);
        reject(new Error(`server exited with code ${code} before it was ready:\n${output}`));
      });
      if (options.command === "next") {
        void healthy(`http://127.0.0.1:${port}/api/health`, () => proc.exitCode !== null || proc.signalCode !== null).then(() => {
          clearTimeout(timer);
          resolve();
        });
      }
    });
    await ready;
  }

  async function stop(signal: NodeJS.Signals = "SIGTERM"): Promise<number | null> {
    const proc = child;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return exit;
    proc.kill(signal);
    const timer = setTimeout(() => proc.kill("SIGKILL"), STOP_TIMEOUT_MS);
    try {
      return await exit;
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    output: () => output,
    start,
    stop,
    exited: () => exit,
    pid: () => child?.pid,
  };
}

/** Resolves once `url` answers 200 (never, if `gone` says the process ended first). */
async function healthy(url: string, gone: () => boolean): Promise<void> {
  while (!gone()) {
    const ok = await fetch(url).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return new Promise(() => undefined);
}
