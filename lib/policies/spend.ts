import "server-only";
import type { BudgetPeriod } from "@/lib/api-keys/schemas";
import { rawQuery } from "@/lib/db";
import { periodStart } from "@/lib/policies/periods";

export interface Spend {
  tokens: number;
  costNanoUsd: number;
}

/** What each key has spent in its current budget period, as written with the usage logs. */
export async function readSpends(keys: { id: string; period: BudgetPeriod }[], now = Date.now()): Promise<Map<string, Spend>> {
  if (keys.length === 0) return new Map();
  const wanted = keys.map((k) => ({ id: k.id, period: k.period, start: new Date(periodStart(k.period, now)).toISOString().slice(0, -1) }));
  const rows = await rawQuery<{ apiKeyId: string; tokens: string; costNanoUsd: string }>(
    `SELECT s."apiKeyId", s."tokens"::text AS tokens, s."costNanoUsd"::text AS "costNanoUsd"
     FROM "KeySpend" s JOIN jsonb_to_recordset($1::jsonb) AS w("id" text, "period" text, "start" timestamp)
       ON s."apiKeyId" = w."id" AND s."period" = w."period" AND s."periodStart" = w."start"`,
    [JSON.stringify(wanted)],
  );
  return new Map(rows.map((r) => [r.apiKeyId, { tokens: Number(r.tokens), costNanoUsd: Number(r.costNanoUsd) }]));
}
