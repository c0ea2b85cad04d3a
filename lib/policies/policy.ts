import type { BudgetPeriod } from "@/lib/api-keys/schemas";
import { compileIpAllowlist, compileModelAllowlist } from "@/lib/policies/patterns";

/** What a key's row says about its limits, as lib/api-keys reads it. */
export interface PolicyRow {
  expiresAt: Date | null;
  rpmLimit: number | null;
  tpmLimit: number | null;
  maxConcurrent: number | null;
  budgetPeriod: string;
  tokenBudget: number | null;
  costBudgetUsd: number | null;
  allowedModels: string[];
  allowedIps: string[];
}

/** A key's policy, compiled once per cache fill so the request path only compares. */
export interface KeyPolicy {
  keyId: string;
  expiresAt: number | null;
  rpmLimit: number | null;
  tpmLimit: number | null;
  maxConcurrent: number | null;
  budgetPeriod: BudgetPeriod;
  tokenBudget: number | null;
  costBudgetNanoUsd: number | null;
  allowedModels: readonly string[];
  allowedIps: readonly string[];
  modelAllowed: ((model: string) => boolean) | null;
  ipAllowed: ((address: string | null) => boolean) | null;
  /** Anything to check after the key itself (expiry aside): false for a plain key, which pays nothing. */
  enforced: boolean;
}

const PERIODS = new Set<string>(["total", "day", "week", "month"]);

export function compilePolicy(keyId: string, row: PolicyRow): KeyPolicy {
  const costBudgetNanoUsd = row.costBudgetUsd === null ? null : Math.round(row.costBudgetUsd * 1e9);
  const policy: KeyPolicy = {
    keyId,
    expiresAt: row.expiresAt ? row.expiresAt.getTime() : null,
    rpmLimit: row.rpmLimit,
    tpmLimit: row.tpmLimit,
    maxConcurrent: row.maxConcurrent,
    budgetPeriod: (PERIODS.has(row.budgetPeriod) ? row.budgetPeriod : "total") as BudgetPeriod,
    tokenBudget: row.tokenBudget,
    costBudgetNanoUsd,
    allowedModels: row.allowedModels,
    allowedIps: row.allowedIps,
    modelAllowed: compileModelAllowlist(row.allowedModels),
    ipAllowed: compileIpAllowlist(row.allowedIps),
    enforced: false,
  };
  policy.enforced =
    policy.rpmLimit !== null || policy.tpmLimit !== null || policy.maxConcurrent !== null || policy.tokenBudget !== null ||
    policy.costBudgetNanoUsd !== null || policy.modelAllowed !== null || policy.ipAllowed !== null;
  return policy;
}

export const hasBudget = (p: KeyPolicy) => p.tokenBudget !== null || p.costBudgetNanoUsd !== null;
export const usesStore = (p: KeyPolicy) => p.rpmLimit !== null || p.tpmLimit !== null || p.maxConcurrent !== null || hasBudget(p);
