import "server-only";
import { Agent } from "undici";
import { getEnv } from "@/lib/env";
import { processSingleton } from "@/lib/singleton";

/**
 * The keep-alive connection pool every upstream call goes through. undici directly, not the global
 * fetch: Next.js wraps fetch, which costs about 0.5 ms of CPU per proxied request.
 */
export function upstreamAgent(): Agent {
  return processSingleton("upstream-agent", () => {
    const { UPSTREAM_TIMEOUT_MS } = getEnv();
    return new Agent({
      keepAliveTimeout: 30_000,
      keepAliveMaxTimeout: 600_000,
      connections: 256,
      pipelining: 1,
      headersTimeout: UPSTREAM_TIMEOUT_MS,
      bodyTimeout: UPSTREAM_TIMEOUT_MS,
      connect: { timeout: 10_000 },
    });
  });
}

/** Joins an OpenAI-style base URL (`https://host/v1`) and an endpoint path (`chat/completions`). */
export function joinUrl(baseUrl: string, path: string, search = ""): string {
  return `${baseUrl.replace(/\/+$/, "")}/${path.replace(/^\/+/, "")}${search}`;
}

/** What undici's dispatcher is asked for: the origin, and the path with its query. */
export interface UpstreamTarget {
  origin: string;
  path: string;
}

// A provider's base URL parsed once: its origin and its path, ending in "/" (null: it has a query
// or fragment of its own, and every URL under it is parsed whole).
const bases = new Map<string, { origin: string; prefix: string } | null>();
const MAX_BASES = 256;

/**
 * joinUrl(baseUrl, path, search) as undici's request(url) would read it, without parsing a URL per
 * request: the base is parsed once, the endpoint path and the client's (already encoded) query are
 * appended. The same origin and path as `new URL(joinUrl(…))`.
 */
export function upstreamTarget(baseUrl: string, path: string, search = ""): UpstreamTarget {
  let base = bases.get(baseUrl);
  if (base === undefined) {
    const url = new URL(`${baseUrl.replace(/\/+$/, "")}/`);
    base = url.search || url.hash ? null : { origin: url.origin, prefix: url.pathname };
    if (bases.size >= MAX_BASES) bases.clear();
    bases.set(baseUrl, base);
  }
  if (base === null) {
    const url = new URL(joinUrl(baseUrl, path, search));
    return { origin: url.origin, path: `${url.pathname}${url.search}` };
  }
  return { origin: base.origin, path: `${base.prefix}${path.replace(/^\/+/, "")}${search}` };
}
