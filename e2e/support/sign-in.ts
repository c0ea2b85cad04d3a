// The dashboard's sign-in as the browser does it (next-auth's credentials flow): fetch a CSRF
// token, then post the form with it, asking for a JSON answer (what next-auth/react's signIn sends).
import { rawRequest, type RawResponse } from "./raw-http";

export interface SignInResult {
  status: number;
  /** The URL next-auth answers with: the callback on success, its error page otherwise. */
  url: string | null;
  /** The `error` of that URL: "CredentialsSignin", a lock message, or null on success. */
  error: string | null;
  /** `name=value` of the session cookie, when signed in. */
  session: string | null;
  response: RawResponse;
}

export interface SignInOptions {
  email: string;
  password: string;
  /** Source address of both requests. */
  from?: string;
  /** Extra headers on the form post (the default Origin is the server's own; "" sends none). */
  headers?: Record<string, string>;
}

function cookiePairs(setCookie: string[] | undefined): string[] {
  return (setCookie ?? []).map((c) => c.split(";")[0] ?? "").filter(Boolean);
}

export async function signIn(baseUrl: string, options: SignInOptions): Promise<SignInResult> {
  const csrf = await rawRequest(baseUrl, "/api/auth/csrf", { from: options.from });
  const { csrfToken } = csrf.json as { csrfToken: string };
  const cookies = cookiePairs(csrf.headers["set-cookie"]);
  const body = new URLSearchParams({ csrfToken, email: options.email, password: options.password, callbackUrl: "/keys", json: "true" }).toString();
  const headers: Record<string, string> = {
    "content-type": "application/x-www-form-urlencoded",
    cookie: cookies.join("; "),
    origin: new URL(baseUrl).origin,
    ...options.headers,
  };
  if (headers.origin === "") delete headers.origin;
  const response = await rawRequest(baseUrl, "/api/auth/callback/credentials", { method: "POST", headers, body, from: options.from });
  const url = (response.json as { url?: string } | null)?.url ?? null;
  const session = cookiePairs(response.headers["set-cookie"]).find((c) => /^(__Secure-)?next-auth\.session-token=/.test(c)) ?? null;
  return { status: response.status, url, error: url && URL.canParse(url) ? new URL(url).searchParams.get("error") : null, session, response };
}
