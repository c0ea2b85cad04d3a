import type { Prisma } from "@/lib/generated/prisma/client";

/** A key's policy columns: read with the key for the API and for the proxy's key cache. */
export const POLICY_SELECT = {
  expiresAt: true,
  rpmLimit: true,
  tpmLimit: true,
  maxConcurrent: true,
  budgetPeriod: true,
  tokenBudget: true,
  costBudgetUsd: true,
  allowedModels: true,
  allowedIps: true,
} as const satisfies Prisma.ApiKeySelect;
