import type { AuditEntry } from "@/lib/audit/schemas";

/** "key.created" → "Key created"; "auth.sign_in_failed" → "Sign-in failed". */
const ACTION_LABELS: Record<string, string> = {
  "key.created": "Key created",
  "key.updated": "Key updated",
  "key.enabled": "Key enabled",
  "key.disabled": "Key disabled",
  "key.revealed": "Key revealed",
  "key.copied": "Key copied",
  "key.rotated": "Key rotated",
  "key.grace_ended": "Grace period ended",
  "key.deleted": "Key deleted",
  "provider.created": "Provider added",
  "provider.updated": "Provider updated",
  "provider.deleted": "Provider deleted",
  "price.created": "Price added",
  "price.updated": "Price updated",
  "price.deleted": "Price deleted",
  "settings.updated": "Settings changed",
  "usage.retention_ran": "Retention run",
  "user.created": "User created",
  "user.invited": "User invited",
  "user.invite_accepted": "Invite accepted",
  "user.role_changed": "Role changed",
  "user.removed": "User removed",
  "user.reset_from_env": "Reset from ADMIN_EMAIL",
  "account.password_changed": "Password changed",
  "account.email_changed": "Email changed",
  "auth.sign_in": "Signed in",
  "auth.sign_in_failed": "Sign-in failed",
  "auth.locked_out": "Locked out",
};

export function actionLabel(action: string): string {
  return ACTION_LABELS[action] ?? action;
}

export type ActionTone = "neutral" | "success" | "warning" | "danger" | "info";

export function actionTone(action: string): ActionTone {
  if (/\.(deleted|removed|locked_out)$/.test(action)) return "danger";
  if (/\.(disabled|sign_in_failed)$/.test(action)) return "warning";
  if (/\.(revealed|copied)$/.test(action)) return "info";
  if (/\.(created|enabled|sign_in|invite_accepted)$/.test(action)) return "success";
  return "neutral";
}

function value(v: unknown): string {
  if (v === null || v === undefined) return "none";
  if (Array.isArray(v)) return v.length ? v.join(", ") : "none";
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

/** One line per change: "rpmLimit: 60 → 120", or "deletedLogs: 3" for a plain fact. */
export function changeLines(entry: Pick<AuditEntry, "changes">): string[] {
  if (!entry.changes) return [];
  return Object.entries(entry.changes).map(([field, change]) => {
    if (change && typeof change === "object" && !Array.isArray(change) && "from" in change && "to" in change) {
      const { from, to } = change as { from: unknown; to: unknown };
      return from === null ? `${field}: ${value(to)}` : `${field}: ${value(from)} → ${value(to)}`;
    }
    return `${field}: ${value(change)}`;
  });
}
