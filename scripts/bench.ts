// npm run bench [-- --duration 8] [--quick] [--only floor,portkey,lean,next] [--loadgen wrk|autocannon] [--cpu-prof DIR] [--stores] [--baseline REV]
// Keygate against its peers in one run. Every target runs on the same pinned core (1), the load
// generator (wrk, else autocannon) on the other (0): the mock upstream itself ("direct"), a bare
// node:http pass-through ("floor", scripts/bench/floor.ts), the Portkey gateway (installed on first
// use outside the project's dependencies), and Keygate's production build on both of its paths:
// "lean" (`node scripts/start.mjs`, what `npm start` serves) and "next" (`next start`: the route
// handlers through Next.js, as on Vercel), each on a fresh embedded database with usage recording on.
// All of them run at once and take turns within each scenario, so the machine's load drifts alike for all.
// Prints CPU per request of the target process (from /proc, measured window only, after a warm-up),
// req/s, added p50/p99 over direct, ratios to the floor (CPU) and to Portkey (throughput), Keygate's
// RSS after its runs, and a streaming check (when each chunk arrives through each proxy vs direct).
// --baseline REV adds an earlier commit's build under `next start`, for the through-Next target.
import { existsSync, mkdirSync, readdirSync, statSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { pickGenerator, runLoad, type Generator } from "./bench/load";
import { canPin, cpuMicros, killAll, LOAD_CORE, pin, rssBytes, stop, TARGET_CORE } from "./bench/procs";
import { chunkDelays, fmt, fmtAdded, markdownTable, ratio } from "./bench/stats";
import { benchStores } from "./bench/stores";
import { chunkArrivals, type StreamEndpoint } from "./bench/stream-check";
import {
  createKey,
  ensureBaseline,
  ensurePortkey,
  FLOOR_KEY,
  portkeyHeaders,
  startFloor,
  startKeygate,
  startMock,
  startPortkey,
  UPSTREAM_KEY,
  type KeygatePath,
  type Target,
} from "./bench/targets";

const TARGETS = ["direct", "floor", "portkey", "lean", "next"] as const;
/** "baseline": an earlier commit's build under next start (--baseline). */
type TargetName = (typeof TARGETS)[number] | "baseline";
const LABELS: Record<TargetName, string> = { direct: "direct (mock upstream)", floor: "floor (node:http)", portkey: "portkey 1.15.2", lean: "keygate lean", next: "keygate next", baseline: "keygate next @ baseline" };

function usageError(message: string): never {
  console.error(`npm run bench: ${message} (--help lists the options)`);
  process.exit(2);
}

const OPTIONS = {
  duration: { type: "string" },
  quick: { type: "boolean", default: false },
  only: { type: "string" },
  loadgen: { type: "string" },
  "cpu-prof": { type: "string" },
  stores: { type: "boolean", default: false },
  baseline: { type: "string" },
  help: { type: "boolean", default: false },
} as const;
const { values } = (() => {
  try {
    return parseArgs({ options: OPTIONS });
  } catch (error) {
    return usageError((error as Error).message);
  }
})();
if (values.help) {
  console.log(`npm run bench -- [--duration S] [--quick] [--only ${TARGETS.slice(1).join(",")}] [--loadgen wrk|autocannon]
  --duration S     seconds of each measured run (default 8; a warm-up of 2 s comes first)
  --quick          1 s runs and a short streaming check: a smoke test, not numbers to quote
  --only LIST      the targets to run (direct always runs: it is the baseline of the added latency)
  --loadgen NAME   wrk (the default when installed) or autocannon
  --cpu-prof DIR   run Keygate's processes with node --cpu-prof, writing their profiles into DIR
  --stores         then the lean path, chat c=32, with four key policies on each counter store
                   (embedded, PostgreSQL at BENCH_DATABASE_URL, Redis at BENCH_REDIS_URL); ~3-4 more minutes
  --baseline REV   also the build of commit REV under next start (built once into node_modules/.cache;
                   a7d09c0 is the code issue 13 was filed against): "next" against it in the same run`);
  process.exit(0);
}
const quick = values.quick;
const seconds = Number(values.duration ?? (quick ? 1 : 8));
const warmupSeconds = quick ? 1 : 2;
const streamRequests = quick ? 5 : 20;
if (!Number.isFinite(seconds) || seconds < 1) usageError("--duration must be a number of seconds, at least 1");
const only = values.only?.split(",").map((s) => s.trim()).filter(Boolean);
for (const name of only ?? []) if (!(TARGETS as readonly string[]).includes(name)) usageError(`--only: unknown target "${name}" (choose from ${TARGETS.join(", ")})`);
const selected = new Set<TargetName>(["direct", ...((only as TargetName[] | undefined) ?? TARGETS)]);

interface Scenario {
  id: "chat32" | "stream32" | "chat1";
  label: string;
  stream: boolean;
  connections: number;
}
const SCENARIOS: Scenario[] = [
  { id: "chat32", label: "chat c=32", stream: false, connections: 32 },
  { id: "stream32", label: "stream c=32 (20 chunks)", stream: true, connections: 32 },
  { id: "chat1", label: "chat c=1", stream: false, connections: 1 },
];
const STREAM_CHUNKS = 20;
// The streaming check's upstream sends a chunk every 5 ms: a proxy that held one back until the
// next arrived would add at least that much to it.
const CHECK_INTERVAL_MS = 5;

function requestBody(stream: boolean, intervalMs: number): string {
  return JSON.stringify({
    model: "gpt-4",
    messages: [{ role: "user", content: "Say hello to the benchmark" }],
    ...(stream ? { stream: true } : {}),
    metadata: stream ? { interval_ms: String(intervalMs), chunks: String(STREAM_CHUNKS) } : {},
  });
}

interface Row {
  target: TargetName;
  key: "plain" | "limited" | null;
  scenario: Scenario["id"];
  rps: number;
  cpuUs: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
}
const rows: Row[] = [];
const rss = new Map<TargetName, number>();
const streamChecks = new Map<TargetName, ReturnType<typeof chunkDelays>>();
const c1Baselines = new Map<TargetName, Omit<Row, "target" | "key">>();
const skipped: string[] = [];
const loadAtStart = loadavg();

const log = (line: string) => console.error(line);

async function measure(generator: Generator, pid: number, url: string, headers: Record<string, string>, scenario: Scenario): Promise<Omit<Row, "target" | "key">> {
  const spec = { url, body: requestBody(scenario.stream, 0), headers, connections: scenario.connections };
  await runLoad(generator, { ...spec, seconds: warmupSeconds }); // JIT, connection pools, caches
  const before = cpuMicros(pid);
  const result = await runLoad(generator, { ...spec, seconds });
  const cpu = cpuMicros(pid) - before;
  return { scenario: scenario.id, rps: result.requests / result.seconds, cpuUs: result.requests > 0 ? cpu / result.requests : Number.NaN, p50Ms: result.p50Ms, p99Ms: result.p99Ms, errors: result.errors };
}

/** A running target and the keys it is loaded through (Keygate: one without policy, one with limits). */
interface Running {
  name: TargetName;
  target: Target;
  url: string;
  keys: [Row["key"], Record<string, string>][];
}

function logRow(row: Row): void {
  log(`  ${LABELS[row.target]}${row.key ? ` (${row.key} key)` : ""}, ${SCENARIOS.find((s) => s.id === row.scenario)?.label}: ${fmt(row.rps)} req/s, ${fmt(row.cpuUs)} µs CPU/req, p50 ${row.p50Ms.toFixed(2)} ms${row.errors ? `, ${row.errors} errors` : ""}`);
}

/**
 * Every scenario, the targets taking turns within it (direct first), so a burst of load from other
 * processes on the machine falls on one scenario's runs rather than on one target's.
 */
async function runScenarios(generator: Generator, direct: Running, proxies: Running[]): Promise<void> {
  const directRun = async (scenario: Scenario) => {
    // The mock is the target here: on the targets' core; otherwise it is the upstream, on the load core.
    pin(direct.target.pid, TARGET_CORE);
    try {
      return await measure(generator, direct.target.pid, direct.url, direct.keys[0]?.[1] ?? {}, scenario);
    } finally {
      pin(direct.target.pid, LOAD_CORE);
    }
  };
  for (const scenario of SCENARIOS) {
    log(scenario.label);
    const row: Row = { target: "direct", key: null, ...(await directRun(scenario)) };
    rows.push(row);
    logRow(row);
    for (const proxy of proxies) {
      // At one connection the added latency is a fraction of a millisecond, less than the machine's
      // load drifts over a few runs: direct runs again just before each target's own.
      if (scenario.id === "chat1") c1Baselines.set(proxy.name, await directRun(scenario));
      for (const [key, headers] of proxy.keys) {
        const measured: Row = { target: proxy.name, key, ...(await measure(generator, proxy.target.pid, proxy.url, headers, scenario)) };
        rows.push(measured);
        logRow(measured);
      }
    }
  }
}

/** The streaming check of one proxy: its requests take turns with the same request straight to the mock. */
async function streamCheck(direct: Running, proxy: Running): Promise<void> {
  const body = requestBody(true, CHECK_INTERVAL_MS);
  const endpoints: StreamEndpoint[] = [
    { url: direct.url, headers: direct.keys[0]?.[1] ?? {} },
    { url: proxy.url, headers: proxy.keys[0]?.[1] ?? {} },
  ];
  await chunkArrivals(endpoints, body, 1, STREAM_CHUNKS); // warm
  const [straight, through] = await chunkArrivals(endpoints, body, streamRequests, STREAM_CHUNKS);
  streamChecks.set(proxy.name, chunkDelays(straight ?? [], through ?? []));
}

function checkBuild(): void {
  const root = path.resolve(import.meta.dirname, "..");
  const buildId = path.join(root, ".next", "BUILD_ID");
  if (!existsSync(buildId)) throw new Error("No production build: run `npm run build` first");
  const built = statSync(buildId).mtimeMs;
  for (const dir of ["app", "lib"]) {
    for (const entry of readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })) {
      const file = path.join(entry.parentPath, entry.name);
      if (entry.isFile() && !entry.name.endsWith(".test.ts") && !file.includes(`${path.sep}generated${path.sep}`) && statSync(file).mtimeMs > built) {
        log(`warning: the production build is older than ${path.relative(root, file)}: run \`npm run build\` to measure the current code`);
        return;
      }
    }
  }
}

