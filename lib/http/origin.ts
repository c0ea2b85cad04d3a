import { getEnv } from "@/lib/env";
import { fromTrustedProxy } from "@/lib/http/client-ip";

// Which origin a request is for. With PUBLIC_URL, that and nothing else. Without it, the Host the
// client addressed; X-Forwarded-Host and X-Forwarded-Proto count only from TRUSTED_PROXIES (like
// X-Forwarded-For in lib/http/client-ip.ts). scripts/start.mjs serves plain HTTP, so without a
// trusted proxy the scheme is http. Next.js fills in X-Forwarded-Host/Proto from Host and the
// socket when a request has none, so a copy equal to those is not a claim.

const HOST = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.?|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

function first(value: string | null): string | null {
  const head = value?.split(",")[0]?.trim();
  return head ? head : null;
}

/** A Host header value that is a plain host[:port] (no userinfo, path or spaces). */
export function isValidHost(host: string | null): host is string {
  return host !== null && host.length <= 261 && HOST.test(host);
}

export type OriginCheck = { ok: true; origin: string; hosts: string[] } | { ok: false; message: string };

/**
 * The request's origin, and every host a same-origin browser request may name in Origin or
 * Referer: PUBLIC_URL's, the Host header's, a trusted proxy's X-Forwarded-Host. Refused: a Host
 * that is no host, and forwarded headers that disagree with the connection from an untrusted peer.
 */
export function checkRequestOrigin(headers: Headers): OriginCheck {
  const { PUBLIC_URL, TRUSTED_PROXIES } = getEnv();
  const host = headers.get("host");
  const forwardedHost = first(headers.get("x-forwarded-host"));
  const forwardedProto = first(headers.get("x-forwarded-proto"))?.toLowerCase() ?? null;
  const trusted = fromTrustedProxy(headers, TRUSTED_PROXIES);
  const hosts: string[] = [];
  if (PUBLIC_URL) hosts.push(new URL(PUBLIC_URL).host);
  if (isValidHost(host)) hosts.push(host.toLowerCase());
  if (trusted && isValidHost(forwardedHost)) hosts.push(forwardedHost.toLowerCase());
  if (PUBLIC_URL) return { ok: true, origin: new URL(PUBLIC_URL).origin, hosts };
  if (!isValidHost(host)) return { ok: false, message: "The Host header is missing or is not a host name" };
  if (!trusted) {
    if (forwardedHost !== null && forwardedHost.toLowerCase() !== host.toLowerCase()) {
      return { ok: false, message: "X-Forwarded-Host is read only from a trusted proxy: set PUBLIC_URL (or TRUSTED_PROXIES) when Keygate runs behind one" };
    }
    if (forwardedProto !== null && forwardedProto !== "http") {
      return { ok: false, message: "X-Forwarded-Proto is read only from a trusted proxy: set PUBLIC_URL (or TRUSTED_PROXIES) when Keygate runs behind one" };
    }
    return { ok: true, origin: `http://${host.toLowerCase()}`, hosts };
  }
  const proto = forwardedProto === "https" ? "https" : "http";
  const name = isValidHost(forwardedHost) ? forwardedHost.toLowerCase() : host.toLowerCase();
  return { ok: true, origin: `${proto}://${name}`, hosts };
}

/** The host part of an Origin or Referer value, or null when it is not an http(s) URL. */
export function hostOf(value: string): string | null {
  if (!URL.canParse(value)) return null;
  const url = new URL(value);
  return url.protocol === "http:" || url.protocol === "https:" ? url.host.toLowerCase() : null;
}
