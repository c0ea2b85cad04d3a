import { z } from "zod";

/** GET /api/health, as the Settings page reads it. */
export const healthSchema = z.object({
  status: z.enum(["ok", "unavailable"]),
  /** The database configured: known even while it is down. */
  database: z.enum(["pglite", "postgresql"]).nullable(),
  /** "down": the database did not answer (within 2 s on PostgreSQL). */
  databaseStatus: z.enum(["up", "down"]),
  authEnabled: z.boolean().nullable(),
  uptimeSeconds: z.number(),
});
export type Health = z.infer<typeof healthSchema>;
