import "server-only";
import { SECRET_CHANGED } from "@/lib/audit/changes";
import { writeAudit } from "@/lib/audit/record";
import bcrypt from "bcryptjs";
import { changeEmailSchema, changePasswordSchema } from "@/lib/auth/schemas";
import type { Admin } from "@/lib/auth/session";
import { envAdminEmail, hashPassword } from "@/lib/auth/users";
import { getDb } from "@/lib/db";
import { ApiError } from "@/lib/http/errors";

export interface AccountUser {
  id: string;
  email: string;
  sessionVersion: number;
}

/** Account changes need a signed-in user: checked before the body is read. */
function assertAccount(admin: Admin): void {
  if (admin.via !== "session") throw new ApiError("forbidden", "Sign in to the dashboard to change the account: ADMIN_TOKEN is not an account");
}

/** The signed-in user's own row, after checking the current password (a field error when wrong). */
async function checkCurrentPassword(admin: Admin, password: string) {
  const db = await getDb();
  const user = await db.user.findUnique({ where: { id: admin.id }, select: { id: true, passwordHash: true } });
  if (!user) throw new ApiError("unauthorized", "This account no longer exists");
  if (!user.passwordHash || !(await bcrypt.compare(password, user.passwordHash))) {
    throw new ApiError("validation_error", "The current password is incorrect", "currentPassword");
  }
  return db;
}

/** New password: every other session of this account ends (the version goes up; the caller re-issues its own). */
export async function changePassword(admin: Admin, input: unknown): Promise<AccountUser> {
  assertAccount(admin);
  const { currentPassword, newPassword } = changePasswordSchema.parse(input);
  const db = await checkCurrentPassword(admin, currentPassword);
  const passwordHash = await hashPassword(newPassword);
  return db.$transaction(async (tx) => {
    // Only at the version this request was checked at: a role change or removal that landed while
    // the password was hashed must not be undone by this session's fresh cookie.
    const changed = await tx.user.updateMany({
      where: { id: admin.id, ...(admin.sessionVersion === undefined ? {} : { sessionVersion: admin.sessionVersion }) },
      data: { passwordHash, sessionVersion: { increment: 1 } },
    });
    if (changed.count !== 1) throw new ApiError("unauthorized", "Your session ended while the password was being changed: sign in again");
    const user = await tx.user.findUniqueOrThrow({ where: { id: admin.id }, select: { id: true, email: true, sessionVersion: true } });
    await writeAudit(tx, "account.password_changed", { type: "user", id: user.id, label: user.email }, { password: { from: SECRET_CHANGED, to: SECRET_CHANGED }, otherSessionsEnded: true });
    return user;
  });
}

/** New sign-in email (sessions go on: they name the account by id). */
export async function changeEmail(admin: Admin, input: unknown): Promise<AccountUser> {
  assertAccount(admin);
  const { email, currentPassword } = changeEmailSchema.parse(input);
  const db = await checkCurrentPassword(admin, currentPassword);
  // ADMIN_EMAIL names one account at every start (lib/auth/users.ts): neither away from it nor onto it.
  const envEmail = envAdminEmail();
  if (envEmail && email !== admin.email && (admin.email === envEmail || email === envEmail)) {
    throw new ApiError("conflict", admin.email === envEmail ? "This account's email is set by ADMIN_EMAIL: change that variable instead" : "This email is reserved by ADMIN_EMAIL", "email");
  }
  const taken = await db.user.findUnique({ where: { email }, select: { id: true } });
  if (taken && taken.id !== admin.id) throw new ApiError("conflict", "Another account uses this email", "email");
  return db.$transaction(async (tx) => {
    const user = await tx.user.update({ where: { id: admin.id }, data: { email }, select: { id: true, email: true, sessionVersion: true } });
    if (admin.email !== user.email) await writeAudit(tx, "account.email_changed", { type: "user", id: user.id, label: user.email }, { email: { from: admin.email, to: user.email } });
    return user;
  });
}
