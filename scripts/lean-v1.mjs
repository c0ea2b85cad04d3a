// The lean /v1 path: scripts/start.mjs answers /v1/* by calling the handler functions that the
// built app/v1/**/route.ts modules export (the very module objects Next.js itself loads: one
// implementation, one set of caches, one usage queue and database client per process), without
// Next's per-request machinery (routing, its request and response adapters, async contexts).
// `next start` and Vercel run the same handlers through Next, unchanged.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { Readable } from "node:stream";
import { LeanHeaders } from "../lib/http/lean-headers.mjs";

const require = createRequire(import.meta.url);

const MAX_MATCHES_KEPT = 1000;

const deepFreeze = (params) => {
  for (const value of Object.values(params)) if (Array.isArray(value)) Object.freeze(value);
  return Object.freeze(params);
};

/** The methods route handlers may export (Next.js serves no others). */
export const HTTP_METHODS = ["GET", "HEAD", "OPTIONS", "POST", "PUT", "DELETE", "PATCH"];

/**
 * A matcher over route patterns as Next.js writes them ("/v1/models/[...model]"): static segments
 * before dynamic ones before catch-alls, as in Next's own ordering.
 */
export function compileRoutes(patterns) {
  const routes = patterns.map((pattern) => {
    const segments = pattern.split("/").filter(Boolean).map((segment) => {
      const catchAll = /^\[\.\.\.(.+)\]$/.exec(segment);
      if (catchAll) return { kind: "catchAll", name: catchAll[1] };
      const dynamic = /^\[(.+)\]$/.exec(segment);
      if (dynamic) return { kind: "dynamic", name: dynamic[1] };
      return { kind: "static", value: segment };
    });
    return { pattern, segments };
  });
  // Per position, static (0) < dynamic (1) < catch-all (2): the first routes tried are the most specific.
  const rank = (kind) => (kind === "static" ? 0 : kind === "dynamic" ? 1 : 2);
  routes.sort((a, b) => {
    for (let i = 0; i < Math.max(a.segments.length, b.segments.length); i++) {
      const x = a.segments[i];
      const y = b.segments[i];
      if (!x) return -1;
      if (!y) return 1;
      const d = rank(x.kind) - rank(y.kind);
      if (d !== 0) return d;
    }
    return 0;
  });
  /** The route for `pathname` (already known to decode) and its params (decoded, as Next gives them). */
  return function match(pathname) {
    const parts = pathname.split("/").filter(Boolean);
    outer: for (const route of routes) {
      const params = {};
      const { segments } = route;
      for (let i = 0; i < segments.length; i++) {
        const segment = segments[i];
        if (segment.kind === "catchAll") {
          if (i >= parts.length) continue outer;
          params[segment.name] = parts.slice(i).map(decodeURIComponent);
          return { pattern: route.pattern, params };
        }
        const part = parts[i];
        if (part === undefined) continue outer;
        if (segment.kind === "static") {
          if (part !== segment.value) continue outer;
        } else {
          params[segment.name] = decodeURIComponent(part);
        }
      }
      if (parts.length !== segments.length) continue;
      return { pattern: route.pattern, params };
    }
    return null;
  };
}

/**
 * Loads the route modules of the build in `distDir` whose path starts with `prefix` ("/v1/") and
 * returns their matcher: a path's exported handlers by method, and its params. Null when the build
 * has none.
 */
export async function loadRoutes(distDir, prefix) {
  const manifest = JSON.parse(readFileSync(path.join(distDir, "server", "app-paths-manifest.json"), "utf8"));
  const modules = new Map();
  for (const [page, file] of Object.entries(manifest)) {
    if (!page.startsWith(prefix) || !page.endsWith("/route")) continue;
    const loaded = require(path.join(distDir, "server", file));
    const routeModule = loaded.routeModule;
    // The module object Next's own router uses; its exports are the route file's handlers.
    await routeModule.ensureUserland();
    const handlers = {};
    for (const method of HTTP_METHODS) {
      const handler = routeModule.userland[method];
      if (typeof handler === "function") handlers[method] = handler;
    }
    modules.set(page.slice(0, -"/route".length), handlers);
  }
  if (modules.size === 0) return null;
  const match = compileRoutes([...modules.keys()]);
  // The same few paths come again and again: each is matched once (a bounded number kept).
  const seen = new Map();
  return {
    match: (pathname) => {
      const known = seen.get(pathname);
      if (known !== undefined) return known;
      const found = match(pathname);
      // Shared by every request on the path: frozen, so none can change another's.
      const route = found ? { handlers: modules.get(found.pattern), params: deepFreeze(found.params) } : null;
      if (seen.size >= MAX_MATCHES_KEPT) seen.clear();
      seen.set(pathname, route);
      return route;
    },
  };
}

