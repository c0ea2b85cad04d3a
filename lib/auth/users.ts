import "server-only";
import type { AuditContext } from "@/lib/audit/context";
import { SECRET_CHANGED } from "@/lib/audit/changes";
import { writeAudit } from "@/lib/audit/record";
import bcrypt from "bcryptjs";
import { getDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { ApiError } from "@/lib/http/errors";
import { emailSchema, setupSchema, type SetupInput } from "@/lib/auth/schemas";

const BCRYPT_COST = 12;
// Compared against when the email is unknown, so a miss costs as long as a hit (made on first use).
let dummyHash: Promise<string> | undefined;
// Serialises first-run setup across instances sharing one PostgreSQL database.
const SETUP_LOCK = 0x6b657967;

/** A password's stored form (bcrypt): accounts, resets and invites all hash alike. */
export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, BCRYPT_COST);
}

/** ADMIN_EMAIL as accounts store emails (lower case), or undefined when unset. */
export function envAdminEmail(): string | undefined {
  return getEnv().ADMIN_EMAIL?.toLowerCase();
}

export interface AdminUser {
  id: string;
  email: string;
  /** Sessions signed in at another version have ended (a password change). */
  sessionVersion: number;
}

export async function adminExists(): Promise<boolean> {
  const db = await getDb();
  return (await db.user.count()) > 0;
}

/** First run only: creates the admin while none exists; closed for good afterwards. */
export async function createFirstAdmin(input: SetupInput, origin: Pick<AuditContext, "ip" | "userAgent"> = { ip: null, userAgent: null }): Promise<AdminUser> {
  const { email, password } = setupSchema.parse(input);
  const passwordHash = await hashPassword(password);
  const db = await getDb();
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SETUP_LOCK}::bigint)`;
    if ((await tx.user.count()) > 0) {
      throw new ApiError("setup_closed", "An admin account already exists. Sign in instead.");
    }
    const user = await tx.user.create({ data: { email, passwordHash, role: "owner" }, select: { id: true, email: true, sessionVersion: true } });
    // The first account creates itself: it is this entry's actor.
    const actor: AuditContext = { actorType: "user", actorId: user.id, actorLabel: user.email, ...origin };
    await writeAudit(tx, "user.created", { type: "user", id: user.id, label: user.email }, { email: { from: null, to: user.email }, role: { from: null, to: "owner" }, via: "setup" }, actor);
    return user;
  });
}

/**
 * ADMIN_EMAIL + ADMIN_PASSWORD at start: create that account as an owner, or make it one again
 * with the configured password (an invite pending for that email is accepted by it).
 */
export async function ensureAdminFromEnv(rawEmail: string, password: string): Promise<"created" | "updated" | "unchanged"> {
  const email = emailSchema.parse(rawEmail);
  const db = await getDb();
  const existing = await db.user.findUnique({ where: { email }, select: { id: true, passwordHash: true, role: true } });
  const passwordMatches = existing?.passwordHash ? await bcrypt.compare(password, existing.passwordHash) : false;
  if (existing && passwordMatches && existing.role === "owner") return "unchanged";
  const passwordHash = passwordMatches && existing?.passwordHash ? existing.passwordHash : await hashPassword(password);
  const actor: AuditContext = { actorType: "system", actorId: null, actorLabel: "system", ip: null, userAgent: null };
  return db.$transaction(async (tx) => {
    if (!existing) {
      const user = await tx.user.create({ data: { email, passwordHash, role: "owner" }, select: { id: true } });
      await writeAudit(tx, "user.created", { type: "user", id: user.id, label: email }, { email: { from: null, to: email }, role: { from: null, to: "owner" }, via: "ADMIN_EMAIL" }, actor);
      return "created" as const;
    }
    // A reset password or a restored role ends the sessions signed in before it.
    await tx.user.update({
      where: { id: existing.id },
      data: { passwordHash, role: "owner", inviteTokenHash: null, inviteExpiresAt: null, sessionVersion: { increment: 1 } },
      select: { id: true },
    });
    const changes: Record<string, unknown> = { sessionsEnded: true };
    if (!passwordMatches) changes.password = { from: SECRET_CHANGED, to: SECRET_CHANGED };
    if (existing.role !== "owner") changes.role = { from: existing.role, to: "owner" };
    await writeAudit(tx, "user.reset_from_env", { type: "user", id: existing.id, label: email }, changes, actor);
    return "updated" as const;
  });
}

/** The admin for these credentials, or null. Takes the same time whether or not the email exists. */
export async function verifyAdminPassword(email: string, password: string): Promise<AdminUser | null> {
  const db = await getDb();
  const user = await db.user.findUnique({ where: { email }, select: { id: true, email: true, passwordHash: true, sessionVersion: true } });
  dummyHash ??= bcrypt.hash("keygate-timing-equaliser", BCRYPT_COST);
  // An invited user who has not set a password yet cannot sign in: compared like an unknown email.
  const matches = await bcrypt.compare(password, user?.passwordHash ?? (await dummyHash));
  return user?.passwordHash && matches ? { id: user.id, email: user.email, sessionVersion: user.sessionVersion } : null;
}
