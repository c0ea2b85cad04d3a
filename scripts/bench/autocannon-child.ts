// One autocannon run in its own process (so it can be pinned to the load generator's core), for
// `npm run bench` when wrk is not installed. Prints the same result line as the wrk script.
// `node --import tsx scripts/bench/autocannon-child.ts '<json options>'`
import autocannon from "autocannon";
import { RESULT_TAG } from "./stats";

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? "{}") as { url: string; body: string; headers: Record<string, string>; connections: number; seconds: number };
  const result = await autocannon({ url: options.url, method: "POST", headers: options.headers, body: options.body, connections: options.connections, duration: options.seconds });
  const line = { requests: result.requests.total, seconds: result.duration, p50Ms: result.latency.p50, p99Ms: result.latency.p99, errors: result.errors + result.non2xx };
  process.stdout.write(`${RESULT_TAG}${JSON.stringify(line)}\n`);
}

void main();
