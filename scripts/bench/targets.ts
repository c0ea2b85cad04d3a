// The processes `npm run bench` measures: the mock upstream, the floor, Portkey and Keygate on both
// of its paths. Each is started on the target core; Keygate on a fresh embedded database.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort, onCleanup, removeDir, start, stop, TARGET_CORE, waitFor } from "./procs";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
export const UPSTREAM_KEY = "sk-upstream-bench";
export const FLOOR_KEY = "sk-floor-bench";
export const ADMIN_TOKEN = "bench-admin-token-0123456789abcdef";

export interface Target {
  child: ChildProcess;
  pid: number;
  origin: string;
}

function started(child: ChildProcess, port: number): Target {
  if (child.pid === undefined) throw new Error("could not start a child process");
  return { child, pid: child.pid, origin: `http://127.0.0.1:${port}` };
}

/** Collects a child's stderr so a failed start can say why. */
function tail(): { log: (text: string) => void; text: () => string } {
  let text = "";
  return { log: (t) => (text = (text + t).slice(-4000)), text: () => text.trim() };
}

export async function startMock(): Promise<Target> {
  const port = await freePort();
  const out = tail();
  const child = start(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts/mock-upstream.ts"), String(port)], { env: { MOCK_UPSTREAM_KEY: UPSTREAM_KEY }, core: TARGET_CORE, log: out.log });
  const target = started(child, port);
  await waitFor(`${target.origin}/v1/models`, child, 60_000, `the mock upstream (${out.text()})`);
  return target;
}

export async function startFloor(upstream: string): Promise<Target> {
  const port = await freePort();
  const child = start(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts/bench/floor.ts"), String(port), upstream, FLOOR_KEY, UPSTREAM_KEY], { core: TARGET_CORE });
  const target = started(child, port);
  await waitFor(`${target.origin}/v1/models`, child, 30_000, "the floor");
  return target;
}

// Portkey lives outside the project's dependencies: installed on first use into this cache folder.
const PORTKEY_DIR = path.join(ROOT, "node_modules/.cache/keygate-bench/portkey");
const PORTKEY_VERSION = "1.15.2";
// @hono/node-server 1.14+ breaks Portkey's streaming ("TypeError: immutable").
const HONO_NODE_SERVER_VERSION = "1.13.5";
const PORTKEY_ENTRY = path.join(PORTKEY_DIR, "node_modules/@portkey-ai/gateway/build/start-server.js");

function installedVersion(pkg: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(path.join(PORTKEY_DIR, "node_modules", pkg, "package.json"), "utf8")) as { version?: string }).version;
  } catch {
    return undefined;
  }
}

/** Runs a command to its end, its stderr kept for the error; throws when it fails. */
async function run(command: string, args: string[], cwd: string, what: string): Promise<void> {
  const out = tail();
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" }, stdio: ["ignore", "ignore", "pipe"] });
    child.stderr.on("data", (chunk: Buffer) => out.log(chunk.toString("utf8")));
    child.once("error", (error) => (out.log(error.message), resolve(-1)));
    child.once("close", resolve);
  });
  if (code !== 0) throw new Error(`${what} failed: ${out.text().split("\n").filter(Boolean).slice(-2).join(" ") || `exit ${code}`}`);
}

/** Installs Portkey into the cache folder when it is not there yet; throws with the reason if it cannot. */
export async function ensurePortkey(log: (line: string) => void): Promise<void> {
  if (existsSync(PORTKEY_ENTRY) && installedVersion("@portkey-ai/gateway") === PORTKEY_VERSION && installedVersion("@hono/node-server") === HONO_NODE_SERVER_VERSION) return;
  mkdirSync(PORTKEY_DIR, { recursive: true });
  writeFileSync(
    path.join(PORTKEY_DIR, "package.json"),
    `${JSON.stringify({ name: "keygate-bench-portkey", private: true, dependencies: { "@portkey-ai/gateway": PORTKEY_VERSION, "@hono/node-server": HONO_NODE_SERVER_VERSION }, overrides: { "@hono/node-server": HONO_NODE_SERVER_VERSION } }, null, 2)}\n`,
  );
  log(`portkey: installing @portkey-ai/gateway ${PORTKEY_VERSION} into ${path.relative(ROOT, PORTKEY_DIR)} (once)`);
  await run("npm", ["install", "--prefix", PORTKEY_DIR, "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel", "error"], PORTKEY_DIR, "npm install");
  if (!existsSync(PORTKEY_ENTRY)) throw new Error(`npm install failed: ${path.relative(ROOT, PORTKEY_ENTRY)} is missing after it`);
}

