/** Cookie-authenticated writes must come from our own pages: a browser always sends Origin on them. */
export function isSameOrigin(request: Request): boolean {
  const origin = request.headers.get("origin");
  if (!origin) return true;
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  return URL.canParse(origin) && host !== null && new URL(origin).host === host;
}
