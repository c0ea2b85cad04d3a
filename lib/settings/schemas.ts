import { z } from "zod";

export const settingsSchema = z.object({
  /** The seed's "Enable Authentication": on by default, a hosted proxy must not start open. */
  authEnabled: z.boolean(),
  /** Raw request log rows older than this are deleted by the retention job. */
  logRetentionDays: z.number({ error: "Enter a number of days" }).int("Use a whole number of days").min(1, "Keep logs at least 1 day").max(3650, "At most 3650 days"),
  /** Hourly and daily usage totals are kept this long (longer than the raw logs). */
  rollupRetentionDays: z.number({ error: "Enter a number of days" }).int("Use a whole number of days").min(7, "Keep usage totals at least 7 days").max(3650, "At most 3650 days"),
  /** Audit log entries older than this are deleted by the retention job (the only way one goes). */
  auditRetentionDays: z.number({ error: "Enter a number of days" }).int("Use a whole number of days").min(1, "Keep the audit log at least 1 day").max(3650, "At most 3650 days"),
  /** Keys whose secret is older than this get a "Rotate" hint (the seed's "every 90 days"). */
  rotationReminderDays: z.number({ error: "Enter a number of days" }).int("Use a whole number of days").min(1, "At least 1 day").max(3650, "At most 3650 days"),
});
export type Settings = z.infer<typeof settingsSchema>;

export const updateSettingsSchema = settingsSchema
  .partial()
  .strict()
  .refine((v) => Object.keys(v).length > 0, "Give at least one setting to change");
export type UpdateSettingsInput = z.infer<typeof updateSettingsSchema>;
