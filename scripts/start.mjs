// Serves the production build: dashboard, management API and /v1 proxy on one port.
// A small custom server (instead of `next start`) so that SIGTERM/SIGINT stop accepting requests,
// let the ones in flight finish, and write all pending usage before the process exits.
import { readFileSync } from "node:fs";
import { createServer, STATUS_CODES } from "node:http";
import net from "node:net";
import path from "node:path";
import next from "next";
import { HTTP_METHODS, loadRoutes, serveLean, writeError } from "./lean-v1.mjs";

const app = next({ dev: false, dir: process.cwd() });
await app.prepare();
// prepare() starts instrumentation.ts (configuration, database, migrations) without awaiting it;
// it publishes the runtime when done, or exits with a one-line reason.
const runtime = await waitForRuntime(120_000);

async function waitForRuntime(timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = globalThis[Symbol.for("keygate.runtime")];
    if (found) return found;
    if (Date.now() > deadline) {
      console.error("[keygate] start-up did not complete within 120 s");
      process.exit(1);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
const handle = app.getRequestHandler();
const lean = await loadLean();

/** The /v1 route handlers, called without Next's per-request machinery; null routes /v1 through Next too. */
async function loadLean() {
  if (process.env.KEYGATE_LEAN_V1 === "off") return null;
  // Serverless mode writes usage in Next's after(), which needs Next's request scope.
  if (process.env.KEYGATE_RUNTIME?.trim() === "serverless" || process.env.VERCEL === "1") {
    console.log("[keygate] serverless mode: /v1 is served through Next.js (the lean path has no after())");
    return null;
  }
  try {
    return await loadRoutes(path.join(process.cwd(), ".next"), "/v1/");
  } catch (error) {
    console.warn(`[keygate] /v1 is served through Next.js: its route handlers could not be loaded directly (${error.message})`);
    return null;
  }
}
let stopping = false;
// Every connection and how many of its requests are unanswered. On shutdown each connection is
// closed as soon as it has nothing left to answer: Node's closeIdleConnections() misses those that
// have not sent a request yet (a client's spare connection) and those that go idle after close(),
// and either would hold the exit until SHUTDOWN_GRACE_MS, past most orchestrators' kill timeout.
const unanswered = new Map();
const server = createServer((req, res) => {
  const socket = req.socket;
  unanswered.set(socket, (unanswered.get(socket) ?? 0) + 1);
  if (stopping) res.shouldKeepAlive = false;
  res.once("close", () => {
    const left = (unanswered.get(socket) ?? 1) - 1;
    unanswered.set(socket, left);
    if (stopping && left === 0) socket.end(() => socket.destroy());
  });
  // Next.js answers other methods (PROPFIND, TRACE, …) with an empty 400 or an HTML 500.
  if (!HTTP_METHODS.includes(req.method)) {
    return writeError(res, 405, "method_not_allowed", `Method ${req.method} is not supported by this server`, { allow: HTTP_METHODS.join(", ") });
  }
  if (!originForm(req)) return badPath(res, "The request target must be a path on this server");
  if (!decodablePath(req.url)) return badPath(res);
  // The socket's peer, for IP allowlists and the login throttle (lib/http/client-ip.ts). A client's
  // own copy of the header is never believed.
  req.headers["x-keygate-peer"] = req.socket.remoteAddress ?? "";
  const route = lean && leanPath(req.url);
  if (route) {
    const onError = (error) => console.error("[keygate] unhandled error on /v1:", error);
    // Whatever fails while the answer is written ends that answer, never the process.
    return void serveLean(route, req, res, { onError }).catch((error) => {
      onError(error);
      if (res.headersSent) res.destroy();
      else writeError(res, 500, "internal_error", "The server failed to handle this request");
    });
  }
  return handle(req, res);
});

const pathOf = (url) => {
  const query = url.indexOf("?");
  return query === -1 ? url : url.slice(0, query);
};

/** The /v1 route for a path in canonical form; others (trailing or double slashes: Next redirects or 404s) go to Next. */
function leanPath(url = "/") {
  if (!url.startsWith("/v1/")) return null;
  const pathname = pathOf(url);
  if (pathname.endsWith("/") || pathname.includes("//")) return null;
  return lean.match(pathname);
}

// Next.js answers a path with a broken percent-escape (e.g. /v1/models/%E0%A4%A) with a plain-text
// 500 before any route runs; clients get a 400 in the API's error shape instead.
function decodablePath(url = "/") {
  // Without a percent sign there is nothing to decode (the usual case: no decoding per request).
  if (!url.includes("%")) return true;
  try {
    decodeURIComponent(url.split("?")[0]);
    return true;
  } catch {
    return false;
  }
}

// An absolute-form target (`GET http://evil.example/v1/models HTTP/1.1`, meant for proxies) and a
// path starting with `//` both make Next.js answer with a redirect whose Location is another origin.
// Either is served as the plain path on this origin instead. Returns false when nothing sensible is left.
function originForm(req) {
  const target = req.url ?? "/";
  if (target.startsWith("/") && !target.startsWith("//")) return true;
  if (target.startsWith("//")) {
    req.url = target.replace(/^\/+/, "/");
    return true;
  }
  if (target === "*") return req.method === "OPTIONS" && ((req.url = "/"), true);
  if (!/^https?:\/\//i.test(target) || !URL.canParse(target)) return false;
  const url = new URL(target);
  req.url = `${url.pathname.replace(/^\/+/, "/")}${url.search}`;
  return true;
}

function badPath(res, message = "The URL path has an invalid percent-escape") {
  writeError(res, 400, "invalid_path", message);
}

// Requests Node's HTTP parser refuses before any handler runs (malformed request line, headers over
// the size limit, a header timeout) are answered in the API's error shape too, not with a bare status line.
server.on("clientError", (error, socket) => {
  if (error.code === "ECONNRESET" || !socket.writable || socket._httpMessage?.headersSent) return socket.destroy();
  const [status, code, message] =
    error.code === "HPE_HEADER_OVERFLOW"
      ? [431, "headers_too_large", "The request's headers are larger than this server accepts"]
      : error.code === "ERR_HTTP_REQUEST_TIMEOUT"
        ? [408, "request_timeout", "The request was not received in time"]
        : [400, "bad_request", `The request is not valid HTTP (${error.code ?? "parse error"})`];
  const body = JSON.stringify({ error: { message, type: "invalid_request_error", param: null, code } });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
});
server.on("connection", (socket) => {
  unanswered.set(socket, 0);
  socket.once("close", () => unanswered.delete(socket));
});
server.keepAliveTimeout = 65_000;
server.on("error", (error) => {
  console.error(`[keygate] cannot listen on ${runtime.host}:${runtime.port}: ${error.message}`);
  process.exit(1);
});
server.listen(runtime.port, runtime.host, () => {
  const shown = runtime.host === "0.0.0.0" || runtime.host === "::" ? "localhost" : runtime.host;
  console.log(`[keygate] ready on http://${shown}:${runtime.port} (dashboard /, proxy /v1${lean ? "" : " through Next.js"})`);
});

/** How long a connection with nothing in flight stays open after the signal, so a request already on its way is still answered. */
const IDLE_DRAIN_MS = 300;

/**
 * Turns the event loop until the kernel's accept queue of the listening socket is empty (Linux's
 * /proc/net/tcp{,6} shows its length as the LISTEN socket's rx_queue), for 10 s at most; elsewhere a
 * fixed number of turns.
 */
async function drainAcceptQueue(port) {
  const deadline = Date.now() + 10_000;
  for (let turn = 0; Date.now() < deadline; turn++) {
    const queued = acceptQueueLength(port);
    if (queued === 0 || (queued === null && turn >= 64)) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function acceptQueueLength(port) {
  if (typeof port !== "number") return 0;
  const local = `:${port.toString(16).toUpperCase().padStart(4, "0")}`;
  let found = null;
  for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let table;
    try {
      table = readFileSync(file, "utf8");
    } catch {
      continue;
    }
    for (const line of table.split("\n")) {
      const [, address, , state, queues] = line.trim().split(/\s+/);
      if (state === "0A" && address?.endsWith(local)) found = (found ?? 0) + parseInt(queues.split(":")[1], 16);
    }
  }
  return found;
}

async function stop(signal) {
  if (stopping) return;
  stopping = true;
  console.log(`[keygate] ${signal}: finishing requests in flight, then writing usage`);
  const grace = Number(process.env.SHUTDOWN_GRACE_MS) || 30_000;
  // Connections the kernel has queued but the server has not accepted yet carry requests sent before
  // the signal: closing the listener now would reset them. libuv accepts one per loop turn.
  await drainAcceptQueue(server.address()?.port);
  // net's close, not http's: http's also resets every idle keep-alive connection at once, so a request
  // racing the close is cut. Here such a request is answered (with Connection: close), and a connection
  // is closed only when nothing is being received or answered on it.
  const closed = new Promise((resolve) => net.Server.prototype.close.call(server, resolve));
  const since = Date.now();
  const closeIdle = () => {
    if (Date.now() - since < IDLE_DRAIN_MS) return;
    // Node's own check knows which connections are in the middle of a request's headers or body…
    server.closeIdleConnections();
    // …but not those that never sent a byte (a client's spare connection).
    for (const [socket, requests] of unanswered) if (requests === 0 && socket.bytesRead === 0) socket.destroy();
  };
  const idleTimer = setInterval(closeIdle, 50);
  const graceTimer = setTimeout(() => server.closeAllConnections(), grace);
  await closed;
  clearInterval(idleTimer);
  clearTimeout(graceTimer);
  // Aborted streams record their usage as they end: give them a tick before the final write.
  await new Promise((resolve) => setTimeout(resolve, 50));
  try {
    await runtime.shutdown();
  } catch (error) {
    console.error(`[keygate] shutdown failed: ${error.message}`);
    process.exit(1);
  }
  process.exit(0);
}
process.on("SIGTERM", () => void stop("SIGTERM"));
process.on("SIGINT", () => void stop("SIGINT"));
