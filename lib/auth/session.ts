import "server-only";
import { decode, encode } from "next-auth/jwt";
import { sessionSecret } from "@/lib/crypto";
import { parseRole, type Role } from "@/lib/auth/roles";
import { getDb } from "@/lib/db";

export const SESSION_COOKIES = ["__Secure-next-auth.session-token", "next-auth.session-token"] as const;
export const SESSION_MAX_AGE_S = 7 * 24 * 60 * 60;

export interface Admin {
  id: string;
  email: string;
  via: "session" | "token";
  /** What this admin may do (ADMIN_TOKEN acts as an owner). Read on every request: a change applies at once. */
  role: Role;
  /** The account's session version this request was checked at (sessions only). */
  sessionVersion?: number;
  /** The session cookie this admin came with (to re-issue it after a password change). */
  cookie?: (typeof SESSION_COOKIES)[number];
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
    const user = await db.user.findUnique({ where: { id: jwt.sub }, select: { id: true, email: true, role: true, sessionVersion: true } });
    // A session from before the last password or role change has ended (sessions from before
    // versions count as 0); a removed user's row is gone, so their sessions end with it.
    const version = typeof jwt.sv === "number" ? jwt.sv : 0;
    if (user && version === user.sessionVersion) return { id: user.id, email: user.email, role: parseRole(user.role), via: "session", sessionVersion: user.sessionVersion, cookie: name };
  }
  return null;
}

/** A fresh session cookie for `user` at its current version: the session that changed the password stays signed in. */
export async function sessionCookie(user: { id: string; email: string; sessionVersion: number }, name: (typeof SESSION_COOKIES)[number]): Promise<string> {
  const token = await encode({ token: { sub: user.id, email: user.email, sv: user.sessionVersion }, secret: sessionSecret(), maxAge: SESSION_MAX_AGE_S });
  const secure = name.startsWith("__Secure-") ? "; Secure" : "";
  return `${name}=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${SESSION_MAX_AGE_S}${secure}`;
}
