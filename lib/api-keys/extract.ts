export type KeySource = "authorization" | "x-api-key" | "query";

/**
 * The key a client sent, by the seed's three methods in order of precedence:
 * `Authorization: Bearer`, then `X-API-Key`, then the `api_key` URL parameter.
 */
export function extractApiKey(headers: Headers, url: URL): { key: string; source: KeySource } | null {
  const authorization = headers.get("authorization");
  if (authorization) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (match?.[1]) return { key: match[1], source: "authorization" };
  }
  const header = headers.get("x-api-key")?.trim();
  if (header) return { key: header, source: "x-api-key" };
  const param = url.searchParams.get("api_key")?.trim();
  if (param) return { key: param, source: "query" };
  return null;
}

/** A URL safe to log: the `api_key` parameter is replaced. */
export function redactUrl(url: URL): string {
  if (!url.searchParams.has("api_key")) return url.pathname + url.search;
  const copy = new URL(url);
  copy.searchParams.set("api_key", "[redacted]");
  return copy.pathname + copy.search;
}
