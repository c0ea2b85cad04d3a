import "server-only";
import { ROTATE_AFTER_DAYS } from "@/lib/api-keys/hints";
import { settingsSchema, type Settings, type UpdateSettingsInput } from "@/lib/settings/schemas";
import { cacheGeneration, invalidateCaches, onInvalidate } from "@/lib/cache/invalidation";
import { diffFields, writeAudit } from "@/lib/audit";
import { getDb } from "@/lib/db";
import { processSingleton } from "@/lib/singleton";

export { settingsSchema, updateSettingsSchema, type Settings, type UpdateSettingsInput } from "@/lib/settings/schemas";

const DEFAULTS: Settings = { authEnabled: true, logRetentionDays: 30, rollupRetentionDays: 400, auditRetentionDays: 400, rotationReminderDays: ROTATE_AFTER_DAYS };
const KEYS: Record<keyof Settings, string> = {
  authEnabled: "auth.enabled",
  logRetentionDays: "usage.logRetentionDays",
  rollupRetentionDays: "usage.rollupRetentionDays",
  auditRetentionDays: "audit.retentionDays",
  rotationReminderDays: "keys.rotationReminderDays",
};

const cache = processSingleton("settings-cache", () => ({ value: undefined as Settings | undefined }));
onInvalidate(() => (cache.value = undefined));

/** The settings when they are cached (almost always), without a promise: for the proxy's hot path. */
export function cachedSettings(): Settings | undefined {
  return cache.value;
}

export async function getSettings(): Promise<Settings> {
  if (cache.value) return cache.value;
  return readSettings();
}

/** The stored settings, past the cache (what an update changes from). */
async function readSettings(): Promise<Settings> {
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
  const before = await readSettings();
  const db = await getDb();
  await db.$transaction(async (tx) => {
    const entries = Object.entries(input) as [keyof Settings, Settings[keyof Settings]][];
    for (const [field, value] of entries) {
      await tx.setting.upsert({ where: { key: KEYS[field] }, create: { key: KEYS[field], value }, update: { value } });
    }
    const changes = diffFields(before, { ...before, ...input }, Object.keys(KEYS) as (keyof Settings)[]);
    if (Object.keys(changes).length > 0) await writeAudit(tx, "settings.updated", { type: "settings", label: "Settings" }, changes);
  });
  await invalidateCaches();
  return getSettings();
}
