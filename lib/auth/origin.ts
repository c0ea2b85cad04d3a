import { hasBody, mediaType } from "@/lib/http/body";
import { ApiError } from "@/lib/http/errors";
import { checkRequestOrigin, hostOf } from "@/lib/http/origin";

// CSRF defence in depth for requests a browser sends on its own with the session cookie (and for
// the unauthenticated setup and sign-in forms). Cookies are SameSite=Lax and every JSON write needs
// application/json (which a cross-site form cannot send without CORS); on top of that:
// - Sec-Fetch-Site: `cross-site` and `same-site` are refused. `same-site` is another host under the
//   same registrable domain (another tenant's subdomain): the dashboard never posts from one.
// - Origin, when sent (browsers send it on every POST, PUT, PATCH and DELETE), must name this
//   server; the opaque `null` origin (sandboxed frames, some redirects) is refused.
// - Without Origin, a Referer, when sent, must name this server.
// A request with none of the three did not come from a browser page (scripts, curl): nothing to
// defend there; Bearer ADMIN_TOKEN requests are not cookie-authenticated and skip these checks.

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function isWrite(request: Request): boolean {
  return !SAFE_METHODS.has(request.method);
}

/** Throws 403 csrf_rejected (or 400 untrusted_host) unless the request comes from our own pages. */
export function assertSameOrigin(request: Request, { requireOrigin = false } = {}): void {
  const site = request.headers.get("sec-fetch-site");
  if (site === "cross-site" || site === "same-site") {
    throw new ApiError("csrf_rejected", `Refused a ${site} request: the dashboard's writes come from its own pages (Sec-Fetch-Site: ${site})`);
  }
  const check = checkRequestOrigin(request.headers);
  if (!check.ok) throw new ApiError("untrusted_host", check.message);
  const origin = request.headers.get("origin");
  if (origin !== null) {
    const host = hostOf(origin);
    if (host === null || !check.hosts.includes(host)) throw new ApiError("csrf_rejected", `Refused a request from another origin (Origin: ${origin.slice(0, 200)})`);
    return;
  }
  if (requireOrigin) throw new ApiError("csrf_rejected", "Refused a request without an Origin header: send it from this server's own page");
  const referer = request.headers.get("referer");
  if (referer !== null) {
    const host = hostOf(referer);
    if (host === null || !check.hosts.includes(host)) throw new ApiError("csrf_rejected", "Refused a request whose Referer is another origin");
  }
}

/** A write with a body must say it is JSON: a cross-site form can send text/plain, never application/json. */
export function assertJsonWrite(request: Request): void {
  const type = mediaType(request);
  if (type === "application/json") return;
  if (type !== "" || hasBody(request)) {
    throw new ApiError("unsupported_media_type", `Send the body as JSON with Content-Type: application/json${type ? ` (not ${type.slice(0, 100)})` : ""}`);
  }
}
