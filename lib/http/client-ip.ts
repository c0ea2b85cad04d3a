import { compileIpAllowlist, parseAddress } from "@/lib/policies/patterns";

/**
 * The header scripts/start.mjs sets to the socket's peer address (after deleting any copy the
 * client sent). Without it (e.g. `next dev`) the peer is unknown.
 */
export const PEER_HEADER = "x-keygate-peer";

let trusted: { list: readonly string[]; test: ((address: string | null) => boolean) | null } | undefined;

function trustedTest(list: readonly string[]): ((address: string | null) => boolean) | null {
  if (trusted?.list !== list) trusted = { list, test: compileIpAllowlist(list) };
  return trusted.test;
}

type HeaderSource = Headers | Record<string, string | string[] | undefined>;

/** A Headers, or what stands for one (the lean /v1 path's LeanHeaders): anything with get(). */
const isHeaders = (headers: HeaderSource): headers is Headers => typeof (headers as Headers).get === "function";

function header(headers: HeaderSource, name: string): string | null {
  if (isHeaders(headers)) return headers.get(name);
  const value = headers[name];
  return Array.isArray(value) ? value.join(",") : (value ?? null);
}

/** Whether the socket's peer is one of TRUSTED_PROXIES: only then are its X-Forwarded-* headers read. */
export function fromTrustedProxy(headers: HeaderSource, trustedProxies: readonly string[]): boolean {
  const peer = parseAddress(header(headers, PEER_HEADER));
  const isTrusted = trustedTest(trustedProxies);
  return peer !== null && isTrusted !== null && isTrusted(peer.toString());
}

/**
 * The client's address: the socket's peer, unless the peer is one of TRUSTED_PROXIES. Then
 * X-Forwarded-For is read right to left, skipping trusted hops; the first other address is the
 * client. null when unknown (no peer address, or a malformed forwarded entry).
 */
export function clientIp(headers: HeaderSource, trustedProxies: readonly string[]): string | null {
  const peer = parseAddress(header(headers, PEER_HEADER));
  if (!peer) return null;
  const isTrusted = trustedTest(trustedProxies);
  if (!isTrusted || !isTrusted(peer.toString())) return peer.toString();
  const hops = (header(headers, "x-forwarded-for") ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = parseAddress(hops[i]);
    if (!hop) return null;
    if (!isTrusted(hop.toString())) return hop.toString();
  }
  // Every hop is a trusted proxy: the leftmost one is as far as we can see.
  return hops.length ? (parseAddress(hops[0])?.toString() ?? null) : peer.toString();
}
