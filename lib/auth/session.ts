import "server-only";
import { decode } from "next-auth/jwt";
import { sessionSecret } from "@/lib/crypto";
import { getDb } from "@/lib/db";

export const SESSION_COOKIES = ["__Secure-next-auth.session-token", "next-auth.session-token"] as const;
export const SESSION_MAX_AGE_S = 7 * 24 * 60 * 60;

export interface Admin {
  id: string;
  email: string;
  via: "session" | "token";
}

function readCookie(header: string | null, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

/** The signed-in admin behind a request's next-auth session cookie, if the account still exists. */
export async function getSessionAdmin(headers: Headers): Promise<Admin | null> {
  const cookie = headers.get("cookie");
  for (const name of SESSION_COOKIES) {
    const token = readCookie(cookie, name);
    if (!token) continue;
    const jwt = await decode({ token, secret: sessionSecret() }).catch(() => null);
    if (!jwt?.sub) continue;
    const db = await getDb();
    const user = await db.user.findUnique({ where: { id: jwt.sub }, select: { id: true, email: true } });
    if (user) return { ...user, via: "session" };
  }
  return null;
}
