import { z } from "zod";

export const settingsSchema = z.object({
  /** The seed's "Enable Authentication": on by default, a hosted proxy must not start open. */
  authEnabled: z.boolean(),
});
export type Settings = z.infer<typeof settingsSchema>;

export const updateSettingsSchema = settingsSchema
  .partial()
  .strict()
  .refine((v) => Object.keys(v).length > 0, "Give at least one setting to change");
export type UpdateSettingsInput = z.infer<typeof updateSettingsSchema>;
