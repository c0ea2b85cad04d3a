import "server-only";
import type { AuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { clientAddress } from "@/lib/auth/client-address";
import { signInWithPassword } from "@/lib/auth/login";
import { SESSION_MAX_AGE_S } from "@/lib/auth/session";
import { sessionSecret } from "@/lib/crypto";
import { safeRedirect } from "@/lib/http/safe-redirect";

let cached: AuthOptions | undefined;

const headerValue = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) ?? null;

/**
 * next-auth v4: one credentials provider against the User table, stateless JWT sessions signed and
 * encrypted with a key derived from APP_SECRET (lib/auth/session.ts decodes the same cookie for /api).
 * Built on first request, never at import, so `next build` needs no secret.
 */
export function getAuthOptions(): AuthOptions {
  cached ??= {
    secret: sessionSecret(),
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_S },
    jwt: { maxAge: SESSION_MAX_AGE_S },
    pages: { signIn: "/login", error: "/login" },
    providers: [
      CredentialsProvider({
        id: "credentials",
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, request) {
          // A thrown error's message reaches the form as `error`; null becomes "CredentialsSignin".
          const user = await signInWithPassword({
            email: credentials?.email,
            password: credentials?.password,
            address: clientAddress(request.headers ?? {}),
            userAgent: headerValue(request.headers?.["user-agent"]),
          });
          return user ? { id: user.id, email: user.email, sv: user.sessionVersion } : null;
        },
      }),
    ],
    callbacks: {
      // `sv`: the account's session version at sign-in (lib/auth/session.ts ends older sessions).
      jwt: ({ token, user }) => (user ? { ...token, sub: user.id, email: user.email, sv: (user as { sv?: number }).sv ?? 0 } : token),
      // signIn/signOut callbackUrls: only paths on our own origin (next-auth would follow any same-origin URL as given).
      redirect: ({ url, baseUrl }) => `${baseUrl}${safeRedirect(url.startsWith(baseUrl) ? url.slice(baseUrl.length) || "/" : url, "/")}`,
    },
    logger: {
      error: (code, metadata) => console.error(`[keygate] next-auth ${code}`, metadata instanceof Error ? metadata.message : ""),
      warn: (code) => console.warn(`[keygate] next-auth warning ${code}`),
      debug: () => undefined,
    },
  };
  return cached;
}
