// `npm run bench -- --stores`: the lean path's cost of key policies on each counter store. Chat c=32
// through keys with no policy, a rate limit, a budget and every limit at once (all far above the
// load, so every request is admitted and settled), on the embedded database, on PostgreSQL, and on
// Redis (+ PostgreSQL). Servers: BENCH_DATABASE_URL and BENCH_REDIS_URL.
import pg from "pg";
import { cpuMicros, stop } from "./procs";
import { runLoad, type Generator } from "./load";
import { fmt, markdownTable } from "./stats";
import { createKey, startKeygate } from "./targets";

const POLICIES: [string, Record<string, unknown>][] = [
  ["no policy", {}],
  ["rate limit", { rpmLimit: 1_000_000_000, tpmLimit: 2_000_000_000 }],
  ["budget", { tokenBudget: 1e15, costBudgetUsd: 1_000_000_000, budgetPeriod: "month" }],
  ["all limits", { rpmLimit: 1_000_000_000, maxConcurrent: 100_000, tokenBudget: 1e15, costBudgetUsd: 1_000_000_000, allowedModels: ["gpt-*"], allowedIps: ["127.0.0.0/8"] }],
];

/** A fresh database on BENCH_DATABASE_URL's server, named `<prefix>_<time>`, and how to drop it. */
export async function createBenchDatabase(prefix = "keygate_bench"): Promise<{ url: string; drop(): Promise<void> }> {
  const admin = process.env.BENCH_DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
  const name = `${prefix}_${Date.now().toString(36)}`;
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

export async function benchStores(generator: Generator, upstream: string, body: string, seconds: number, warmupSeconds: number, log: (line: string) => void): Promise<string> {
  const rows: string[][] = [];
  for (const store of ["embedded", "postgresql", "redis"] as const) {
    let db: Awaited<ReturnType<typeof createBenchDatabase>> | null = null;
    try {
      db = store === "embedded" ? null : await createBenchDatabase();
    } catch (error) {
      log(`stores: ${store} skipped: PostgreSQL is not reachable (${(error as Error).message})`);
      rows.push([store, "–", "not available", "", "", "", ""]);
      continue;
    }
    const env: Record<string, string> = db ? { DATABASE_URL: db.url, APP_SECRET: "bench-app-secret-0123456789abcdef0123456789" } : {};
    if (store === "redis") env.REDIS_URL = process.env.BENCH_REDIS_URL || "redis://127.0.0.1:6379";
    log(`stores: keygate lean on ${store}`);
    const keygate = await startKeygate("lean", upstream, [], env);
    try {
      const url = `${keygate.origin}/v1/chat/completions`;
      const keys: string[] = [];
      for (const [label, policy] of POLICIES) keys.push(await createKey(keygate.origin, `bench: ${label}`, policy));
      // A fresh server warms up through every key first, so its first measured row is not also its warm-up.
      for (const key of keys) await runLoad(generator, { url, body, headers: { authorization: `Bearer ${key}` }, connections: 32, seconds: warmupSeconds });
      for (const [index, [label]] of POLICIES.entries()) {
        const spec = { url, body, headers: { authorization: `Bearer ${keys[index]}` }, connections: 32 };
        await runLoad(generator, { ...spec, seconds: warmupSeconds });
        const before = cpuMicros(keygate.pid);
        const result = await runLoad(generator, { ...spec, seconds });
        const cpuUs = result.requests > 0 ? (cpuMicros(keygate.pid) - before) / result.requests : Number.NaN;
        rows.push([store, label, fmt(result.requests / result.seconds), fmt(cpuUs), fmt(result.p50Ms, 1, " ms"), fmt(result.p99Ms, 1, " ms"), String(result.errors)]);
        log(`  ${store}, ${label}: ${fmt(result.requests / result.seconds)} req/s, ${fmt(cpuUs)} µs CPU/req`);
      }
    } finally {
      await stop(keygate.child);
      await db?.drop();
    }
  }
  return markdownTable(["counters", "key", "req/s", "CPU µs/req", "p50", "p99", "errors"], rows);
}
