import "server-only";
import { settingsSchema, type Settings, type UpdateSettingsInput } from "@/lib/settings/schemas";
import { cacheGeneration, invalidateCaches, onInvalidate } from "@/lib/cache/invalidation";
import { getDb } from "@/lib/db";
import { processSingleton } from "@/lib/singleton";

export { settingsSchema, updateSettingsSchema, type Settings, type UpdateSettingsInput } from "@/lib/settings/schemas";

const DEFAULTS: Settings = { authEnabled: true };
const KEYS: Record<keyof Settings, string> = { authEnabled: "auth.enabled" };

const cache = processSingleton("settings-cache", () => ({ value: undefined as Settings | undefined }));
onInvalidate(() => (cache.value = undefined));

export async function getSettings(): Promise<Settings> {
  if (cache.value) return cache.value;
  const generation = cacheGeneration();
  const db = await getDb();
  const rows = await db.setting.findMany({ where: { key: { in: Object.values(KEYS) } }, select: { key: true, value: true } });
  const stored = Object.fromEntries(rows.map((r) => [r.key, r.value]));
  const value: Settings = { ...DEFAULTS };
  for (const [field, key] of Object.entries(KEYS) as [keyof Settings, string][]) {
    const parsed = settingsSchema.shape[field].safeParse(stored[key]);
    if (parsed.success) value[field] = parsed.data;
  }
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
