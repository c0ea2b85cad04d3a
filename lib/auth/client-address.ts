import { getEnv } from "@/lib/env";
import { clientIp } from "@/lib/http/client-ip";

/**
 * The client's address for throttling: the socket's peer, or what trusted proxies forwarded
 * (TRUSTED_PROXIES); "unknown" when it cannot be told, which then shares one throttle bucket.
 */
export function clientAddress(headers: Record<string, string | string[] | undefined> | Headers): string {
  return clientIp(headers, getEnv().TRUSTED_PROXIES) ?? "unknown";
}
