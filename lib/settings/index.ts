import "server-only";
import { ROTATE_AFTER_DAYS } from "@/lib/api-keys/hints";
import { settingsSchema, type Settings, type UpdateSettingsInput } from "@/lib/settings/schemas";
import { cacheGeneration, invalidateCaches, onInvalidate } from "@/lib/cache/invalidation";
import { getDb } from "@/lib/db";
import { processSingleton } from "@/lib/singleton";

export { settingsSchema, updateSettingsSchema, type Settings, type UpdateSettingsInput } from "@/lib/settings/schemas";

const DEFAULTS: Settings = { authEnabled: true, logRetentionDays: 30, rollupRetentionDays: 400, rotationReminderDays: ROTATE_AFTER_DAYS };
const KEYS: Record<keyof Settings, string> = {
  authEnabled: "auth.enabled",
  logRetentionDays: "usage.logRetentionDays",
  rollupRetentionDays: "usage.rollupRetentionDays",
  rotationReminderDays: "keys.rotationReminderDays",
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
