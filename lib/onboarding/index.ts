import "server-only";
import { getDb, rawQuery } from "@/lib/db";
import type { Onboarding } from "@/lib/onboarding/schemas";

export { onboardingSchema, type Onboarding } from "@/lib/onboarding/schemas";

/** Each step of the first hour, read from what exists: nothing is stored about the checklist itself. */
export async function getOnboarding(): Promise<Onboarding> {
  const db = await getDb();
  const [providers, firstProvider, keys, newestKey, firstCall, usedKey] = await Promise.all([
    db.provider.count({ where: { enabled: true } }),
    db.provider.findFirst({ where: { enabled: true }, orderBy: [{ priority: "asc" }, { createdAt: "asc" }], select: { models: true, modelAliases: true } }),
    db.apiKey.count(),
    db.apiKey.findFirst({ orderBy: { createdAt: "desc" }, select: { id: true, name: true, display: true } }),
    // An answered call to a model (a model list answers even with no provider): below 400, no error.
    db.requestLog.findFirst({ where: { status: { lt: 400 }, errorCode: null, model: { not: null } }, select: { id: true } }),
    // The request log may have been cleared by retention: the daily totals (kept longer) remember answered calls too.
    rawQuery<{ one: number }>(`SELECT 1 AS one FROM "UsageRollup" WHERE "granularity" = 'd' AND "scope" = 'm' AND "model" <> '' AND "requests" > "errors" LIMIT 1`, []),
  ]);
  const aliases = firstProvider?.modelAliases;
  const aliasNames = typeof aliases === "object" && aliases !== null && !Array.isArray(aliases) ? Object.keys(aliases) : [];
  return {
    providers,
    keys,
    newestKey,
    suggestedModel: firstProvider?.models[0] ?? aliasNames[0] ?? null,
    firstCall: firstCall !== null || usedKey.length > 0,
  };
}
