import { z } from "zod";
import { BUDGET_PERIODS } from "@/lib/api-keys/schemas";

const windowSchema = z.object({
  limit: z.number(),
  /** Counted in the last 60 s (tokens: of answers whose usage is known). */
  used: z.number(),
  remaining: z.number(),
  /** Milliseconds until the oldest counted second leaves the window (0 when nothing is counted). */
  resetMs: z.number(),
});

const budgetAmountSchema = z.object({
  limit: z.number(),
  /** Written with the usage logs. */
  spent: z.number(),
  /** Held by requests in flight. */
  reserved: z.number(),
  remaining: z.number(),
});

/** A key's limits against its current use: the key page and GET /v1/usage show it. */
export const keyLimitsSchema = z.object({
  expiresAt: z.string().nullable(),
  expired: z.boolean(),
  requests: windowSchema.nullable(),
  tokens: windowSchema.nullable(),
  concurrency: z.object({ limit: z.number(), inFlight: z.number() }).nullable(),
  budget: z
    .object({
      period: z.enum(BUDGET_PERIODS),
      periodStart: z.string().nullable(),
      /** When the period ends and the budget is whole again; null for "total". */
      resetsAt: z.string().nullable(),
      tokens: budgetAmountSchema.nullable(),
      costUsd: budgetAmountSchema.nullable(),
    })
    .nullable(),
  allowedModels: z.array(z.string()),
  allowedIps: z.array(z.string()),
  /** The key's latest requests its policy refused, newest first. */
  refusals: z.array(
    z.object({ createdAt: z.string(), errorCode: z.string(), status: z.number(), model: z.string().nullable(), endpoint: z.string() }),
  ),
});
export type KeyLimits = z.infer<typeof keyLimitsSchema>;
