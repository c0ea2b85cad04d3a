import { z } from "zod";

// Rotation with a grace period: a key gets a new secret and keeps its id, policies and usage; the
// secret it replaces stays valid until the grace period ends. Client-safe (the dashboard's dialog
// uses the presets and the schema).

/** 30 days: longer than any redeploy should take. */
export const MAX_GRACE_SECONDS = 30 * 24 * 60 * 60;

/** The dashboard's choices: end the old secret now, or keep it 1 hour, 24 hours or 7 days. */
export const GRACE_PRESETS = [
  { label: "Now", seconds: 0 },
  { label: "1 hour", seconds: 60 * 60 },
  { label: "24 hours", seconds: 24 * 60 * 60 },
  { label: "7 days", seconds: 7 * 24 * 60 * 60 },
] as const;

export const rotateApiKeySchema = z
  .object({
    gracePeriodSeconds: z
      .number({ error: "Grace period must be a number of seconds (0 ends the old secret at once)" })
      .int("Grace period must be a whole number of seconds")
      .min(0, "Grace period cannot be negative (0 ends the old secret at once)")
      .max(MAX_GRACE_SECONDS, `Grace period must be at most ${MAX_GRACE_SECONDS.toLocaleString("en-US")} seconds (30 days)`),
  })
  .strict();
export type RotateApiKeyInput = z.input<typeof rotateApiKeySchema>;

/** Which of a key's secrets a request used (RequestLog.secret). */
export type SecretUsed = "current" | "previous";

/** When a grace period of `seconds` started at `now` ends; null when it ends at once (no previous secret). */
export function graceEndsAt(seconds: number, now: number): Date | null {
  return seconds > 0 ? new Date(now + seconds * 1000) : null;
}

/** The previous secret as the API shows it: only while it is still accepted. */
export function previousSecretOf(
  row: { previousDisplay: string | null; previousExpiresAt: Date | null },
  now = Date.now(),
): { display: string; expiresAt: Date } | null {
  if (row.previousDisplay === null || row.previousExpiresAt === null || row.previousExpiresAt.getTime() <= now) return null;
  return { display: row.previousDisplay, expiresAt: row.previousExpiresAt };
}

/** Whether a cached previous-secret match may still be used: checked on every request. */
export function previousSecretAccepted(expiresAt: number | null, now = Date.now()): boolean {
  return expiresAt !== null && expiresAt > now;
}
