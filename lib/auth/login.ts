import "server-only";
import { writeAudit } from "@/lib/audit/record";
import { loginSchema } from "@/lib/auth/schemas";
import { getDb } from "@/lib/db";
import { clearLoginFailures, loginThrottleState, recordLoginFailure, type ThrottleKey } from "@/lib/auth/throttle";
import { verifyAdminPassword, type AdminUser } from "@/lib/auth/users";

/** Shown for every wrong email or password: it must not tell which one was wrong. */
export const INVALID_CREDENTIALS_MESSAGE = "Email or password is incorrect.";

export class LoginLockedError extends Error {
  override name = "LoginLockedError";
  constructor(readonly retryAfterS: number) {
    const minutes = Math.ceil(retryAfterS / 60);
    super(
      retryAfterS < 60
        ? `Too many failed sign-in attempts. Try again in ${retryAfterS} seconds.`
        : `Too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
    );
  }
}

/**
 * Checks a sign-in attempt: null for wrong credentials, throws LoginLockedError while locked.
 *
 * - The client address (lib/auth/client-address.ts: the socket's peer, X-Forwarded-For only from
 *   TRUSTED_PROXIES) locks after 10 failures: a locked address gets no answer to any password.
 * - The account (the email given, existing or not, so the lock reveals nothing) locks after 5. Its
 *   lock slows guessing without locking the admin out: an address with failures of its own in the
 *   last hour is refused while it lasts, but an address without any still has its password
 *   checked, so the right password signs in (and clears the lock) while a wrong one counts against
 *   that address too and is answered as locked. A guesser gets one try per fresh address per lock.
 */
export async function signInWithPassword(input: { email?: string; password?: string; address: string; userAgent?: string | null }): Promise<AdminUser | null> {
  const parsed = loginSchema.safeParse(input);
  const keys: ThrottleKey[] = [{ scope: "address", value: input.address }];
  if (parsed.success) keys.push({ scope: "account", value: parsed.data.email });
  const [address, account] = await loginThrottleState(keys);
  if (address && address.retryAfterS > 0) throw new LoginLockedError(address.retryAfterS);
  const accountLock = account?.retryAfterS ?? 0;
  if (accountLock > 0 && (address?.failures ?? 0) > 0) throw new LoginLockedError(accountLock);
  const user = parsed.success ? await verifyAdminPassword(parsed.data.email, parsed.data.password) : null;
  const origin = { ip: input.address === "unknown" ? null : input.address, userAgent: input.userAgent?.slice(0, 500) ?? null };
  if (user) {
    await clearLoginFailures(keys);
    const db = await getDb();
    await db.user.updateMany({ where: { id: user.id }, data: { lastSignInAt: new Date() } });
    await writeAudit(db, "auth.sign_in", { type: "user", id: user.id, label: user.email }, null, { actorType: "user", actorId: user.id, actorLabel: user.email, ...origin });
    return user;
  }
  const locked = await recordLoginFailure(keys);
  // Who tried: the email given (checked, never the password), as an anonymous actor. A refusal
  // while locked writes nothing more (above), so a guesser cannot flood the log.
  const tried = parsed.success ? parsed.data.email : "anonymous";
  const anonymous = { actorType: "anonymous" as const, actorId: null, actorLabel: tried, ...origin };
  await writeAudit(await getDb(), locked > 0 ? "auth.locked_out" : "auth.sign_in_failed", { type: "user", label: tried }, locked > 0 ? { lockedForSeconds: locked } : null, anonymous);
  if (locked > 0 || accountLock > 0) throw new LoginLockedError(Math.max(locked, accountLock));
  return null;
}
