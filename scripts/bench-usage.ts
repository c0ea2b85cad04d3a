// npm run bench:usage [-- --rows 1000000 --keys 1000 --database both|pglite|postgresql]
// Seeds a database with synthetic request logs (db:seed-usage), starts the production server on it,
// and times the usage views' data requests, the log explorer (first page and 10,000 rows deep) and
// a streamed CSV export of every row, with the server's peak memory during the export.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";

const { values } = parseArgs({
  options: {
    rows: { type: "string", default: "1000000" },
    keys: { type: "string", default: "1000" },
    database: { type: "string", default: "both" },
    repeat: { type: "string", default: "5" },
  },
});
const ADMIN_TOKEN = "bench-admin-token-0123456789abcdef";
const APP_SECRET = "bench-app-secret-0123456789abcdef0123456789";
const REPEAT = Number(values.repeat);
const PG_SERVER = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const a = s.address();
      s.close(() => resolve(typeof a === "object" && a ? a.port : 0));
    });
  });

const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024;

async function timed(url: string): Promise<{ ms: number; body: unknown }> {
  const started = performance.now();
  const response = await fetch(url, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  const body = await response.json();
  const ms = performance.now() - started;
  if (!response.ok) throw new Error(`${url}: ${response.status} ${JSON.stringify(body)}`);
  return { ms, body };
}

async function median(url: string): Promise<string> {
  const times: number[] = [];
  for (let i = 0; i < REPEAT; i++) times.push((await timed(url)).ms);
  times.sort((a, b) => a - b);
  return `${times[Math.floor(times.length / 2)]?.toFixed(0)} ms (max ${times[times.length - 1]?.toFixed(0)})`;
}

async function run(database: "pglite" | "postgresql") {
  const env: NodeJS.ProcessEnv = { ...process.env, APP_SECRET, ADMIN_TOKEN, HOST: "127.0.0.1" };
  let cleanup = () => undefined as void;
  if (database === "pglite") {
    const dir = mkdtempSync(path.join(tmpdir(), "keygate-bench-usage-"));
    env.DATA_DIR = dir;
    delete env.DATABASE_URL;
    cleanup = () => rmSync(dir, { recursive: true, force: true });
  } else {
    const name = `keygate_bench_${Date.now()}`;
    const admin = new pg.Client({ connectionString: PG_SERVER });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(PG_SERVER);
    url.pathname = `/${name}`;
    env.DATABASE_URL = url.toString();
    cleanup = () => {
      spawnSync("psql", [PG_SERVER, "-c", `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`], { stdio: "ignore" });
    };
  }
  try {
    console.log(`\n## ${database}: seeding ${Number(values.rows).toLocaleString("en")} requests across ${values.keys} keys`);
    const seed = spawnSync("npm", ["run", "-s", "db:seed-usage", "--", "--rows", values.rows, "--keys", values.keys], { env, stdio: "inherit" });
    if (seed.status !== 0) throw new Error("seeding failed");
    const port = await freePort();
    const server: ChildProcess = spawn(process.execPath, ["scripts/start.mjs"], { env: { ...env, PORT: String(port) }, stdio: "ignore" });
    try {
      const base = `http://127.0.0.1:${port}`;
      for (let i = 0; i < 600; i++) {
        if (await fetch(`${base}/api/health`).then((r) => r.ok, () => false)) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      const overview = (await timed(`${base}/api/usage?range=30d`)).body as { totals: { requests: number; costUsd: number }; byKey: { id: string }[]; byModel: { id: string }[] };
      // The seed prices every successful request: a view without cost reads the wrong columns.
      if (!(overview.totals.costUsd > 0)) throw new Error(`the seeded usage shows no cost: ${JSON.stringify(overview.totals)}`);
      console.log(`30 days: ${overview.totals.requests.toLocaleString("en")} requests, $${overview.totals.costUsd.toFixed(2)}`);
      const topKey = overview.byKey[0]?.id ?? "";
      const model = overview.byModel[0]?.id ?? "";
      const rows: [string, string][] = [];
      for (const [label, query] of [
        ["usage page, 30 days", "range=30d"],
        ["usage page, 7 days", "range=7d"],
        ["usage page, 24 hours", "range=24h"],
        ["usage page, 30 days, by model", "range=30d&groupBy=model"],
        ["usage page, 30 days, one key", `range=30d&keyId=${topKey}`],
        ["usage page, 30 days, one model", `range=30d&model=${model}`],
      ] as const) {
        rows.push([label, await median(`${base}/api/usage?${query}`)]);
      }
      rows.push(["key detail usage, 30 days", await median(`${base}/api/keys/${topKey}/usage?days=30`)]);
      rows.push(["log explorer, first page", await median(`${base}/api/usage/logs?range=30d&limit=50`)]);
      let cursor = "";
      for (let fetched = 0; fetched < 10_000; fetched += 200) {
        const page = (await timed(`${base}/api/usage/logs?range=30d&limit=200${cursor ? `&cursor=${cursor}` : ""}`)).body as { nextCursor: string };
        cursor = page.nextCursor;
      }
      rows.push(["log explorer, 10,000 rows deep", await median(`${base}/api/usage/logs?range=30d&limit=50&cursor=${cursor}`)]);
      rows.push(["log explorer, one key, first page", await median(`${base}/api/usage/logs?range=30d&limit=50&keyId=${topKey}`)]);
      rows.push(["log explorer, 5xx only, first page", await median(`${base}/api/usage/logs?range=30d&limit=50&status=5xx`)]);

      const pid = server.pid ?? 0;
      const before = rssMb(pid);
      let peak = before;
      const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 50);
      const started = performance.now();
      const response = await fetch(`${base}/api/usage/logs/export?range=30d`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
      let lines = 0;
      let bytes = 0;
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        const buffer = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
        bytes += buffer.byteLength;
        for (let i = buffer.indexOf(10); i !== -1; i = buffer.indexOf(10, i + 1)) lines++;
      }
      clearInterval(sampler);
      rows.push([
        "CSV export of the whole log",
        `${(lines - 1).toLocaleString("en")} rows, ${(bytes / 1e6).toFixed(0)} MB in ${((performance.now() - started) / 1000).toFixed(1)} s; server RSS ${before.toFixed(0)} → peak ${peak.toFixed(0)} MB (+${(peak - before).toFixed(0)} MB)`,
      ]);
      console.log(`\n| ${database} | median of ${REPEAT} |\n| --- | --- |\n${rows.map((r) => `| ${r[0]} | ${r[1]} |`).join("\n")}`);
    } finally {
      server.kill("SIGTERM");
      await new Promise((r) => server.once("exit", r));
    }
  } finally {
    cleanup();
  }
}

async function main() {
  const which = values.database === "both" ? (["pglite", "postgresql"] as const) : [values.database as "pglite" | "postgresql"];
  for (const database of which) await run(database);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
