// npm run bench [-- --duration 10 --connections 1,32]
// Starts the production server (embedded database) and the mock upstream in their own processes,
// then loads the mock upstream directly and through the proxy with autocannon on loopback, and
// prints req/s, added p50/p99 latency and CPU per request, with proxy/direct ratios.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import pg from "pg";

const { values } = parseArgs({
  options: { duration: { type: "string", default: "8" }, connections: { type: "string", default: "1,32" } },
});
const duration = Number(values.duration);
const connectionCounts = values.connections.split(",").map(Number);
const ADMIN_TOKEN = "bench-admin-token-0123456789abcdef";
const children: ChildProcess[] = [];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** User + system CPU time of a process so far, in milliseconds (Linux /proc). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks are 1/100 s on Linux
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

interface Scenario {
  name: string;
  stream: boolean;
  connections: number;
}

interface Measure {
  rps: number;
  p50: number;
  p99: number;
  cpuPerReq: number;
  errors: number;
}

async function load(url: string, headers: Record<string, string>, s: Scenario, pid: number): Promise<Measure> {
  const body = JSON.stringify({
    model: "gpt-4",
    messages: [{ role: "user", content: "Say hello to the benchmark" }],
    stream: s.stream,
    metadata: { interval_ms: "1" },
  });
  const options = { url, method: "POST" as const, headers: { "content-type": "application/json", ...headers }, body, connections: s.connections };
  await autocannon({ ...options, duration: 1 }); // warm-up: JIT, connection pools, caches
  const before = cpuMs(pid);
  const result = await autocannon({ ...options, duration });
  const cpu = cpuMs(pid) - before;
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    cpuPerReq: cpu / Math.max(1, result.requests.total),
    errors: result.errors + result.non2xx,
  };
}

async function main() {
  if (!existsSync(".next/BUILD_ID")) {
    console.log("No production build: running `npm run build` first");
    await new Promise<void>((resolve, reject) =>
      spawn("npm", ["run", "build"], { stdio: "inherit" }).on("exit", (code) => (code === 0 ? resolve() : reject(new Error("build failed")))),
    );
  }
  const [mockPort, proxyPort] = [await freePort(), await freePort()];
  const mock = start(process.execPath, ["--import", "tsx", "scripts/mock-upstream.ts", String(mockPort)], { MOCK_UPSTREAM_KEY: "sk-upstream-bench" });
  const server = startServer(proxyPort, mockPort, "on");
  const proxy = `http://127.0.0.1:${proxyPort}`;
  const key = await createKey(proxy);

  const rows: string[][] = [];
  for (const stream of [false, true]) {
    for (const connections of connectionCounts) {
      const s = { name: `${stream ? "stream" : "json"} c=${connections}`, stream, connections };
      const direct = await load(`http://127.0.0.1:${mockPort}/v1/chat/completions`, { authorization: "Bearer sk-upstream-bench" }, s, mock.pid ?? 0);
      const proxied = await load(`${proxy}/v1/chat/completions`, { authorization: `Bearer ${key}` }, s, server.pid ?? 0);
      rows.push([
        s.name,
        `${direct.rps.toFixed(0)} / ${proxied.rps.toFixed(0)} (${(proxied.rps / direct.rps).toFixed(2)}×)`,
        `+${(proxied.p50 - direct.p50).toFixed(1)} ms`,
        `+${(proxied.p99 - direct.p99).toFixed(1)} ms`,
        `${direct.cpuPerReq.toFixed(3)} / ${proxied.cpuPerReq.toFixed(3)} ms`,
        String(direct.errors + proxied.errors),
      ]);
      console.log(`done: ${s.name}`);
    }
  }
  const header = ["scenario", "req/s direct / proxy", "added p50", "added p99", "CPU/req upstream / proxy", "errors"];
  const table = [header, header.map(() => "---"), ...rows].map((r) => `| ${r.join(" | ")} |`).join("\n");
  console.log(`\nchat/completions, ${duration} s per run, loopback, ${new Date().toISOString().slice(0, 10)}\n${table}`);
  console.log("\nCPU/req: the mock upstream's own CPU per request when called directly, the proxy process's CPU per request when proxied.");

  // Recording cost: the same proxied load with the usage rollups written and skipped.
  server.kill("SIGTERM");
  await new Promise((resolve) => server.once("exit", resolve));
  const recording: string[] = [];
  for (const rollups of ["on", "off"] as const) {
    const port = await freePort();
    const child = startServer(port, mockPort, rollups);
    const url = `http://127.0.0.1:${port}`;
    const k = await createKey(url);
    const m = await load(`${url}/v1/chat/completions`, { authorization: `Bearer ${k}` }, { name: "json c=32", stream: false, connections: 32 }, child.pid ?? 0);
    recording.push(`| rollups ${rollups} | ${m.rps.toFixed(0)} | ${m.p50} ms | ${m.p99} ms | ${m.cpuPerReq.toFixed(3)} ms |`);
    child.kill("SIGTERM");
    await new Promise((resolve) => child.once("exit", resolve));
  }
  console.log(`\nUsage recording, proxied json c=32\n| | req/s | p50 | p99 | CPU/req |\n| --- | --- | --- | --- | --- |\n${recording.join("\n")}`);

  // Key policies: the same load with a plain key, a rate-limited key and a budgeted key (limits far
  // above the load, so nothing is refused), on each counter store.
  const policyRows: string[] = [];
  for (const store of ["embedded", "postgresql", "redis"] as const) {
    const port = await freePort();
    const db = store === "embedded" ? null : await createBenchDatabase();
    const child = startServer(port, mockPort, "on", db ? { DATABASE_URL: db.url, APP_SECRET: "bench-app-secret-0123456789abcdef0123456789", ...(store === "redis" ? { REDIS_URL: process.env.BENCH_REDIS_URL || "redis://127.0.0.1:6379" } : {}) } : {});
    const url = `http://127.0.0.1:${port}`;
    for (const [label, policy] of POLICIES) {
      const k = await createKey(url, policy);
      const m = await load(`${url}/v1/chat/completions`, { authorization: `Bearer ${k}` }, { name: "json c=32", stream: false, connections: 32 }, child.pid ?? 0);
      policyRows.push(`| ${store} | ${label} | ${m.rps.toFixed(0)} | ${m.p50} ms | ${m.p99} ms | ${m.cpuPerReq.toFixed(3)} ms | ${m.errors} |`);
      console.log(`done: ${store} ${label}`);
    }
    child.kill("SIGTERM");
    await new Promise((resolve) => child.once("exit", resolve));
    await db?.drop();
  }
  console.log(`\nKey policies, proxied json c=32\n| counters | key | req/s | p50 | p99 | CPU/req | errors |\n| --- | --- | --- | --- | --- | --- | --- |\n${policyRows.join("\n")}`);
}

