import "server-only";
import { getEnv } from "@/lib/env";

type HeaderSource = Pick<Headers, "get">;

/**
 * This server's address as clients reach it: PUBLIC_URL when configured, otherwise the host and
 * protocol of the current request (Next.js sets X-Forwarded-* for direct requests; a proxy's win).
 */
export function publicBaseUrl(headers: HeaderSource): string {
  const { PUBLIC_URL, PORT } = getEnv();
  if (PUBLIC_URL) return PUBLIC_URL.replace(/\/+$/, "");
  const host = headers.get("x-forwarded-host")?.split(",")[0]?.trim() || headers.get("host") || `localhost:${PORT}`;
  const proto = headers.get("x-forwarded-proto")?.split(",")[0]?.trim() === "https" ? "https" : "http";
  return `${proto}://${host}`;
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
export function getServerInfo(headers: HeaderSource): ServerInfo {
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
