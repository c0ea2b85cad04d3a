import "server-only";
import { NextRequest } from "next/server";
import { assertSameOrigin } from "@/lib/auth/origin";
import { readBody } from "@/lib/http/body";
import { ApiError } from "@/lib/http/errors";
import { checkRequestOrigin } from "@/lib/http/origin";

/** A sign-in form (csrf token, email, password, callback URL) is well under 1 KiB. */
export const AUTH_BODY_LIMIT = 16 * 1024;

/**
 * next-auth's own routes (/api/auth/*), made safe before next-auth sees them:
 * - next-auth builds every URL it returns (the sign-in answer, the error page, redirects) from
 *   X-Forwarded-Host or Host unless PUBLIC_URL is set. Forwarded headers from an untrusted peer and
 *   a Host that is no host name are refused (lib/http/origin.ts), and its POSTs (sign-in, sign-out)
 *   must carry an Origin naming that host: browsers always send one and pages cannot forge either,
 *   so the URL it returns is the origin the browser is already on.
 * - next-auth reads the whole body itself (request.text()); here it is read first, to at most
 *   AUTH_BODY_LIMIT bytes, and handed on as a new request.
 */
export async function prepareAuthRequest(request: NextRequest): Promise<NextRequest> {
  const origin = checkRequestOrigin(request.headers);
  if (!origin.ok) throw new ApiError("untrusted_host", origin.message);
  if (request.method !== "POST") return request;
  assertSameOrigin(request, { requireOrigin: true });
  const body = await readBody(request, AUTH_BODY_LIMIT);
  return new NextRequest(request.url, { method: "POST", headers: request.headers, body: new Uint8Array(body) });
}