const POLICIES: [string, Record<string, unknown>][] = [
  ["no policy", {}],
  ["rate limit", { rpmLimit: 1_000_000_000, tpmLimit: 2_000_000_000 }],
  ["budget", { tokenBudget: 1e15, costBudgetUsd: 1_000_000_000, budgetPeriod: "month" }],
  ["all limits", { rpmLimit: 1_000_000_000, maxConcurrent: 100_000, tokenBudget: 1e15, costBudgetUsd: 1_000_000_000, allowedModels: ["gpt-*"], allowedIps: ["127.0.0.0/8"] }],
];

async function createBenchDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const admin = process.env.BENCH_DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
  const name = `keygate_bench_${Date.now().toString(36)}`;
  const run = async (sql: string) => {
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await run(`CREATE DATABASE "${name}"`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

function startServer(port: number, mockPort: number, rollups: "on" | "off", extra: Record<string, string> = {}): ChildProcess {
  const dataDir = mkdtempSync(path.join(tmpdir(), "keygate-bench-"));
  const child = start(process.execPath, ["scripts/start.mjs"], {
    PORT: String(port),
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    ADMIN_TOKEN,
    UPSTREAM_BASE_URL: `http://127.0.0.1:${mockPort}/v1`,
    UPSTREAM_API_KEY: "sk-upstream-bench",
    USAGE_ROLLUPS: rollups,
    ...extra,
  });
  child.once("exit", () => rmSync(dataDir, { recursive: true, force: true }));
  return child;
}

async function createKey(base: string, policy: Record<string, unknown> = {}): Promise<string> {
  await waitFor(`${base}/api/health`, 60_000);
  const created = await fetch(`${base}/api/keys`, {
    method: "POST",
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({ name: "Benchmark", ...policy }),
  });
  return ((await created.json()) as { key: string }).key;
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => {
    for (const child of children) child.kill("SIGTERM");
  });
