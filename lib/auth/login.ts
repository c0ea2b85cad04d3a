import "server-only";
import { loginSchema } from "@/lib/auth/schemas";
import { clearLoginFailures, loginRetryAfter, recordLoginFailure, type ThrottleKey } from "@/lib/auth/throttle";
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
 * Checks a sign-in attempt: null for wrong credentials, throws LoginLockedError while the account
 * or the address is locked. The account is throttled by the email given, existing or not, so the
 * lock itself reveals nothing either.
 */
export async function signInWithPassword(input: { email?: string; password?: string; address: string }): Promise<AdminUser | null> {
  const parsed = loginSchema.safeParse(input);
  const keys: ThrottleKey[] = [{ scope: "address", value: input.address }];
  if (parsed.success) keys.push({ scope: "account", value: parsed.data.email });
  const retryAfter = await loginRetryAfter(keys);
  if (retryAfter > 0) throw new LoginLockedError(retryAfter);
  const user = parsed.success ? await verifyAdminPassword(parsed.data.email, parsed.data.password) : null;
  if (user) {
    await clearLoginFailures(keys);
    return user;
  }
  const locked = await recordLoginFailure(keys);
  if (locked > 0) throw new LoginLockedError(locked);
  return null;
}
