// Pure helpers of `npm run bench`: parsing what the load generators and /proc print, and the
// arithmetic of the table. No I/O here, so scripts/bench/stats.test.ts can check it.

/** What one measured load run gives, whichever generator ran it. Latencies in milliseconds. */
export interface LoadResult {
  requests: number;
  seconds: number;
  p50Ms: number;
  p99Ms: number;
  /** Socket errors, timeouts and non-2xx/3xx answers. */
  errors: number;
}

/** The line our wrk Lua script's done() prints; see wrkScript(). */
export const RESULT_TAG = "BENCH_RESULT ";

/** The JSON line a load run printed (wrk's done() or the autocannon child), as a LoadResult. */
export function parseResultLine(output: string): LoadResult {
  const result = parseLine(output);
  // No answer within the run: there are no latencies to report (not zero ones).
  return result.requests > 0 ? result : { ...result, p50Ms: Number.NaN, p99Ms: Number.NaN };
}

function parseLine(output: string): LoadResult {
  const line = output.split("\n").find((l) => l.startsWith(RESULT_TAG));
  if (!line) throw new Error(`the load generator printed no result:\n${output.slice(-2000)}`);
  const raw = JSON.parse(line.slice(RESULT_TAG.length)) as Record<string, unknown>;
  const num = (name: string): number => {
    const value = raw[name];
    if (typeof value !== "number" || !Number.isFinite(value)) throw new Error(`the load generator's result has no number "${name}": ${line}`);
    return value;
  };
  if ("duration_us" in raw) {
    // wrk: microseconds; errors split by kind, non-2xx/3xx answers counted as "status".
    return {
      requests: num("requests"),
      seconds: num("duration_us") / 1e6,
      p50Ms: num("p50_us") / 1000,
      p99Ms: num("p99_us") / 1000,
      errors: num("connect") + num("read") + num("write") + num("status") + num("timeout"),
    };
  }
  return { requests: num("requests"), seconds: num("seconds"), p50Ms: num("p50Ms"), p99Ms: num("p99Ms"), errors: num("errors") };
}

/** A Lua string literal holding `text` exactly (long brackets, with a level the text does not contain). */
export function luaString(text: string): string {
  let level = "";
  while (text.includes(`]${level}]`)) level += "=";
  // A long bracket drops a newline right after the opening, so one is added when the text starts with one.
  return `[${level}[${text.startsWith("\n") ? "\n" : ""}${text}]${level}]`;
}

/** A wrk script that POSTs `body` with `headers` and prints the run's result as one JSON line. */
export function wrkScript(body: string, headers: Record<string, string>): string {
  const lines = ['wrk.method = "POST"', `wrk.body = ${luaString(body)}`];
  // The spaces matter: `headers[[[x]]]` would read as a call of `headers` with the string "[x".
  for (const [name, value] of Object.entries(headers)) lines.push(`wrk.headers[ ${luaString(name)} ] = ${luaString(value)}`);
  lines.push(
    "function done(summary, latency, requests)",
    "  local e = summary.errors",
    `  io.write(string.format('${RESULT_TAG}{"requests":%d,"duration_us":%d,"p50_us":%d,"p99_us":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}\\n',`,
    "    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), e.connect, e.read, e.write, e.status, e.timeout))",
    "end",
  );
  return `${lines.join("\n")}\n`;
}

/** User + system CPU ticks of a process, from the text of /proc/PID/stat (fields 14 and 15). */
export function statTicks(stat: string): { ticks: number; ppid: number } {
  // The command name (field 2) is in parentheses and may hold spaces or ")": split after the last ")".
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // fields[0] is field 3 (state): field n is fields[n - 3].
  const ppid = Number(fields[1]);
  const ticks = Number(fields[11]) + Number(fields[12]);
  if (!Number.isFinite(ticks) || !Number.isFinite(ppid)) throw new Error(`unreadable /proc stat: ${stat.slice(0, 200)}`);
  return { ticks, ppid };
}

/** Resident memory in bytes, from the text of /proc/PID/status. */
export function statusRssBytes(status: string): number {
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  return match ? Number(match[1]) * 1024 : 0;
}

/** The p-th percentile (0–100) of `values` by nearest rank; NaN for none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] as number;
}

/** a / b, or NaN when there is no usable b (a missing or zero baseline). */
export function ratio(a: number, b: number | undefined): number {
  return b === undefined || !Number.isFinite(b) || b === 0 || !Number.isFinite(a) ? Number.NaN : a / b;
}

/** Formats a number for the table; "–" when there is none. */
export function fmt(value: number, digits = 0, suffix = ""): string {
  if (!Number.isFinite(value)) return "–";
  return `${value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits })}${suffix}`;
}

/** A signed difference in ms, e.g. "+0.21 ms". */
export function fmtAdded(ms: number): string {
  if (!Number.isFinite(ms)) return "–";
  return `${ms >= 0 ? "+" : "−"}${Math.abs(ms).toFixed(2)} ms`;
}

/** A GitHub-flavoured Markdown table. */
export function markdownTable(header: string[], rows: string[][]): string {
  return [header, header.map(() => "---"), ...rows].map((r) => `| ${r.join(" | ")} |`).join("\n");
}

/**
 * The streaming check: per chunk index, the median arrival time (ms after the request was sent)
 * over a series of requests, through a proxy, minus the same median straight from the upstream.
 * A proxy that forwards each chunk as it arrives adds about the same small delay to every chunk;
 * one that holds chunks back adds more to the early ones.
 */
export function chunkDelays(direct: readonly number[][], proxied: readonly number[][]): { first: number; max: number; worst: number } {
  const count = Math.min(...direct.map((r) => r.length), ...proxied.map((r) => r.length));
  if (!Number.isFinite(count) || count === 0) return { first: Number.NaN, max: Number.NaN, worst: Number.NaN };
  let max = Number.NEGATIVE_INFINITY;
  let worst = Number.NEGATIVE_INFINITY;
  let first = Number.NaN;
  for (let i = 0; i < count; i++) {
    const base = percentile(direct.map((r) => r[i] as number), 50);
    const through = proxied.map((r) => r[i] as number);
    const extra = percentile(through, 50) - base;
    if (i === 0) first = extra;
    max = Math.max(max, extra);
    worst = Math.max(worst, percentile(through, 100) - base);
  }
  return { first, max, worst };
}
