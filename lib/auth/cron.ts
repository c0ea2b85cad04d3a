import "server-only";
import { safeEqual } from "@/lib/crypto";
import { getEnv } from "@/lib/env";
import { errorResponse, toErrorResponse } from "@/lib/http/errors";

/** Whether `authorization` is `Bearer <secret>` (constant-time): the only way into the cron routes. */
export function cronAuthorized(authorization: string | null, secret: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  return Boolean(match?.[1] && safeEqual(match[1], secret));
}

/**
 * Route wrapper for /api/cron: Vercel Cron sends `Authorization: Bearer $CRON_SECRET`. No session,
 * no ADMIN_TOKEN: 401 without that secret, 503 while CRON_SECRET is unset.
 */
export function withCronSecret(handler: (request: Request) => Promise<Response>) {
  return async (request: Request): Promise<Response> => {
    try {
      const { CRON_SECRET } = getEnv();
      if (!CRON_SECRET) {
        return errorResponse("cron_not_configured", "CRON_SECRET is not set on this server: set it (16+ characters) to let the scheduler run maintenance");
      }
      if (!cronAuthorized(request.headers.get("authorization"), CRON_SECRET)) {
        return errorResponse("unauthorized", "Send `Authorization: Bearer <CRON_SECRET>`", null, { "www-authenticate": 'Bearer realm="keygate-cron"' });
      }
      return await handler(request);
    } catch (error) {
      return toErrorResponse(error);
    }
  };
}
