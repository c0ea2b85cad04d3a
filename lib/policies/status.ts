import "server-only";
import { getApiKeyPolicyOrThrow } from "@/lib/api-keys/keys";
import { rawQuery } from "@/lib/db";
import { periodEnd, periodStart } from "@/lib/policies/periods";
import { compilePolicy, hasBudget, usesStore } from "@/lib/policies/policy";
import { getCounterStore } from "@/lib/policies/runtime";
import { keyLimitsSchema, type KeyLimits } from "@/lib/policies/schemas";
import { EMPTY_SPEND, type StoreState } from "@/lib/policies/store/types";
import { viewOf } from "@/lib/policies/window";
import { POLICY_ERROR_CODES } from "@/lib/usage/schemas";

const REFUSALS_SHOWN = 10;

function amount(limit: number | null, spent: number, reserved: number, scale = 1) {
  if (limit === null) return null;
  const round = (v: number) => Math.round((v / scale) * 1e9) / 1e9;
  return { limit: round(limit), spent: round(spent), reserved: round(reserved), remaining: round(Math.max(0, limit - spent - reserved)) };
}

/** A key's limits against its current use: windows, slots, budget this period, and its latest refusals. */
export async function getKeyLimits(keyId: string, nowMs = Date.now()): Promise<KeyLimits> {
  const key = await getApiKeyPolicyOrThrow(keyId);
  const policy = compilePolicy(key.id, key);
  const budget = hasBudget(policy) ? { period: policy.budgetPeriod, periodStart: periodStart(policy.budgetPeriod, nowMs) } : null;
  const state: StoreState = usesStore(policy)
    ? await (await getCounterStore()).inspect({ keyId, nowMs, rpm: policy.rpmLimit !== null, tpm: policy.tpmLimit !== null, budget })
    : { requests: [], tokens: [], inFlight: 0, spent: EMPTY_SPEND, reserved: EMPTY_SPEND };
  const refusals = await rawQuery<{ createdAt: string; errorCode: string; status: number; model: string | null; endpoint: string }>(
    `SELECT to_char("createdAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt", "errorCode", "status", "model", "endpoint" FROM "RequestLog"
     WHERE "apiKeyId" = $1 AND "errorCode" = ANY($2::text[]) ORDER BY "createdAt" DESC, "id" DESC LIMIT ${REFUSALS_SHOWN}`,
    [keyId, [...POLICY_ERROR_CODES]],
  );
  const end = budget ? periodEnd(budget.period, nowMs) : null;
  return keyLimitsSchema.parse({
    expiresAt: key.expiresAt?.toISOString() ?? null,
    expired: policy.expiresAt !== null && policy.expiresAt <= nowMs,
    requests: policy.rpmLimit !== null ? viewOf(state.requests, policy.rpmLimit, nowMs) : null,
    tokens: policy.tpmLimit !== null ? viewOf(state.tokens, policy.tpmLimit, nowMs) : null,
    concurrency: policy.maxConcurrent !== null ? { limit: policy.maxConcurrent, inFlight: state.inFlight } : null,
    budget: budget
      ? {
          period: budget.period,
          periodStart: budget.period === "total" ? null : new Date(budget.periodStart).toISOString(),
          resetsAt: end === null ? null : new Date(end).toISOString(),
          tokens: amount(policy.tokenBudget, state.spent.tokens, state.reserved.tokens),
          costUsd: amount(policy.costBudgetNanoUsd, state.spent.costNanoUsd, state.reserved.costNanoUsd, 1e9),
        }
      : null,
    allowedModels: policy.allowedModels,
    allowedIps: policy.allowedIps,
    refusals: refusals.map((r) => ({
      createdAt: r.createdAt,
      errorCode: r.errorCode,
      status: r.status,
      model: r.model,
      endpoint: r.endpoint,
    })),
  });
}

/** GET /v1/usage's `limits`: the same, in snake_case as OpenAI writes it. */
export function keyLimitsResponse(l: KeyLimits) {
  const win = (w: KeyLimits["requests"]) => (w ? { limit: w.limit, used: w.used, remaining: w.remaining, reset_ms: w.resetMs } : null);
  const amt = (a: NonNullable<KeyLimits["budget"]>["tokens"]) => a && { limit: a.limit, spent: a.spent, reserved: a.reserved, remaining: a.remaining };
  return {
    expires_at: l.expiresAt,
    requests_per_minute: win(l.requests),
    tokens_per_minute: win(l.tokens),
    max_concurrent: l.concurrency && { limit: l.concurrency.limit, in_flight: l.concurrency.inFlight },
    budget: l.budget && {
      period: l.budget.period,
      period_start: l.budget.periodStart,
      resets_at: l.budget.resetsAt,
      tokens: amt(l.budget.tokens),
      cost_usd: amt(l.budget.costUsd),
    },
    allowed_models: l.allowedModels,
    allowed_ips: l.allowedIps,
  };
}
