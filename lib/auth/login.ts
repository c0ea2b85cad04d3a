import "server-only";
import { loginSchema } from "@/lib/auth/schemas";
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
export async function signInWithPassword(input: { email?: string; password?: string; address: string }): Promise<AdminUser | null> {
  const parsed = loginSchema.safeParse(input);
  const keys: ThrottleKey[] = [{ scope: "address", value: input.address }];
  if (parsed.success) keys.push({ scope: "account", value: parsed.data.email });
  const [address, account] = await loginThrottleState(keys);
  if (address && address.retryAfterS > 0) throw new LoginLockedError(address.retryAfterS);
  const accountLock = account?.retryAfterS ?? 0;
  if (accountLock > 0 && (address?.failures ?? 0) > 0) throw new LoginLockedError(accountLock);
  const user = parsed.success ? await verifyAdminPassword(parsed.data.email, parsed.data.password) : null;
  if (user) {
    await clearLoginFailures(keys);
    return user;
  }
  const locked = await recordLoginFailure(keys);
  if (locked > 0 || accountLock > 0) throw new LoginLockedError(Math.max(locked, accountLock));
  return null;
}