async function main(): Promise<void> {
  const needsBuild = selected.has("lean") || selected.has("next");
  if (needsBuild) checkBuild();
  const generator = pickGenerator(values.loadgen);
  if (!canPin) log("warning: taskset is not available: the targets and the load generator are not pinned to cores");
  pin(process.pid, LOAD_CORE); // the bench's own work (the streaming check) stays off the targets' core
  log(`load generator: ${generator}; ${seconds} s per run after a ${warmupSeconds} s warm-up; targets on core ${TARGET_CORE}, load on core ${LOAD_CORE}`);

  const mock = await startMock();
  const direct: Running = { name: "direct", target: mock, url: `${mock.origin}/v1/chat/completions`, keys: [[null, { authorization: `Bearer ${UPSTREAM_KEY}` }]] };
  // Every target runs at once (idle while another is loaded), so the scenarios can interleave them.
  const proxies: Running[] = [];
  pin(mock.pid, LOAD_CORE);
  if (selected.has("floor")) {
    log(`starting ${LABELS.floor}`);
    const floor = await startFloor(mock.origin);
    proxies.push({ name: "floor", target: floor, url: `${floor.origin}/v1/chat/completions`, keys: [[null, { authorization: `Bearer ${FLOOR_KEY}` }]] });
  }
  if (selected.has("portkey")) {
    try {
      await ensurePortkey(log);
      log(`starting ${LABELS.portkey}`);
      const portkey = await startPortkey();
      proxies.push({ name: "portkey", target: portkey, url: `${portkey.origin}/v1/chat/completions`, keys: [[null, portkeyHeaders(mock.origin)]] });
    } catch (error) {
      const reason = `portkey: not available (${(error as Error).message.split("\n")[0]})`;
      log(reason);
      skipped.push(reason);
    }
  }
  const profileDir = values["cpu-prof"] ? path.resolve(values["cpu-prof"]) : undefined;
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  const keygates: [TargetName, KeygatePath, string | undefined][] = [];
  for (const kind of ["lean", "next"] as const satisfies KeygatePath[]) if (selected.has(kind)) keygates.push([kind, kind, undefined]);
  if (values.baseline) {
    const { dir, commit } = await ensureBaseline(values.baseline, log);
    LABELS.baseline = `keygate next @ ${commit.slice(0, 7)}`;
    keygates.push(["baseline", "next", dir]);
  }
  for (const [name, kind, root] of keygates) {
    log(`starting ${LABELS[name]} on a fresh embedded database`);
    const keygate = await startKeygate(kind, mock.origin, profileDir && !root ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [], {}, root);
    const plain = await createKey(keygate.origin, "bench: no policy");
    // Limits far above what the bench can send, so every request is admitted, counted and settled.
    const limited = await createKey(keygate.origin, "bench: rate limit and budget", {
      rpmLimit: 1_000_000_000,
      tpmLimit: 2_000_000_000,
      tokenBudget: 1e15,
      costBudgetUsd: 1_000_000_000,
      budgetPeriod: "month",
    });
    const url = `${keygate.origin}/v1/chat/completions`;
    // A fresh server compiles its routes' code paths and fills its caches in the first seconds: a
    // longer warm-up through both keys first, so the first measured row is not also the warm-up.
    for (const key of [plain, limited]) {
      await runLoad(generator, { url, body: requestBody(false, 0), headers: { authorization: `Bearer ${key}` }, connections: 32, seconds: warmupSeconds * 2 });
    }
    proxies.push({ name, target: keygate, url, keys: [["plain", { authorization: `Bearer ${plain}` }], ["limited", { authorization: `Bearer ${limited}` }]] });
  }

  await runScenarios(generator, direct, proxies);
  log("streaming check");
  for (const proxy of proxies) await streamCheck(direct, proxy);
  for (const proxy of proxies) {
    if (proxy.name === "lean" || proxy.name === "next" || proxy.name === "baseline") rss.set(proxy.name, rssBytes(proxy.target.pid));
    await stop(proxy.target.child);
  }
  const stores = values.stores ? await benchStores(generator, mock.origin, requestBody(false, 0), seconds, warmupSeconds, log) : null;
  await stop(mock.child);
  report(generator);
  if (stores) console.log(`\nKey policies on each counter store: keygate lean, chat c=32 (CPU of Keygate's process only, not PostgreSQL's or Redis's)\n${stores}`);
}

