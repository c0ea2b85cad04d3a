import "server-only";
import { getDb } from "@/lib/db";
import { ApiError } from "@/lib/http/errors";
import type { KeyUsage } from "@/lib/usage/schemas";
import { fromNanoUsd, toNanoUsd } from "@/lib/usage/usd";

export type { KeyUsage } from "@/lib/usage/schemas";

const DAY = 86_400_000;

type Row = { bucket: Date; model: string; requests: number; errors: number; promptTokens: bigint; completionTokens: bigint; totalTokens: bigint; costUsd: number };
// Cost is added up in integer nano-dollars (the rollups hold doubles), so sums carry no float noise.
type Sums = { requests: number; errors: number; promptTokens: number; completionTokens: number; totalTokens: number; costNanoUsd: number };
const zero = (): Sums => ({ requests: 0, errors: 0, promptTokens: 0, completionTokens: 0, totalTokens: 0, costNanoUsd: 0 });
const toCounts = ({ costNanoUsd, ...counts }: Sums) => ({ ...counts, costUsd: fromNanoUsd(costNanoUsd) });

/** One key's usage for the last `days` UTC days (today included), from the daily rollups. */
export async function getKeyUsage(keyId: string, days: number, now = Date.now()): Promise<KeyUsage> {
  const db = await getDb();
  const key = await db.apiKey.findUnique({
    where: { id: keyId },
    select: { id: true, name: true, enabled: true, usageCount: true, createdAt: true, lastUsedAt: true },
  });
  if (!key) throw new ApiError("not_found", `No API key with id ${keyId}`, "id");
  const to = new Date(Math.floor(now / DAY) * DAY + DAY);
  const from = new Date(to.getTime() - days * DAY);
  const [rows, first, firstLog] = await Promise.all([
    db.$queryRaw<Row[]>`
      SELECT r."bucket", r."model", r."requests", r."errors", r."promptTokens", r."completionTokens", r."totalTokens", r."costUsd"
      FROM "UsageRollup" r
      WHERE r."granularity" = 'd' AND r."scope" = 'km' AND r."apiKeyId" = ${keyId} AND r."bucket" >= ${from} AND r."bucket" < ${to}`,
    db.$queryRaw<{ first: Date | null }[]>`
      SELECT MIN(r."bucket") AS first FROM "UsageRollup" r WHERE r."granularity" = 'h' AND r."scope" = 'k' AND r."apiKeyId" = ${keyId}`,
    db.$queryRaw<{ first: Date | null }[]>`SELECT MIN(l."createdAt") AS first FROM "RequestLog" l WHERE l."apiKeyId" = ${keyId}`,
  ]);
  const daily = new Map<string, Sums>();
  for (let t = from.getTime(); t < to.getTime(); t += DAY) daily.set(new Date(t).toISOString().slice(0, 10), zero());
  const models = new Map<string, Sums>();
  const totals = zero();
  for (const row of rows) {
    const model = models.get(row.model) ?? zero();
    models.set(row.model, model);
    for (const target of [daily.get(new Date(row.bucket).toISOString().slice(0, 10)), totals, model]) {
      if (!target) continue;
      target.requests += Number(row.requests);
      target.errors += Number(row.errors);
      target.promptTokens += Number(row.promptTokens);
      target.completionTokens += Number(row.completionTokens);
      target.totalTokens += Number(row.totalTokens);
      target.costNanoUsd += toNanoUsd(Number(row.costUsd));
    }
  }
  return {
    key: {
      ...key,
      createdAt: key.createdAt.toISOString(),
      lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
      firstUsedAt: firstUse(first[0]?.first ?? null, firstLog[0]?.first ?? null),
    },
    range: { from: from.toISOString(), to: to.toISOString() },
    totals: toCounts(totals),
    daily: [...daily].map(([date, sums]) => ({ date, ...toCounts(sums) })),
    models: [...models]
      .map(([model, sums]) => ({ model, requests: sums.requests, totalTokens: sums.totalTokens, costUsd: fromNanoUsd(sums.costNanoUsd) }))
      .sort((a, b) => b.requests - a.requests),
  };
}

/**
 * The first use to the second when the log still holds it: the rollups only know its hour (which
 * can start before the key was created), and retention may have deleted the earliest log rows.
 */
function firstUse(firstHour: Date | null, firstLog: Date | null): string | null {
  if (!firstHour) return firstLog ? new Date(firstLog).toISOString() : null;
  const hour = new Date(firstHour).getTime();
  if (firstLog && new Date(firstLog).getTime() < hour + 3_600_000) return new Date(firstLog).toISOString();
  return new Date(hour).toISOString();
}

/** GET /v1/usage's answer: the key's usage in snake_case, as OpenAI's own APIs write it. */
export function keyUsageResponse(u: KeyUsage) {
  return {
    object: "usage",
    key: { name: u.key.name, enabled: u.key.enabled, created_at: u.key.createdAt, first_used_at: u.key.firstUsedAt, last_used_at: u.key.lastUsedAt },
    usage_count: u.key.usageCount,
    range: u.range,
    totals: {
      requests: u.totals.requests,
      errors: u.totals.errors,
      prompt_tokens: u.totals.promptTokens,
      completion_tokens: u.totals.completionTokens,
      total_tokens: u.totals.totalTokens,
      cost_usd: u.totals.costUsd,
    },
    daily: u.daily.map((d) => ({
      date: d.date,
      requests: d.requests,
      errors: d.errors,
      prompt_tokens: d.promptTokens,
      completion_tokens: d.completionTokens,
      total_tokens: d.totalTokens,
      cost_usd: d.costUsd,
    })),
    models: u.models.map((m) => ({ model: m.model, requests: m.requests, total_tokens: m.totalTokens, cost_usd: m.costUsd })),
  };
}