export async function startPortkey(): Promise<Target> {
  const port = await freePort();
  const out = tail();
  const child = start(process.execPath, [PORTKEY_ENTRY, `--port=${port}`, "--headless"], { cwd: PORTKEY_DIR, core: TARGET_CORE, log: out.log });
  const target = started(child, port);
  await waitFor(`${target.origin}/`, child, 60_000, `portkey (${out.text()})`);
  return target;
}

/** The headers Portkey needs to reach the mock upstream as an OpenAI-compatible provider. */
export function portkeyHeaders(upstream: string): Record<string, string> {
  return { authorization: `Bearer ${UPSTREAM_KEY}`, "x-portkey-provider": "openai", "x-portkey-custom-host": `${upstream}/v1` };
}

// An earlier commit's build, run under `next start` beside today's: issue 13's through-Next target
// ("30 % less CPU than when it was filed") measured in the same run rather than against an old number.
const BASELINE_DIR = path.join(ROOT, "node_modules/.cache/keygate-bench");

/** The full commit id of `rev`, or throws with git's reason. */
function commitOf(rev: string): string {
  const out = spawnSync("git", ["rev-parse", "--verify", "--quiet", `${rev}^{commit}`], { cwd: ROOT, encoding: "utf8" });
  const sha = out.stdout.trim();
  if (out.status !== 0 || !/^[0-9a-f]{40}$/.test(sha)) throw new Error(`--baseline: "${rev}" is not a commit of this repository`);
  return sha;
}

/**
 * The production build of commit `rev` (its files from git, its own dependencies, `next build`),
 * made once into node_modules/.cache/keygate-bench/baseline-<commit>; returns that folder.
 */
export async function ensureBaseline(rev: string, log: (line: string) => void): Promise<{ dir: string; commit: string }> {
  const commit = commitOf(rev);
  const dir = path.join(BASELINE_DIR, `baseline-${commit.slice(0, 12)}`);
  const ready = path.join(dir, ".keygate-bench-ready");
  if (existsSync(ready)) return { dir, commit };
  removeDir(dir);
  mkdirSync(dir, { recursive: true });
  log(`baseline: building ${commit.slice(0, 12)} into ${path.relative(ROOT, dir)} (once: npm install and next build, a few minutes)`);
  await run("sh", ["-c", `git -C "${ROOT}" archive ${commit} | tar -x -C "${dir}"`], ROOT, "git archive");
  await run("npm", ["install", "--no-audit", "--no-fund", "--loglevel", "error"], dir, "npm install");
  await run(process.execPath, [path.join(dir, "node_modules/next/dist/bin/next"), "build"], dir, "next build");
  writeFileSync(ready, `${commit}\n`);
  return { dir, commit };
}

export type KeygatePath = "lean" | "next";

/**
 * Keygate's production build on a fresh embedded database, usage recording on: "lean" is
 * `node scripts/start.mjs` (what `npm start` serves), "next" the same build under `next start`.
 */
export async function startKeygate(kind: KeygatePath, upstream: string, nodeArgs: string[] = [], extraEnv: Record<string, string> = {}, root = ROOT): Promise<Target> {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), "keygate-bench-data-"));
  onCleanup(() => removeDir(dataDir));
  const env = {
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    PORT: String(port),
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    ADMIN_TOKEN,
    UPSTREAM_BASE_URL: `${upstream}/v1`,
    UPSTREAM_API_KEY: UPSTREAM_KEY,
    USAGE_ROLLUPS: "on",
    ...extraEnv,
  };
  const args = kind === "lean" ? [...nodeArgs, path.join(root, "scripts/start.mjs")] : [...nodeArgs, path.join(root, "node_modules/next/dist/bin/next"), "start", "-H", "127.0.0.1", "-p", String(port)];
  const out = tail();
  const child = start(process.execPath, args, { cwd: root, env, core: TARGET_CORE, log: out.log });
  child.once("exit", () => removeDir(dataDir));
  const target = started(child, port);
  try {
    await waitFor(`${target.origin}/api/health`, child, 120_000, `keygate ${kind}`);
  } catch (error) {
    await stop(child, 2_000);
    throw new Error(`${(error as Error).message}\n${out.text()}`);
  }
  return target;
}

/** Creates a key through the admin API, with `policy` (limits, budget) if given. */
export async function createKey(origin: string, name: string, policy: Record<string, unknown> = {}): Promise<string> {
  const response = await fetch(`${origin}/api/keys`, {
    method: "POST",
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({ name, ...policy }),
  });
  const body = (await response.json()) as { key?: string; error?: { message?: string } };
  if (!response.ok || !body.key) throw new Error(`creating a key failed (${response.status}): ${body.error?.message ?? JSON.stringify(body)}`);
  return body.key;
}
