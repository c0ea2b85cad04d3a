import { z } from "zod";
import { boundedDate, isBigintId, text } from "@/lib/validation/text";

/** Every action the audit log records, by what it acts on. */
export const AUDIT_ACTIONS = [
  "key.created",
  "key.updated",
  "key.enabled",
  "key.disabled",
  "key.revealed",
  "key.copied",
  "key.rotated",
  "key.grace_ended",
  "key.deleted",
  "provider.created",
  "provider.updated",
  "provider.deleted",
  "price.created",
  "price.updated",
  "price.deleted",
  "settings.updated",
  "usage.retention_ran",
  "user.created",
  "user.invited",
  "user.invite_accepted",
  "user.role_changed",
  "user.removed",
  "user.reset_from_env",
  "account.password_changed",
  "account.email_changed",
  "auth.sign_in",
  "auth.sign_in_failed",
  "auth.locked_out",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** The part before the dot: `action=key` finds every key action. */
export const AUDIT_CATEGORIES = [...new Set(AUDIT_ACTIONS.map((a) => a.split(".")[0] as string))];

const cursorError = "Invalid cursor: pass back the nextCursor of the previous page";

export const auditQuerySchema = z
  .object({
    /** An actor's email (or ADMIN_TOKEN, system), matched case-insensitively in part. */
    actor: text({ label: "actor" }).trim().min(1).max(200).optional(),
    action: z
      .string()
      .refine((v) => (AUDIT_ACTIONS as readonly string[]).includes(v) || AUDIT_CATEGORIES.includes(v), {
        error: `Unknown action: use one of ${AUDIT_CATEGORIES.join(", ")} or a full action such as key.created`,
      })
      .optional(),
    /** A target's id exactly, or its name in part. */
    target: text({ label: "target" }).trim().min(1).max(200).optional(),
    from: boundedDate("must be a date, e.g. 2026-11-01T00:00:00Z").optional(),
    to: boundedDate("must be a date, e.g. 2026-11-30T00:00:00Z").optional(),
    cursor: z
      .string()
      .regex(/^\d{1,16}\.\d{1,19}$/, cursorError)
      .refine((v) => isBigintId(v.split(".")[1] ?? ""), cursorError)
      .optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .refine((v) => !v.from || !v.to || v.from < v.to, { message: "from must be before to", path: ["to"] });
export type AuditQuery = z.input<typeof auditQuerySchema>;

const changeSchema = z.object({ from: z.unknown(), to: z.unknown() });

export const auditEntrySchema = z.object({
  id: z.string(),
  createdAt: z.string(),
  actor: z.object({ type: z.enum(["user", "admin_token", "system", "anonymous"]), id: z.string().nullable(), label: z.string() }),
  action: z.string(),
  target: z.object({ type: z.string(), id: z.string().nullable(), label: z.string().nullable() }),
  /** Per changed field {from, to}; other facts an action records (never a secret's value). */
  changes: z.record(z.string(), z.unknown()).nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;
export { changeSchema as auditChangeSchema };

export const auditPageSchema = z.object({ items: z.array(auditEntrySchema), nextCursor: z.string().nullable() });
export type AuditPage = z.infer<typeof auditPageSchema>;
