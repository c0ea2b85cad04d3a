import "server-only";
import { randomBytes } from "node:crypto";
import type { AuditContext } from "@/lib/audit/context";
import { writeAudit } from "@/lib/audit/record";
import { parseRole, type Role } from "@/lib/auth/roles";
import type { Admin } from "@/lib/auth/session";
import { envAdminEmail, hashPassword } from "@/lib/auth/users";
import { sha256Hex } from "@/lib/crypto";
import { getDb, type Db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { ApiError } from "@/lib/http/errors";
import { mailConfigured, sendInviteMail } from "@/lib/mail";
import {
  acceptInviteSchema,
  INVITE_TTL_MS,
  inviteTokenSchema,
  inviteUserSchema,
  updateUserSchema,
  type InviteInfo,
  type InviteResult,
  type UserSummary,
} from "@/lib/team/schemas";

// Serialises changes to who owns this Keygate across instances, so two owners demoting each other
// at once cannot leave none.
const TEAM_LOCK = 0x6b657968;

const SUMMARY = {
  id: true,
  email: true,
  role: true,
  passwordHash: true,
  inviteExpiresAt: true,
  invitedBy: true,
  lastSignInAt: true,
  createdAt: true,
} as const;
type Row = Prisma.UserGetPayload<{ select: typeof SUMMARY }>;

function toSummary(row: Row, now = Date.now()): UserSummary {
  const status = row.passwordHash ? "active" : row.inviteExpiresAt && row.inviteExpiresAt.getTime() > now ? "invited" : "invite_expired";
  return {
    id: row.id,
    email: row.email,
    role: parseRole(row.role),
    status,
    inviteExpiresAt: row.passwordHash ? null : row.inviteExpiresAt,
    invitedBy: row.invitedBy,
    lastSignInAt: row.lastSignInAt,
    createdAt: row.createdAt,
  };
}

const target = (user: { id: string; email: string }) => ({ type: "user" as const, id: user.id, label: user.email });

/** Everyone with dashboard access or a pending invite: owners first, then by email. */
export async function listUsers(): Promise<UserSummary[]> {
  const db = await getDb();
  const rows = await db.user.findMany({ select: SUMMARY, orderBy: { email: "asc" } });
  const order: Record<Role, number> = { owner: 0, admin: 1, viewer: 2 };
  return rows.map((row) => toSummary(row)).sort((a, b) => order[a.role] - order[b.role] || a.email.localeCompare(b.email));
}

async function findUserOrThrow(tx: Prisma.TransactionClient, id: string) {
  const user = await tx.user.findUnique({ where: { id }, select: { ...SUMMARY, sessionVersion: true } });
  if (!user) throw new ApiError("not_found", "No user has this id", "id");
  return user;
}

/** A new token: the link carries it, the database only its hash (a leaked backup opens no invite). */
function newInvite(): { token: string; hash: string; expiresAt: Date } {
  const token = randomBytes(32).toString("base64url");
  return { token, hash: sha256Hex(token), expiresAt: new Date(Date.now() + INVITE_TTL_MS) };
}

const inviteUrl = (baseUrl: string, token: string) => `${baseUrl.replace(/\/+$/, "")}/invite/${token}`;

/**
 * The answer to an invite: the link (always: the owner may pass it on), and whether it was also
 * e-mailed. A mail that fails loses nothing: the invite stands and the owner is told why.
 */
async function deliver(actor: Admin, user: { id: string; email: string; role: Role }, token: string, expiresAt: Date, baseUrl: string): Promise<InviteResult> {
  const url = inviteUrl(baseUrl, token);
  const mail = mailConfigured() ? await sendInviteMail({ to: user.email, inviteUrl: url, role: user.role, invitedBy: actor.email, expiresAt }) : null;
  return {
    id: user.id,
    email: user.email,
    role: user.role,
    inviteUrl: url,
    inviteExpiresAt: expiresAt,
    emailSent: mail?.sent === true,
    emailError: mail && !mail.sent ? mail.reason : null,
  };
}

/**
 * Creates an account without a password and an invite link to set one (7 days, single use). The
 * link is answered once; later only its expiry is shown, and an owner can re-issue it.
 */
export async function inviteUser(actor: Admin, input: unknown, baseUrl: string): Promise<InviteResult> {
  const { email, role } = inviteUserSchema.parse(input);
  const invite = newInvite();
  const db = await getDb();
  const user = await db
    .$transaction(async (tx) => {
      const existing = await tx.user.findUnique({ where: { email }, select: { passwordHash: true } });
      if (existing) {
        throw new ApiError(
          "conflict",
          existing.passwordHash ? "A user with this email already exists" : "This email already has an invite: re-issue it from the list for a new link",
          "email",
        );
      }
      const created = await tx.user.create({
        data: { email, role, inviteTokenHash: invite.hash, inviteExpiresAt: invite.expiresAt, invitedBy: actor.email },
        select: { id: true, email: true, role: true },
      });
      await writeAudit(tx, "user.invited", target(created), { email: { from: null, to: email }, role: { from: null, to: role }, inviteExpiresAt: invite.expiresAt.toISOString() });
      return created;
    })
    .catch((error: unknown) => {
      // Two owners inviting one email at once: the second meets the unique email.
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") throw new ApiError("conflict", "A user with this email already exists", "email");
      throw error;
    });
  return deliver(actor, { id: user.id, email: user.email, role }, invite.token, invite.expiresAt, baseUrl);
}

/** A fresh link for a user who has not accepted yet; the previous link stops working. */
export async function reissueInvite(actor: Admin, id: string, baseUrl: string): Promise<InviteResult> {
  const invite = newInvite();
  const db = await getDb();
  const user = await db.$transaction(async (tx) => {
    const found = await findUserOrThrow(tx, id);
    if (found.passwordHash) throw new ApiError("conflict", "This user has already accepted their invite and set a password");
    await tx.user.update({ where: { id }, data: { inviteTokenHash: invite.hash, inviteExpiresAt: invite.expiresAt, invitedBy: actor.email } });
    await writeAudit(tx, "user.invited", target(found), { inviteExpiresAt: invite.expiresAt.toISOString(), reissued: true });
    return found;
  });
  return deliver(actor, { id: user.id, email: user.email, role: parseRole(user.role) }, invite.token, invite.expiresAt, baseUrl);
}

function refuseOwnAccount(actor: Admin, id: string, what: string): void {
  if (actor.via === "session" && actor.id === id) throw new ApiError("conflict", `You cannot ${what} your own account: another owner can`);
}

/** The ADMIN_EMAIL account is made an owner again at every start: a change to it would not last. */
function refuseEnvAccount(user: { email: string }, what: string): void {
  const envEmail = envAdminEmail();
  if (envEmail && user.email === envEmail) {
    throw new ApiError("conflict", `You cannot ${what} ${user.email}: it is ADMIN_EMAIL's account, made an owner again at every start. Unset ADMIN_EMAIL and ADMIN_PASSWORD first`);
  }
}

/** Refuses a change that would leave no owner who can sign in (or the ADMIN_TOKEN) to manage users. */
async function assertAnotherOwner(tx: Prisma.TransactionClient, id: string, what: string): Promise<void> {
  const others = await tx.user.count({ where: { role: "owner", id: { not: id }, passwordHash: { not: null } } });
  if (others === 0) throw new ApiError("conflict", `Keygate needs an owner: make another user an owner before you ${what} this one`);
}

/** A new role; the user's open sessions end at once (they sign in again with the new role). */
export async function updateUserRole(actor: Admin, id: string, input: unknown): Promise<UserSummary> {
  const { role } = updateUserSchema.parse(input);
  refuseOwnAccount(actor, id, "change the role of");
  const db = await getDb();
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${TEAM_LOCK}::bigint)`;
    const before = await findUserOrThrow(tx, id);
    if (before.role === role) return toSummary(before);
    refuseEnvAccount(before, "change the role of");
    if (before.role === "owner") await assertAnotherOwner(tx, id, "demote");
    const after = await tx.user.update({ where: { id }, data: { role, sessionVersion: { increment: 1 } }, select: SUMMARY });
    await writeAudit(tx, "user.role_changed", target(after), { role: { from: before.role, to: role }, sessionsEnded: true });
    return toSummary(after);
  });
}

/** Removes a user (or withdraws an invite): their sessions end at once, their audit entries stay. */
export async function removeUser(actor: Admin, id: string): Promise<void> {
  refuseOwnAccount(actor, id, "remove");
  const db = await getDb();
  await db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${TEAM_LOCK}::bigint)`;
    const user = await findUserOrThrow(tx, id);
    refuseEnvAccount(user, "remove");
    if (user.role === "owner" && user.passwordHash) await assertAnotherOwner(tx, id, "remove");
    await tx.user.delete({ where: { id } });
    await writeAudit(tx, "user.removed", target(user), { role: { from: user.role, to: null }, status: toSummary(user).status });
  });
}

