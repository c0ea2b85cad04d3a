// npm run bench:memory [-- --requests 1000000 --every 100000 --database pglite|postgresql --connections 16]
// Starts the production server and the mock upstream in their own processes, proxies chat
// completions through it (each connection alternates a JSON answer and a 20-chunk stream), and
// prints the server's RSS at every checkpoint, then the verdict against the memory targets:
// flat (±10 %) from 200k requests on, and at most 450 MB (embedded database) or 350 MB
// (PostgreSQL) at the end. The load generator runs niced in this process; the server does not.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { setPriority, tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { createBenchDatabase } from "./bench/stores";

const { values } = parseArgs({
  options: {
    requests: { type: "string", default: "1000000" },
    every: { type: "string", default: "100000" },
    database: { type: "string", default: "pglite" },
    connections: { type: "string", default: "16" },
  },
});
const total = Number(values.requests);
const every = Number(values.every);
const connections = Number(values.connections);
const database = values.database === "postgresql" ? "postgresql" : "pglite";
if (!(total > 0 && every > 0 && connections > 0) || !["pglite", "postgresql"].includes(values.database)) {
  console.error("usage: npm run bench:memory -- [--requests N] [--every N] [--database pglite|postgresql] [--connections N]");
  process.exit(2);
}
const TARGET_MB = { pglite: 450, postgresql: 350 }[database];
const FLAT_FROM = Math.min(200_000, total);
const FLAT_TOLERANCE = 0.1;
const ADMIN_TOKEN = "bench-admin-token-0123456789abcdef";
const UPSTREAM_KEY = "sk-upstream-bench";
const children: ChildProcess[] = [];
const cleanups: (() => Promise<void> | void)[] = [];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** Resident and peak resident memory of a process, in MB (Linux /proc). */
function memoryMb(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rss: Math.round(kb("VmRSS") / 1024), peak: Math.round(kb("VmHWM") / 1024) };
}

/** User + system CPU time of a process so far, in milliseconds (Linux /proc; clock ticks are 1/100 s). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function waitFor(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not come up`);
}

function start(command: string, args: string[], env: Record<string, string>): ChildProcess {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "inherit"] });
  children.push(child);
  return child;
}

async function benchDatabase(): Promise<string> {
  const db = await createBenchDatabase("keygate_bench_memory");
  cleanups.push(db.drop);
  return db.url;
}

async function createKey(base: string): Promise<string> {
  await waitFor(`${base}/api/health`, 120_000);
  const created = await fetch(`${base}/api/keys`, {
    method: "POST",
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({ name: "Memory benchmark" }),
  });
  if (!created.ok) throw new Error(`creating a key failed: ${created.status} ${await created.text()}`);
  return ((await created.json()) as { key: string }).key;
}

const chat = (stream: boolean) =>
  JSON.stringify({ model: "gpt-4", messages: [{ role: "user", content: "Say hello to the memory benchmark" }], stream, metadata: { interval_ms: "1" } });

async function drive(url: string, key: string, amount: number): Promise<{ requests: number; errors: number; seconds: number }> {
  const result = await autocannon({
    url: `${url}/v1/chat/completions`,
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
    // Each connection takes these in turn: half the requests JSON, half streamed.
    requests: [{ body: chat(false) }, { body: chat(true) }],
    connections,
    amount,
    timeout: 30,
  });
  return { requests: result.requests.total, errors: result.errors + result.non2xx + result.timeouts, seconds: result.duration };
}

async function main() {
  if (!existsSync(".next/BUILD_ID")) {
    console.error("No production build: run `npm run build` first");
    process.exit(1);
  }
  const [mockPort, port] = [await freePort(), await freePort()];
  const mock = start(process.execPath, ["--import", "tsx", "scripts/mock-upstream.ts", String(mockPort)], { MOCK_UPSTREAM_KEY: UPSTREAM_KEY });
  const dataDir = mkdtempSync(path.join(tmpdir(), "keygate-bench-memory-"));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const extra: Record<string, string> = database === "postgresql" ? { DATABASE_URL: await benchDatabase(), APP_SECRET: "bench-app-secret-0123456789abcdef0123456789" } : {};
  const server = start(process.execPath, ["scripts/start.mjs"], {
    PORT: String(port),
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    ADMIN_TOKEN,
    UPSTREAM_BASE_URL: `http://127.0.0.1:${mockPort}/v1`,
    UPSTREAM_API_KEY: UPSTREAM_KEY,
    ...extra,
  });
  const pid = server.pid ?? 0;
  server.once("exit", (code) => {
    if (!stopping) {
      console.error(`the server exited (code ${code}) during the run`);
      process.exit(1);
    }
  });
  const url = `http://127.0.0.1:${port}`;
  const key = await createKey(url);
  // The server and the mock upstream keep their priority; the load generator yields to them.
  setPriority(10);
  void mock;

  const started = memoryMb(pid);
  console.log(`Memory: ${database}, ${total.toLocaleString("en")} proxied chat requests (half streamed), c=${connections}, ${new Date().toISOString().slice(0, 10)}`);
  console.log("| requests | RSS | peak RSS | req/s | server CPU/req | errors |\n| --- | --- | --- | --- | --- | --- |");
  console.log(`| 0 | ${started.rss} MB | ${started.peak} MB | | | |`);
  const points: { done: number; rss: number }[] = [];
  let done = 0;
  let errors = 0;
  while (done < total) {
    const amount = Math.min(every, total - done);
    const cpuBefore = cpuMs(pid);
    const run = await drive(url, key, amount);
    const cpuPerReq = (cpuMs(pid) - cpuBefore) / Math.max(1, run.requests);
    done += amount;
    errors += run.errors;
    const m = memoryMb(pid);
    points.push({ done, rss: m.rss });
    console.log(`| ${done.toLocaleString("en")} | ${m.rss} MB | ${m.peak} MB | ${(run.requests / Math.max(1, run.seconds)).toFixed(0)} | ${cpuPerReq.toFixed(2)} ms | ${run.errors} |`);
  }

  const flat = points.filter((p) => p.done >= FLAT_FROM);
  const base = flat[0]?.rss ?? 0;
  const last = points.at(-1)?.rss ?? 0;
  const spread = Math.max(...flat.map((p) => Math.abs(p.rss - base) / base));
  const isFlat = spread <= FLAT_TOLERANCE;
  const small = last <= TARGET_MB;
  console.log(`\nflat from ${FLAT_FROM.toLocaleString("en")} on (±${FLAT_TOLERANCE * 100} %): ${isFlat ? "yes" : "NO"} (largest change ${(spread * 100).toFixed(1)} % of ${base} MB)`);
  console.log(`RSS at the end <= ${TARGET_MB} MB: ${small ? "yes" : "NO"} (${last} MB)`);
  console.log(`errors: ${errors}`);
  if (!isFlat || !small || errors > 0) process.exitCode = 1;
}

let stopping = false;
async function stop(): Promise<void> {
  stopping = true;
  await Promise.all(
    children.map((child) => (child.exitCode === null && child.signalCode === null ? new Promise((resolve) => child.once("exit", resolve).kill("SIGTERM")) : undefined)),
  );
  for (const cleanup of cleanups.reverse()) await Promise.resolve(cleanup()).catch(() => undefined);
}

// Ctrl-C stops the server, the mock upstream and the benchmark database too.
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => void stop().finally(() => process.exit(130)));

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(stop);
