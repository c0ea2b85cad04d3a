import "server-only";
import { z } from "zod";
import { cacheGeneration, invalidateCaches, onInvalidate } from "@/lib/cache/invalidation";
import { getDb } from "@/lib/db";
import { processSingleton } from "@/lib/singleton";

export const settingsSchema = z.object({
  /** The seed's "Enable Authentication": on by default, a hosted proxy must not start open. */
  authEnabled: z.boolean(),
  /** Raw request log rows older than this are deleted by the retention job. */
  logRetentionDays: z.number().int().min(1, "Keep logs at least 1 day").max(3650, "At most 3650 days"),
  /** Hourly and daily usage totals are kept this long (longer than the raw logs). */
  rollupRetentionDays: z.number().int().min(7, "Keep usage totals at least 7 days").max(3650, "At most 3650 days"),
});
export type Settings = z.infer<typeof settingsSchema>;

export const updateSettingsSchema = settingsSchema
  .partial()
  .strict()
  .refine((v) => Object.keys(v).length > 0, "Give at least one setting to change");
export type UpdateSettingsInput = z.infer<typeof updateSettingsSchema>;

const DEFAULTS: Settings = { authEnabled: true, logRetentionDays: 30, rollupRetentionDays: 400 };
const KEYS: Record<keyof Settings, string> = {
  authEnabled: "auth.enabled",
  logRetentionDays: "usage.logRetentionDays",
  rollupRetentionDays: "usage.rollupRetentionDays",
};

const cache = processSingleton("settings-cache", () => ({ value: undefined as Settings | undefined }));
onInvalidate(() => (cache.value = undefined));

export async function getSettings(): Promise<Settings> {
  if (cache.value) return cache.value;
  const generation = cacheGeneration();
  const db = await getDb();
  const rows = await db.setting.findMany({ where: { key: { in: Object.values(KEYS) } }, select: { key: true, value: true } });
  const stored = Object.fromEntries(rows.map((r) => [r.key, r.value]));
  const candidate = Object.fromEntries(
    (Object.entries(KEYS) as [keyof Settings, string][]).map(([field, key]) => {
      const parsed = settingsSchema.shape[field].safeParse(stored[key]);
      return [field, parsed.success ? parsed.data : DEFAULTS[field]];
    }),
  );
  const value = settingsSchema.parse(candidate);
  if (generation === cacheGeneration()) cache.value = value;
  return value;
}

export async function updateSettings(input: UpdateSettingsInput): Promise<Settings> {
  const db = await getDb();
  await db.$transaction(
    (Object.entries(input) as [keyof Settings, Settings[keyof Settings]][]).map(([field, value]) =>
      db.setting.upsert({ where: { key: KEYS[field] }, create: { key: KEYS[field], value }, update: { value } }),
    ),
  );
  await invalidateCaches();
  return getSettings();
}