/** The pending invite behind a link, or null when the link is unknown, used or expired. */
export async function findInvite(token: string): Promise<InviteInfo | null> {
  if (!inviteTokenSchema.safeParse(token).success) return null;
  const invite = await liveInvite(await getDb(), sha256Hex(token));
  return invite && { email: invite.email, role: parseRole(invite.role), invitedBy: invite.invitedBy, expiresAt: invite.inviteExpiresAt };
}

/** The user a token hash invites, while that invite is pending and unexpired; null otherwise. */
async function liveInvite(db: Pick<Db, "user">, hash: string) {
  const user = await db.user.findUnique({
    where: { inviteTokenHash: hash },
    select: { id: true, email: true, role: true, invitedBy: true, inviteExpiresAt: true, passwordHash: true },
  });
  if (!user || user.passwordHash || !user.inviteExpiresAt || user.inviteExpiresAt.getTime() <= Date.now()) return null;
  return { ...user, inviteExpiresAt: user.inviteExpiresAt };
}

const INVALID_INVITE = "This invite link is invalid, used or expired: ask an owner for a new one";

/** Sets the invited user's password; the link is used up. Answers the email to sign in with. */
export async function acceptInvite(input: unknown, origin: Pick<AuditContext, "ip" | "userAgent">): Promise<{ email: string; role: Role }> {
  const { token, password } = acceptInviteSchema.parse(input);
  const hash = sha256Hex(token);
  const db = await getDb();
  // A live invite first: a made-up token costs one indexed lookup, never a bcrypt hash.
  const found = await liveInvite(db, hash);
  if (!found) throw new ApiError("not_found", INVALID_INVITE, "token");
  const passwordHash = await hashPassword(password);
  return db.$transaction(async (tx) => {
    // The token is checked again in the statement that clears it: a link used twice at once sets one password.
    const claimed = await tx.user.updateMany({
      where: { id: found.id, inviteTokenHash: hash, passwordHash: null, inviteExpiresAt: { gt: new Date() } },
      data: { passwordHash, inviteTokenHash: null, inviteExpiresAt: null },
    });
    if (claimed.count !== 1) throw new ApiError("not_found", INVALID_INVITE, "token");
    const role = parseRole(found.role);
    const actor: AuditContext = { actorType: "user", actorId: found.id, actorLabel: found.email, ...origin };
    await writeAudit(tx, "user.invite_accepted", target(found), { role }, actor);
    return { email: found.email, role };
  });
}
