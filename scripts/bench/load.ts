// The load generator of `npm run bench`: wrk when installed (one thread, a Lua script for the POST
// body), else autocannon in a child process; either pinned to the load core and niced.
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { LOAD_CORE, onCleanup, removeDir, start } from "./procs";
import { parseResultLine, type LoadResult, wrkScript } from "./stats";

export type Generator = "wrk" | "autocannon";

export function pickGenerator(asked: string | undefined): Generator {
  const hasWrk = spawnSync("wrk", ["-v"], { encoding: "utf8" }).error === undefined;
  if (asked === "autocannon") return "autocannon";
  if (asked === "wrk" && !hasWrk) throw new Error("--loadgen wrk: wrk is not installed (apt-get install -y wrk)");
  return hasWrk ? "wrk" : "autocannon";
}

export interface LoadSpec {
  url: string;
  body: string;
  headers: Record<string, string>;
  connections: number;
  seconds: number;
}

// The wrk scripts' folder: made on the first run (not at import, so --help leaves nothing behind).
let scripts: string | undefined;
let scriptCount = 0;
function scriptPath(): string {
  if (!scripts) {
    const dir = mkdtempSync(path.join(tmpdir(), "keygate-bench-wrk-"));
    onCleanup(() => removeDir(dir));
    scripts = dir;
  }
  return path.join(scripts, `load-${scriptCount++}.lua`);
}

export async function runLoad(generator: Generator, spec: LoadSpec): Promise<LoadResult> {
  const seconds = Math.max(1, Math.round(spec.seconds));
  let command: string;
  let args: string[];
  if (generator === "wrk") {
    const script = scriptPath();
    writeFileSync(script, wrkScript(spec.body, { "content-type": "application/json", ...spec.headers }));
    // --timeout above any answer the bench expects, so a slow answer is a latency, not an error.
    command = "wrk";
    args = ["-t1", `-c${spec.connections}`, `-d${seconds}s`, "--timeout", "10s", "-s", script, spec.url];
  } else {
    command = process.execPath;
    args = ["--import", "tsx", path.join(import.meta.dirname, "autocannon-child.ts"), JSON.stringify({ ...spec, seconds, headers: { "content-type": "application/json", ...spec.headers } })];
  }
  let stderr = "";
  const child = start(command, args, { core: LOAD_CORE, nice: 10, captureStdout: true, log: (t) => (stderr += t) });
  let stdout = "";
  child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
  const code = await new Promise<number | null>((resolve) => child.once("close", (c) => resolve(c)));
  if (code !== 0) throw new Error(`${command} exited with ${code}: ${(stderr || stdout).slice(-1000)}`);
  return parseResultLine(stdout);
}
