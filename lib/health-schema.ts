import { z } from "zod";

/** GET /api/health, as the Settings page reads it. */
export const healthSchema = z.object({
  status: z.enum(["ok", "unavailable"]),
  database: z.enum(["pglite", "postgresql"]).nullable(),
  authEnabled: z.boolean().nullable(),
  uptimeSeconds: z.number(),
});
export type Health = z.infer<typeof healthSchema>;
