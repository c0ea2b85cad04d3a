// Serves the production build: dashboard, management API and /v1 proxy on one port.
// A small custom server (instead of `next start`) so that SIGTERM/SIGINT stop accepting requests,
// let the ones in flight finish, and write all pending usage before the process exits.
import { createServer } from "node:http";
import next from "next";

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
  if (!originForm(req)) return badPath(res, "The request target must be a path on this server");
  if (!decodablePath(req.url)) return badPath(res);
  // The socket's peer, for IP allowlists and the login throttle (lib/http/client-ip.ts). A client's
  // own copy of the header is never believed.
  req.headers["x-keygate-peer"] = req.socket.remoteAddress ?? "";
  return handle(req, res);
});

// Next.js answers a path with a broken percent-escape (e.g. /v1/models/%E0%A4%A) with a plain-text
// 500 before any route runs; clients get a 400 in the API's error shape instead.
function decodablePath(url = "/") {
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
  const body = JSON.stringify({
    error: { message, type: "invalid_request_error", param: null, code: "invalid_path" },
  });
  res.writeHead(400, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  res.end(body);
}
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
  console.log(`[keygate] ready on http://${shown}:${runtime.port} (dashboard /, proxy /v1)`);
});

async function stop(signal) {
  if (stopping) return;
  stopping = true;
  console.log(`[keygate] ${signal}: finishing requests in flight, then writing usage`);
  const grace = Number(process.env.SHUTDOWN_GRACE_MS) || 30_000;
  const closed = new Promise((resolve) => server.close(resolve));
  for (const [socket, requests] of unanswered) if (requests === 0) socket.destroy();
  const timer = setTimeout(() => server.closeAllConnections(), grace);
  await closed;
  clearTimeout(timer);
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