function report(generator: Generator): void {
  const find = (target: TargetName, scenario: Scenario["id"], key: Row["key"] = null) => rows.find((r) => r.target === target && r.scenario === scenario && r.key === key);
  const date = new Date().toISOString().slice(0, 16).replace("T", " ");
  const load = (l: number[]) => l.map((v) => v.toFixed(1)).join(" ");
  console.log(`\n## npm run bench, ${date} UTC: ${generator}, ${seconds} s per run, targets pinned to core ${TARGET_CORE}, load on core ${LOAD_CORE}`);
  console.log(`${cpus().length} × ${cpus()[0]?.model.trim() ?? "CPU"}, Node ${process.versions.node}; load average ${load(loadAtStart)} at the start, ${load(loadavg())} at the end (above ${cpus().length}, other processes shared the cores)\n`);
  const header = ["scenario", "target", "req/s", "CPU µs/req", "CPU × floor", "req/s × Portkey", "added p50", "added p99", "errors"];
  const table: string[][] = [];
  for (const scenario of SCENARIOS) {
    const floor = find("floor", scenario.id);
    const portkey = find("portkey", scenario.id);
    for (const row of rows.filter((r) => r.scenario === scenario.id)) {
      const target = row.key === null ? LABELS[row.target] : `${LABELS[row.target]}, ${row.key === "plain" ? "key without policy" : "key with rate limit + budget"}`;
      const isDirect = row.target === "direct";
      const direct = scenario.id === "chat1" ? c1Baselines.get(row.target) : find("direct", scenario.id);
      table.push([
        scenario.label,
        target,
        fmt(row.rps),
        fmt(row.cpuUs),
        row.target === "floor" || isDirect ? "" : fmt(ratio(row.cpuUs, floor?.cpuUs), 1, "×"),
        row.target === "portkey" || isDirect ? "" : fmt(ratio(row.rps, portkey?.rps), 2, "×"),
        isDirect ? fmt(row.p50Ms, 2, " ms") : fmtAdded(row.p50Ms - (direct?.p50Ms ?? Number.NaN)),
        isDirect ? fmt(row.p99Ms, 2, " ms") : fmtAdded(row.p99Ms - (direct?.p99Ms ?? Number.NaN)),
        String(row.errors),
      ]);
    }
  }
  console.log(markdownTable(header, table));
  console.log("\nCPU µs/req: user + system CPU of the target's process only (for direct: the mock upstream's own). Direct's rows show absolute p50/p99;");
  console.log("at c=1 each target's added latency is against a direct c=1 run made just before the target's own.");

  if (rss.size > 0) {
    console.log(`\n${markdownTable(["Keygate", "RSS after its runs"], [...rss].map(([kind, bytes]) => [LABELS[kind], `${fmt(bytes / 2 ** 20)} MiB`]))}`);
  }

  if (streamChecks.size > 0) {
    const streamRows = [...streamChecks].map(([name, d]) => [LABELS[name], fmtAdded(d.first), fmtAdded(d.max), fmtAdded(d.worst)]);
    console.log(`\nStreaming check: ${streamRequests} requests one at a time, taking turns with the same request straight to the upstream; ${STREAM_CHUNKS} chunks ${CHECK_INTERVAL_MS} ms apart; arrival of each chunk vs direct (median per chunk)`);
    console.log(markdownTable(["target", "added to the first chunk", "most added to any chunk", "worst single chunk"], streamRows));
  }

  const lean = (scenario: Scenario["id"], key: Row["key"] = "plain") => find("lean", scenario, key);
  const goals: [string, number, number, "≤" | "≥"][] = [
    ["lean, chat c=32: CPU × floor", ratio(lean("chat32")?.cpuUs ?? Number.NaN, find("floor", "chat32")?.cpuUs), 3, "≤"],
    ["lean, chat c=32: req/s × Portkey", ratio(lean("chat32")?.rps ?? Number.NaN, find("portkey", "chat32")?.rps), 3, "≥"],
    ["lean, stream c=32: CPU × floor", ratio(lean("stream32")?.cpuUs ?? Number.NaN, find("floor", "stream32")?.cpuUs), 2, "≤"],
    ["lean, chat c=1: added p50 (ms)", (lean("chat1")?.p50Ms ?? Number.NaN) - (c1Baselines.get("lean")?.p50Ms ?? Number.NaN), 0.3, "≤"],
    ["lean, chat c=32: CPU with rate limit + budget × without", ratio(lean("chat32", "limited")?.cpuUs ?? Number.NaN, lean("chat32")?.cpuUs), 1.3, "≤"],
  ];
  if (rows.some((r) => r.target === "baseline")) {
    for (const key of ["plain", "limited"] as const) {
      const label = key === "plain" ? "without policy" : "with rate limit + budget";
      goals.push([`next, chat c=32, key ${label}: CPU × ${LABELS.baseline}`, ratio(find("next", "chat32", key)?.cpuUs ?? Number.NaN, find("baseline", "chat32", key)?.cpuUs), 0.7, "≤"]);
    }
  }
  const leanStream = streamChecks.get("lean");
  if (leanStream) goals.push(["lean: most added to any streamed chunk (ms)", leanStream.max, CHECK_INTERVAL_MS, "≤"]);
  const goalRows = goals.map(([what, value, limit, op]) => [what, fmt(value, 2), `${op} ${limit}`, !Number.isFinite(value) ? "not measured" : (op === "≤" ? value <= limit : value >= limit) ? "met" : "not met"]);
  console.log(`\nIssue 13's targets\n${markdownTable(["target", "this run", "goal", ""], goalRows)}`);
  for (const line of skipped) console.log(`\n${line}`);
}

process.on("exit", killAll);
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => {
    log(`\n${signal}: stopping every process the bench started`);
    killAll();
    process.exit(130);
  });
}
main().catch((error: unknown) => {
  console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
  killAll();
  process.exit(1);
});
