import { z } from "zod";
import { roleSchema, ROLES } from "@/lib/auth/roles";
import { choosePasswordFields, emailSchema, passwordsMatch } from "@/lib/auth/schemas";

/** Invite links last a week. */
export const INVITE_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** `POST /api/users`: who to invite, with what role. */
export const inviteUserSchema = z.object({ email: emailSchema, role: roleSchema }).strict();
export type InviteUserInput = z.input<typeof inviteUserSchema>;

/** `PATCH /api/users/{id}`: the one thing an owner changes about another user. */
export const updateUserSchema = z.object({ role: roleSchema }).strict();
export type UpdateUserInput = z.input<typeof updateUserSchema>;

/** The invite link's token: 32 random bytes, base64url. */
export const inviteTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, "This invite link is not valid: copy the whole link");

/** The invite page: the token from the link and the new password, twice. */
export const acceptInviteSchema = z
  .object({ token: inviteTokenSchema, ...choosePasswordFields })
  .strict()
  .refine(...passwordsMatch);
export type AcceptInviteInput = z.input<typeof acceptInviteSchema>;

export const USER_STATUSES = ["active", "invited", "invite_expired"] as const;

export const userSummarySchema = z.object({
  id: z.string(),
  email: z.string(),
  role: z.enum(ROLES),
  /** active: has a password; invited: the link still works; invite_expired: an owner must re-issue it. */
  status: z.enum(USER_STATUSES),
  inviteExpiresAt: z.coerce.date().nullable(),
  invitedBy: z.string().nullable(),
  lastSignInAt: z.coerce.date().nullable(),
  createdAt: z.coerce.date(),
});
export type UserSummary = z.infer<typeof userSummarySchema>;

export const userListSchema = z.object({ items: z.array(userSummarySchema) });

/** What an invite (or a re-issued one) answers: the link is shown once, to pass on. */
export const inviteResultSchema = z.object({
  id: z.string(),
  email: z.string(),
  role: z.enum(ROLES),
  inviteUrl: z.string(),
  inviteExpiresAt: z.coerce.date(),
  /** Whether the link was also e-mailed (SMTP_URL set and the server accepted it). */
  emailSent: z.boolean(),
  /** Why not, when SMTP is configured but sending failed; null otherwise. */
  emailError: z.string().nullable(),
});
export type InviteResult = z.infer<typeof inviteResultSchema>;

/** What the invite page shows before the password is set. */
export interface InviteInfo {
  email: string;
  role: z.infer<typeof roleSchema>;
  invitedBy: string | null;
  expiresAt: Date;
}
