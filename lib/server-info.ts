import "server-only";
import { getEnv } from "@/lib/env";
import { checkRequestOrigin, isValidHost } from "@/lib/http/origin";

/**
 * This server's address as clients reach it, for the snippets the dashboard shows: PUBLIC_URL when
 * configured, otherwise the request's origin as lib/http/origin.ts decides it (X-Forwarded-Host and
 * -Proto only from TRUSTED_PROXIES). A request whose forwarded headers are not believed gets its Host.
 */
export function publicBaseUrl(headers: Headers): string {
  const { PUBLIC_URL, PORT } = getEnv();
  if (PUBLIC_URL) return PUBLIC_URL.replace(/\/+$/, "");
  const check = checkRequestOrigin(headers);
  if (check.ok) return check.origin;
  const host = headers.get("host");
  return isValidHost(host) ? `http://${host.toLowerCase()}` : `http://localhost:${PORT}`;
}

export interface ServerInfo {
  baseUrl: string;
  publicUrlConfigured: boolean;
  adminTokenConfigured: boolean;
  adminFromEnv: boolean;
  upstreamFromEnv: string | null;
  maxBodyBytes: number;
  upstreamTimeoutMs: number;
  usageFlushMs: number;
}

/** Read-only configuration for the Settings page: never a secret, only whether one is set. */
export function getServerInfo(headers: Headers): ServerInfo {
  const env = getEnv();
  return {
    baseUrl: publicBaseUrl(headers),
    publicUrlConfigured: env.PUBLIC_URL !== undefined,
    adminTokenConfigured: env.ADMIN_TOKEN !== undefined,
    adminFromEnv: env.ADMIN_EMAIL !== undefined,
    upstreamFromEnv: env.UPSTREAM_BASE_URL ?? null,
    maxBodyBytes: env.MAX_BODY_BYTES,
    upstreamTimeoutMs: env.UPSTREAM_TIMEOUT_MS,
    usageFlushMs: env.USAGE_FLUSH_MS,
  };
}