/** 405 in the API's error shape, with the methods the route does serve. */
function answerMethodNotAllowed(route, req, res) {
  writeError(res, 405, "method_not_allowed", `Method ${req.method} is not allowed here; use ${allowOf(route)}`, { allow: allowOf(route) });
}

/** Known to lib/http/response.ts and lib/proxy/body.ts: a request from this server, and its Node body stream. */
const LEAN_REQUEST = Symbol.for("keygate.request.lean");
const NODE_BODY = Symbol.for("keygate.request.nodeBody");

/**
 * What the handlers read of a request (method, url, headers, signal, body), without building a Web
 * Request and a Web stream for its body: the body is read from the Node stream (lib/proxy/body.ts
 * knows NODE_BODY); `body` and the readers make the Web forms only when something asks.
 */
class LeanRequest {
  #req;
  #res;
  #body;
  #real;
  constructor(req, res, url, headers, signal) {
    this.#req = req;
    this.#res = res;
    this.method = req.method;
    this.url = url;
    this.headers = headers;
    this.signal = signal;
    this[LEAN_REQUEST] = true;
    this[NODE_BODY] = hasBody(req.method) ? { stream: req, refuse: () => this.#refuse() } : undefined;
  }

  #refuse() {
    // The rest of the body is not read: the connection ends after the answer.
    this.#res.shouldKeepAlive = false;
    this.#req.pause();
  }

  get body() {
    if (this.#body === undefined) this.#body = hasBody(this.method) ? Readable.toWeb(this.#req) : null;
    return this.#body;
  }

  get bodyUsed() {
    return this.#req.readableDidRead;
  }

  #asRequest() {
    this.#real ??= new Request(this.url, { method: this.method, headers: [...this.headers], body: this.body, duplex: "half", signal: this.signal.asAbortSignal() });
    return this.#real;
  }

  arrayBuffer() {
    return this.#asRequest().arrayBuffer();
  }

  text() {
    return this.#asRequest().text();
  }

  json() {
    return this.#asRequest().json();
  }

  formData() {
    return this.#asRequest().formData();
  }

  blob() {
    return this.#asRequest().blob();
  }
}

const hasBody = (method) => method !== "GET" && method !== "HEAD";

/** The request's own origin for `request.url` (only its path and query are read by the handlers). */
function originOf(req) {
  const host = req.headers.host;
  return typeof host === "string" && /^[A-Za-z0-9.\-:[\]]+$/.test(host) ? `http://${host}` : "http://localhost";
}

/**
 * What the handlers and undici read of an AbortSignal (`aborted`, `reason`, its "abort" listeners),
 * without an AbortController per request: most requests are never aborted.
 */
class LeanSignal {
  aborted = false;
  reason = undefined;
  #listeners = null;
  #real = null;

