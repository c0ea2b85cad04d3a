// The streaming check of `npm run bench`: one streamed chat request at a time, the mock upstream
// sending its chunks some milliseconds apart, and the arrival time of every SSE event recorded, so
// the bench can compare when each chunk reaches the client through a proxy and straight from the upstream.
import { Agent, request } from "node:http";
import { performance } from "node:perf_hooks";

export interface StreamEndpoint {
  url: string;
  headers: Record<string, string>;
}

/**
 * For each endpoint, `requests` streamed requests, and when each of their first `chunks` events
 * arrived (ms after sending). The endpoints take turns, one request at a time, so a burst of load
 * from other processes on the machine falls on all of them alike.
 */
export async function chunkArrivals(endpoints: StreamEndpoint[], body: string, requests: number, chunks: number): Promise<number[][][]> {
  const agents = endpoints.map(() => new Agent({ keepAlive: true, maxSockets: 1 }));
  const all: number[][][] = endpoints.map(() => []);
  try {
    for (let r = 0; r < requests; r++) {
      for (const [i, endpoint] of endpoints.entries()) all[i]?.push(await oneStream(endpoint.url, endpoint.headers, body, chunks, agents[i] as Agent));
    }
  } finally {
    for (const agent of agents) agent.destroy();
  }
  return all;
}

function oneStream(url: string, headers: Record<string, string>, body: string, chunks: number, agent: Agent): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const times: number[] = [];
    const sent = performance.now();
    const req = request(url, { method: "POST", agent, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), ...headers } }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        return reject(new Error(`streaming check: ${url} answered ${res.statusCode}`));
      }
      res.setEncoding("utf8");
      let pending = "";
      res.on("data", (text: string) => {
        const now = performance.now() - sent;
        pending += text;
        // Every complete SSE event in this read arrived now.
        let end: number;
        while ((end = pending.indexOf("\n\n")) !== -1) {
          const event = pending.slice(0, end);
          pending = pending.slice(end + 2);
          if (event.startsWith("data: {") && times.length < chunks) times.push(now);
        }
      });
      res.on("end", () => (times.length === chunks ? resolve(times) : reject(new Error(`streaming check: ${url} sent ${times.length} of ${chunks} chunks`))));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}
