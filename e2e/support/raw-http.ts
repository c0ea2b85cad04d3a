// HTTP requests with full control over what fetch will not let a test set: Host, Origin,
// Sec-Fetch-Site, the source address (loopback has all of 127.0.0.0/8, so tests can be several
// clients) and bodies streamed without end.
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  /** The body parsed as JSON, or null when it is not JSON. */
  json: unknown;
}

export interface RawRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Source address, e.g. 127.0.0.7. */
  from?: string;
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export function rawRequest(baseUrl: string, path: string, init: RawRequest = {}): Promise<RawResponse> {
  const url = new URL(path, baseUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: url.hostname, port: url.port, path: `${url.pathname}${url.search}`, method: init.method ?? "GET", headers: init.headers, localAddress: init.from, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: parse(text) });
        });
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(init.body);
  });
}

/**
 * Streams a chunked body of up to `totalBytes` (zeros, written as fast as the server takes them)
 * until the server answers, then stops and closes the connection. Resolves with the answer and
 * how many bytes had been written by then.
 */
export function streamUntilAnswered(
  baseUrl: string,
  path: string,
  init: { method?: string; headers?: Record<string, string>; totalBytes: number },
): Promise<RawResponse & { sent: number }> {
  const url = new URL(path, baseUrl);
  const chunk = Buffer.alloc(64 * 1024);
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const req = httpRequest(
      { host: url.hostname, port: url.port, path: url.pathname + url.search, method: init.method ?? "POST", headers: { "transfer-encoding": "chunked", ...init.headers }, agent: false },
      (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: parse(text), sent });
          req.destroy();
        });
      },
    );
    // The server may close the connection after answering while we still write: not a failure.
    req.on("error", (error) => {
      if (!answered) reject(error);
    });
    const pump = () => {
      while (!answered && sent < init.totalBytes) {
        sent += chunk.byteLength;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      if (!answered) req.end();
    };
    pump();
  });
}
