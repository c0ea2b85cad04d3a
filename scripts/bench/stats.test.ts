import { spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { chunkDelays, fmtAdded, luaString, parseResultLine, percentile, ratio, statTicks, statusRssBytes, wrkScript } from "./stats";

describe("parseResultLine", () => {
  it("reads wrk's microseconds and adds up every kind of error", () => {
    const output = `Running 10s test @ http://127.0.0.1:1/v1\n  1 threads and 32 connections\nBENCH_RESULT {"requests":12000,"duration_us":10000500,"p50_us":2100,"p99_us":9800,"connect":0,"read":1,"write":0,"status":3,"timeout":2}\n`;
    expect(parseResultLine(output)).toEqual({ requests: 12000, seconds: 10.0005, p50Ms: 2.1, p99Ms: 9.8, errors: 6 });
  });

  it("reads the autocannon child's line as it is", () => {
    expect(parseResultLine('BENCH_RESULT {"requests":50,"seconds":1,"p50Ms":0.5,"p99Ms":3,"errors":0}')).toEqual({ requests: 50, seconds: 1, p50Ms: 0.5, p99Ms: 3, errors: 0 });
  });

  it("has no latencies when nothing was answered", () => {
    const result = parseResultLine('BENCH_RESULT {"requests":0,"duration_us":1000000,"p50_us":0,"p99_us":0,"connect":0,"read":0,"write":0,"status":0,"timeout":0}');
    expect(result.requests).toBe(0);
    expect(result.p50Ms).toBeNaN();
    expect(result.p99Ms).toBeNaN();
  });

  it("says what was printed when there is no result, or a field is missing", () => {
    expect(() => parseResultLine("unable to connect to 127.0.0.1:1 Connection refused")).toThrow(/printed no result:\nunable to connect/);
    expect(() => parseResultLine('BENCH_RESULT {"requests":1,"duration_us":1,"p50_us":1,"p99_us":1}')).toThrow(/no number "connect"/);
  });
});

describe("luaString", () => {
  it("wraps text in long brackets of a level the text does not contain", () => {
    expect(luaString('{"a":"b"}')).toBe('[[{"a":"b"}]]');
    expect(luaString("x]]y")).toBe("[=[x]]y]=]");
    expect(luaString("x]]y]=]z")).toBe("[==[x]]y]=]z]==]");
    expect(luaString("\nline")).toBe("[[\n\nline]]");
  });
});

describe("statTicks", () => {
  it("reads utime + stime and the parent, even when the command name holds spaces and parentheses", () => {
    const stat = "4242 (next-server (v16) x) S 4000 4242 4242 0 -1 4194560 20000 0 0 0 1234 567 0 0 20 0 11 0 5000 1000000 20000";
    expect(statTicks(stat)).toEqual({ ticks: 1801, ppid: 4000 });
  });

  it("reads this process's own /proc entry", () => {
    if (process.platform !== "linux") return;
    const { ppid } = statTicks(readFileSync(`/proc/${process.pid}/stat`, "utf8"));
    expect(ppid).toBe(process.ppid);
  });
});

describe("statusRssBytes", () => {
  it("reads VmRSS in kB as bytes", () => {
    expect(statusRssBytes("Name:\tnode\nVmPeak:\t 9000 kB\nVmRSS:\t  204800 kB\nRssAnon:\t 1 kB\n")).toBe(204800 * 1024);
    expect(statusRssBytes("Name:\tzombie\n")).toBe(0);
  });
});

describe("percentile and ratio", () => {
  it("takes the nearest rank, whatever the order", () => {
    const values = [9, 1, 5, 3, 7, 2, 8, 4, 10, 6];
    expect(percentile(values, 50)).toBe(5);
    expect(percentile(values, 99)).toBe(10);
    expect(percentile(values, 100)).toBe(10);
    expect(percentile(values, 0)).toBe(1);
    expect(percentile([], 50)).toBeNaN();
  });

  it("is NaN without a baseline", () => {
    expect(ratio(600, 200)).toBe(3);
    expect(ratio(600, undefined)).toBeNaN();
    expect(ratio(600, 0)).toBeNaN();
    expect(ratio(Number.NaN, 2)).toBeNaN();
  });

  it("signs added latency", () => {
    expect(fmtAdded(0.214)).toBe("+0.21 ms");
    expect(fmtAdded(-1.5)).toBe("−1.50 ms");
    expect(fmtAdded(Number.NaN)).toBe("–");
  });
});

describe("chunkDelays", () => {
  const direct = [
    [5, 10, 15, 20],
    [5, 10, 15, 20],
    [6, 11, 16, 21],
  ];

  it("is a small constant for a proxy that forwards every chunk as it arrives", () => {
    const through = direct.map((r) => r.map((t) => t + 0.5));
    const d = chunkDelays(direct, through);
    expect(d.first).toBeCloseTo(0.5);
    expect(d.max).toBeCloseTo(0.5);
  });

  it("shows a proxy that holds chunks back until the answer ends", () => {
    const buffered = direct.map((r) => r.map(() => (r.at(-1) as number) + 0.5));
    const d = chunkDelays(direct, buffered);
    expect(d.first).toBeCloseTo(15.5);
    expect(d.max).toBeCloseTo(15.5);
    expect(d.worst).toBeCloseTo(16.5);
  });

  it("has nothing to say without arrivals", () => {
    expect(chunkDelays([], []).max).toBeNaN();
  });
});

describe("wrkScript", () => {
  it("is a script wrk runs: it posts the body with the headers and prints one result line", async () => {
    if (spawnSync("wrk", ["-v"]).error) return; // wrk not installed here: the bench falls back to autocannon
    const body = '{"model":"gpt-4","note":"]] and \\"quotes\\""}';
    const seen: { method?: string; body: string; authorization?: string }[] = [];
    let served = 0;
    const server = createServer((req, res) => {
      let text = "";
      req.on("data", (c: Buffer) => (text += c.toString("utf8")));
      req.on("end", () => {
        if (seen.length < 3) seen.push({ method: req.method, body: text, authorization: req.headers.authorization });
        // Every other answer is a 500: wrk's done() counts them as errors.
        res.writeHead(served++ % 2 ? 500 : 200).end("{}");
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const dir = mkdtempSync(path.join(tmpdir(), "bench-wrk-test-"));
    try {
      const script = path.join(dir, "load.lua");
      writeFileSync(script, wrkScript(body, { authorization: "Bearer sk-x" }));
      const { port } = server.address() as AddressInfo;
      const child = spawn("wrk", ["-t1", "-c1", "-d1s", "-s", script, `http://127.0.0.1:${port}/v1/chat/completions`]);
      let stdout = "";
      child.stdout.on("data", (c: Buffer) => (stdout += c.toString("utf8")));
      await new Promise((resolve) => child.once("close", resolve));
      const result = parseResultLine(stdout);
      expect(seen[0]).toEqual({ method: "POST", body, authorization: "Bearer sk-x" });
      // One connection: at most the answer in flight when wrk stopped is served but not counted.
      expect(result.requests).toBeGreaterThan(0);
      expect(served - result.requests).toBeGreaterThanOrEqual(0);
      expect(served - result.requests).toBeLessThanOrEqual(1);
      expect(result.errors).toBe(Math.floor(result.requests / 2));
      expect(result.p99Ms).toBeGreaterThanOrEqual(result.p50Ms);
    } finally {
      server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
