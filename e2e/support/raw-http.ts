// HTTP requests with full control over what fetch will not let a test set: Host, Origin,
// Sec-Fetch-Site, the source address (loopback has all of 127.0.0.0/8, so tests can be several
// clients) and bodies streamed without end.
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { connect } from "node:net";

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

/** A whole HTTP/1.1 response in `data` (Content-Length or chunked), or null while it is incomplete. */
function completeResponse(data: Buffer): RawResponse | null {
  const end = data.indexOf("\r\n\r\n");
  if (end < 0) return null;
  const [statusLine = "", ...lines] = data.subarray(0, end).toString("latin1").split("\r\n");
  const headers: IncomingHttpHeaders = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  let rest = data.subarray(end + 4);
  let body: Buffer;
  if (headers["content-length"] !== undefined) {
    const length = Number(headers["content-length"]);
    if (rest.length < length) return null;
    body = rest.subarray(0, length);
  } else if (String(headers["transfer-encoding"]).toLowerCase() === "chunked") {
    const parts: Buffer[] = [];
    for (;;) {
      const lineEnd = rest.indexOf("\r\n");
      if (lineEnd < 0) return null;
      const size = parseInt(rest.subarray(0, lineEnd).toString("latin1"), 16);
      if (size === 0) break;
      if (rest.length < lineEnd + 2 + size + 2) return null;
      parts.push(rest.subarray(lineEnd + 2, lineEnd + 2 + size));
      rest = rest.subarray(lineEnd + 2 + size + 2);
    }
    body = Buffer.concat(parts);
  } else {
    return null;
  }
  const text = body.toString("utf8");
  return { status: Number(statusLine.split(" ")[1]), headers, text, json: parse(text) };
}

/**
 * Streams a chunked body of up to `totalBytes` (zeros, written as fast as the server takes them)
 * over a raw socket until the server has answered, then stops and closes the connection. A server
 * that closes the connection while we still write (EPIPE, reset) is fine once its answer is in.
 * Resolves with the answer and how many bytes had been written by then.
 */
export function streamUntilAnswered(
  baseUrl: string,
  path: string,
  init: { method?: string; headers?: Record<string, string>; totalBytes: number },
): Promise<RawResponse & { sent: number }> {
  const url = new URL(path, baseUrl);
  const piece = Buffer.alloc(64 * 1024);
  const chunk = Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from("\r\n")]);
  return new Promise((resolve, reject) => {
    let sent = 0;
    let received = Buffer.alloc(0);
    let done = false;
    const socket = connect(Number(url.port), url.hostname);
    const finish = (error?: Error) => {
      if (done) return;
      const response = completeResponse(received);
      if (!response && !error) return;
      done = true;
      socket.destroy();
      if (response) resolve({ ...response, sent });
      else reject(error);
    };
    socket.on("data", (data: Buffer) => {
      received = Buffer.concat([received, data]);
      finish();
    });
    socket.on("error", (error) => finish(error));
    socket.on("close", () => finish(new Error(`connection closed without a whole answer after ${sent} bytes: ${received.toString("latin1").slice(0, 300)}`)));
    const head = [`${init.method ?? "POST"} ${url.pathname}${url.search} HTTP/1.1`, `Host: ${url.host}`, "Transfer-Encoding: chunked", ...Object.entries(init.headers ?? {}).map(([k, v]) => `${k}: ${v}`)];
    socket.write(`${head.join("\r\n")}\r\n\r\n`);
    const pump = () => {
      while (!done && sent < init.totalBytes) {
        sent += piece.length;
        if (!socket.write(chunk)) return void socket.once("drain", pump);
      }
      if (!done) socket.write("0\r\n\r\n");
    };
    pump();
  });
}
