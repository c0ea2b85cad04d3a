import type { IncomingHttpHeaders } from "node:http";
import { LeanHeaders } from "@/lib/http/lean-headers.mjs";
import { PEER_HEADER } from "@/lib/http/client-ip";
import { ANTHROPIC_VERSION } from "@/lib/providers/registry";
import type { ProviderKind } from "@/lib/providers/schemas";

// Never forwarded upstream: hop-by-hop headers, the client's credentials, and what identifies the client.
const DROP_REQUEST = new Set([
  "authorization", "x-api-key", "api-key", "cookie", "host", "connection", "keep-alive", "proxy-authorization",
  "proxy-authenticate", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "content-length",
  "accept-encoding", "forwarded", "x-real-ip", "expect", "origin", "referer", PEER_HEADER,
]);

// Never passed back to the client: hop-by-hop headers and upstream cookies.
const DROP_RESPONSE = new Set([
  "connection", "keep-alive", "proxy-authenticate", "proxy-connection", "te", "trailer", "transfer-encoding",
  "upgrade", "set-cookie", "content-length",
]);

/** `contentType`: the body's own (a multipart upload keeps the client's, boundary included); JSON otherwise. */
export function upstreamRequestHeaders(incoming: Headers, apiKey: string | null, bodyLength: number, kind: ProviderKind = "openai", contentType = "application/json"): Record<string, string> {
  const out: Record<string, string> = {};
  incoming.forEach((value, name) => {
    if (DROP_REQUEST.has(name) || name.startsWith("x-forwarded-") || name.startsWith("x-middleware-") || name.startsWith("next-")) return;
    // One protocol's headers never reach the other's provider (an anthropic-beta breaks some OpenAI-compatible servers).
    if (name.startsWith(kind === "anthropic" ? "openai-" : "anthropic-")) return;
    out[name] = value;
  });
  out["content-type"] = contentType;
  out["content-length"] = String(bodyLength);
  // Plain bodies only: the proxy reads token usage out of them.
  out["accept-encoding"] = "identity";
  if (kind === "anthropic") {
    // The provider's key in Anthropic's header; the client's anthropic-version and anthropic-beta pass on.
    if (apiKey) out["x-api-key"] = apiKey;
    out["anthropic-version"] ??= ANTHROPIC_VERSION;
  } else if (apiKey) out.authorization = `Bearer ${apiKey}`;
  return out;
}

/**
 * The upstream's answer headers the client gets. `lean`: for the lean /v1 server, which writes them
 * as they are (undici's names are lower-case already); a real Headers otherwise.
 */
export function clientResponseHeaders(upstream: IncomingHttpHeaders, lean = false): Headers {
  if (lean) {
    const out: Record<string, string | string[]> = Object.create(null);
    for (const name in upstream) {
      const value = upstream[name];
      if (value !== undefined && !DROP_RESPONSE.has(name)) out[name] = value;
    }
    return new LeanHeaders(out) as unknown as Headers;
  }
  const out = new Headers();
  for (const [name, value] of Object.entries(upstream)) {
    if (value === undefined || DROP_RESPONSE.has(name)) continue;
    if (Array.isArray(value)) for (const v of value) out.append(name, v);
    else out.set(name, value);
  }
  return out;
}
