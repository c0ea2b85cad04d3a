import "server-only";
import { rawQuery } from "@/lib/db";
import type { Spend } from "@/lib/policies/store/types";

/** One key's budget period, by its start (ms since the epoch; 0 for "total"). */
export interface SpendPeriod {
  id: string;
  period: string;
  periodStart: number;
}

/** What each key has spent in the given budget period, as written with the usage logs (absent: nothing). */
export async function readSpends(keys: SpendPeriod[]): Promise<Map<string, Spend>> {
  if (keys.length === 0) return new Map();
  const wanted = keys.map((k) => ({ id: k.id, period: k.period, start: new Date(k.periodStart).toISOString().slice(0, -1) }));
  const rows = await rawQuery<{ apiKeyId: string; tokens: string; costNanoUsd: string }>(
    `SELECT s."apiKeyId", s."tokens"::text AS tokens, s."costNanoUsd"::text AS "costNanoUsd"
     FROM "KeySpend" s JOIN jsonb_to_recordset($1::jsonb) AS w("id" text, "period" text, "start" timestamp)
       ON s."apiKeyId" = w."id" AND s."period" = w."period" AND s."periodStart" = w."start"`,
    [JSON.stringify(wanted)],
  );
  return new Map(rows.map((r) => [r.apiKeyId, { tokens: Number(r.tokens), costNanoUsd: Number(r.costNanoUsd) }]));
}
