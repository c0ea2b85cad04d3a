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
