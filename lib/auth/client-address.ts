/**
 * The client's address for throttling. Next.js sets X-Forwarded-For to the socket's address when a
 * request arrives without one; behind a reverse proxy the last entry is the one the proxy appended.
 */
export function clientAddress(headers: Record<string, string | string[] | undefined> | Headers): string {
  const raw = headers instanceof Headers ? headers.get("x-forwarded-for") : headers["x-forwarded-for"];
  const value = Array.isArray(raw) ? raw.join(",") : (raw ?? "");
  const last = value.split(",").map((s) => s.trim()).filter(Boolean).pop();
  return last ?? "unknown";
}