  addEventListener(type, listener) {
    if (type === "abort" && typeof listener === "function") (this.#listeners ??= new Set()).add(listener);
  }

  removeEventListener(type, listener) {
    if (type === "abort") this.#listeners?.delete(listener);
  }

  throwIfAborted() {
    if (this.aborted) throw this.reason;
  }

  abort() {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = new DOMException("This operation was aborted", "AbortError");
    const listeners = this.#listeners;
    this.#listeners = null;
    // As an AbortSignal's: each listener once ({ once: true } is what undici asks for).
    for (const listener of listeners ?? []) listener.call(this, { type: "abort", target: this });
  }

  /** A real AbortSignal that follows this one, for a Web Request built from the LeanRequest. */
  asAbortSignal() {
    if (!this.#real) {
      const controller = new AbortController();
      if (this.aborted) controller.abort(this.reason);
      else this.addEventListener("abort", () => controller.abort(this.reason));
      this.#real = controller.signal;
    }
    return this.#real;
  }
}

/**
 * Answers `req` with the route's handler: a LeanRequest in (a Web Request's interface over the Node request), its Response written to `res` as it
 * is produced (each chunk of a stream as it comes, with back-pressure), the handler's signal aborted
 * and its body cancelled when the client leaves first.
 */
export async function serveLean(route, req, res, { onError }) {
  const method = req.method;
  const handler = route.handlers[method] ?? (method === "HEAD" ? route.handlers.GET : undefined);
  if (!handler) return method === "OPTIONS" ? answerOptions(route, res) : answerMethodNotAllowed(route, req, res);
  const signal = new LeanSignal();
  let response;
  const closed = () => {
    if (!res.writableFinished) signal.abort();
  };
  res.once("close", closed);
  try {
    // scripts/start.mjs has put the socket's peer address in req.headers (x-keygate-peer).
    const request = new LeanRequest(req, res, originOf(req) + req.url, new LeanHeaders(req.headers), signal);
    response = await handler(request, { params: Promise.resolve(route.params) });
  } catch (error) {
    onError(error);
    return writeError(res, 500, "internal_error", "The server failed to handle this request");
  }
  await writeResponse(res, response, method === "HEAD");
}

/** A response's headers for writeHead: a LeanHeaders' own object (lib/http/lean-headers.mjs), or a copy of a real Headers. */
function headersOf(response) {
  const raw = response.headers.raw;
  if (raw && typeof raw === "object") return raw;
  const headers = {};
  for (const [name, value] of response.headers) if (name !== "set-cookie") headers[name] = value;
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers["set-cookie"] = cookies;
  return headers;
}

/** Set by lib/http/response.ts: a whole body's bytes, or a streamed body's chunk source. */
const WHOLE_BODY = Symbol.for("keygate.response.whole");
const BODY_SOURCE = Symbol.for("keygate.response.source");

async function writeResponse(res, response, headOnly) {
  const source = response[BODY_SOURCE];
  if (res.destroyed) {
    if (source) source.cancel();
    else await response.body?.cancel().catch(() => undefined);
    return;
  }
  res.writeHead(response.status, headersOf(response));
  const whole = response[WHOLE_BODY];
  if (whole) return void res.end(headOnly ? undefined : whole);
  if (source) {
    if (headOnly) {
      source.cancel();
      return void res.end();
    }
    return writeChunks(res, source);
  }
  const body = response.body;
  if (!body || headOnly) {
    await body?.cancel().catch(() => undefined);
    res.end();
    return;
  }
  const reader = body.getReader();
  return writeChunks(res, { next: async () => ((await reader.read()).value ?? null), cancel: () => void reader.cancel().catch(() => undefined) });
}

/** Each chunk as the source gives it, with back-pressure; the source is cancelled when the client leaves first. */
async function writeChunks(res, source) {
  let done = false;
  const cancel = () => {
    if (!done) source.cancel();
  };
  res.once("close", cancel);
  try {
    for (;;) {
      const chunk = await source.next();
      if (chunk === null) break;
      if (res.destroyed) return;
      if (!res.write(chunk)) await drained(res);
    }
    done = true;
    res.end();
  } catch {
    // The body failed (the client left, or a stream broke without an in-band error): cut the answer short.
    done = true;
    res.destroy();
  } finally {
    res.off("close", cancel);
  }
}

const drained = (res) =>
  new Promise((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });

const allowOf = (route) => [...new Set([...Object.keys(route.handlers), ...(route.handlers.GET ? ["HEAD"] : [])])].sort().join(", ");

function answerOptions(route, res) {
  res.writeHead(204, { allow: [...new Set([...allowOf(route).split(", "), "OPTIONS"])].sort().join(", ") });
  res.end();
}


export function writeError(res, status, code, message, headers = {}) {
  const type = status === 401 ? "authentication_error" : status >= 500 ? "server_error" : "invalid_request_error";
  const body = JSON.stringify({ error: { message, type, param: null, code } });
  if (res.headersSent) return void res.destroy();
  res.writeHead(status, { ...headers, "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  res.end(body);
}
