import { z } from "zod";
import { tagFilterSchema } from "@/lib/api-keys/tags";
import { boundedDate, isBigintId, text } from "@/lib/validation/text";

export const RANGES = ["1h", "24h", "7d", "30d", "custom"] as const;
/** What the usage series stack by. By tag, a key with several tags counts under each of them. */
export const GROUP_BY = ["key", "model", "tag"] as const;
const MAX_SPAN_DAYS = 400;

const optionalId = text().trim().min(1).max(200).optional();

/** Time range and filters shared by every usage view; ranges align to whole UTC hours. */
export const usageFilterSchema = z
  .object({
    range: z.enum(RANGES).default("24h"),
    from: boundedDate("must be a date, e.g. 2026-11-01T00:00:00Z").optional(),
    to: boundedDate("must be a date, e.g. 2026-11-30T00:00:00Z").optional(),
    keyId: optionalId,
    model: optionalId,
    /** Only keys carrying this tag (as they are tagged now). */
    tag: tagFilterSchema.optional(),
  })
  .refine((v) => v.range !== "custom" || (v.from && v.to), { message: "A custom range needs both from and to", path: ["from"] })
  .refine((v) => !v.from || !v.to || v.from < v.to, { message: "from must be before to", path: ["to"] })
  .refine((v) => !v.from || !v.to || v.to.getTime() - v.from.getTime() <= MAX_SPAN_DAYS * 86_400_000, {
    message: `A range can span at most ${MAX_SPAN_DAYS} days`,
    path: ["to"],
  });
export type UsageFilter = z.input<typeof usageFilterSchema>;

export const usageOverviewQuerySchema = usageFilterSchema.and(z.object({ groupBy: z.enum(GROUP_BY).default("key") }));
export type UsageOverviewQuery = z.input<typeof usageOverviewQuerySchema>;

export const STATUS_CLASSES = ["2xx", "4xx", "5xx", "error"] as const;

/** Request log explorer: the same filters plus the log's own, and a keyset cursor. */
export const logQuerySchema = usageFilterSchema.and(
  z.object({
    status: z.enum(STATUS_CLASSES).optional(),
    endpoint: text().trim().min(1).max(100).optional(),
    stream: z.union([z.boolean(), z.enum(["true", "false"]).transform((v) => v === "true")]).optional(),
    cursor: z
      .string()
      .regex(/^\d{1,16}\.\d{1,19}$/, "Invalid cursor: pass back the nextCursor of the previous page")
      .refine((v) => isCursorInRange(v), "Invalid cursor: pass back the nextCursor of the previous page")
      .optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  }),
);
export type LogQuery = z.input<typeof logQuerySchema>;

/** A cursor's time (epoch ms within the years 2000–9999) and log id (a bigint). */
function isCursorInRange(cursor: string): boolean {
  const [ms = "", id = ""] = cursor.split(".");
  const time = Number(ms);
  return time >= Date.UTC(2000, 0, 1) && time <= Date.UTC(9999, 11, 31, 23, 59, 59, 999) && isBigintId(id);
}

export const keyUsageQuerySchema = z.object({
  days: z.coerce.number().int().min(1).max(MAX_SPAN_DAYS).default(30),
});

/** The proxy endpoints a request log row can name (its path under /v1). */
export const LOG_ENDPOINTS = ["chat/completions", "completions", "embeddings", "moderations", "images/generations", "images/edits", "images/variations", "audio/transcriptions", "audio/translations", "audio/speech", "rerank", "messages", "messages/count_tokens", "responses", "responses.get", "responses.delete", "responses.cancel", "responses.input_items", "models", "usage"] as const;

/** Error codes of requests a key's policy refused before they reached the upstream. */
export const POLICY_ERROR_CODES = [
  "api_key_expired",
  "ip_not_allowed",
  "model_not_allowed",
  "concurrency_limit_exceeded",
  "rate_limit_exceeded",
  "insufficient_quota",
  "model_price_unknown",
] as const;

// Response schemas: the routes' answers, parsed by the dashboard on the way in.

export const usageTotalsSchema = z.object({
  requests: z.number(),
  errors: z.number(),
  errorRate: z.number(),
  promptTokens: z.number(),
  completionTokens: z.number(),
  totalTokens: z.number(),
  /** US dollars, rounded to the nano-dollar; requests to models without a price add nothing. */
  costUsd: z.number(),
  avgLatencyMs: z.number().nullable(),
  p50LatencyMs: z.number().nullable(),
  p95LatencyMs: z.number().nullable(),
});
export type UsageTotals = z.infer<typeof usageTotalsSchema>;

const groupValueSchema = z.object({ requests: z.number(), totalTokens: z.number(), costUsd: z.number() });

export const usageSeriesPointSchema = usageTotalsSchema.extend({
  t: z.string(),
  /** Requests, tokens and cost per group (key id, model or tag, "" for no tag; OTHER_GROUP for the rest). */
  groups: z.record(z.string(), groupValueSchema),
});
export type UsageSeriesPoint = z.infer<typeof usageSeriesPointSchema>;

export const usageRankRowSchema = z.object({
  id: z.string(),
  label: z.string(),
  requests: z.number(),
  errors: z.number(),
  promptTokens: z.number(),
  completionTokens: z.number(),
  totalTokens: z.number(),
  costUsd: z.number(),
  requestShare: z.number(),
  tokenShare: z.number(),
  costShare: z.number(),
});
export type UsageRankRow = z.infer<typeof usageRankRowSchema>;

export const usageOverviewSchema = z.object({
  range: z.object({ from: z.string(), to: z.string(), interval: z.enum(["hour", "day"]) }),
  totals: usageTotalsSchema,
  groupBy: z.enum(GROUP_BY),
  groups: z.array(z.object({ id: z.string(), label: z.string() })),
  series: z.array(usageSeriesPointSchema),
  byKey: z.array(usageRankRowSchema),
  byModel: z.array(usageRankRowSchema),
  /** Per tag ("" for keys without one); a key with several tags counts under each, so shares can add up past 1. */
  byTag: z.array(usageRankRowSchema),
});
export type UsageOverview = z.infer<typeof usageOverviewSchema>;

/** One proxied request as recorded: never the prompt, the answer or the key itself. */
export const requestLogEntrySchema = z.object({
  id: z.string(),
  createdAt: z.string(),
  apiKeyId: z.string().nullable(),
  apiKeyName: z.string().nullable(),
  endpoint: z.string(),
  model: z.string().nullable(),
  providerId: z.string().nullable(),
  providerName: z.string().nullable(),
  status: z.number(),
  errorCode: z.string().nullable(),
  /** The upstream's (or Keygate's) error message, truncated, credentials removed; absent on older rows. */
  errorMessage: z.string().nullable().optional(),
  stream: z.boolean(),
  latencyMs: z.number(),
  ttfbMs: z.number().nullable(),
  promptTokens: z.number().nullable(),
  completionTokens: z.number().nullable(),
  totalTokens: z.number().nullable(),
  /** US dollars; null when the model has no price. */
  costUsd: z.number().nullable(),
  /** Providers tried (fallback): 1 when the first one answered. */
  attempts: z.number(),
  /** Which of the key's secrets was sent: "previous" during a rotation's grace period; null without a key or on older rows. */
  secret: z.enum(["current", "previous"]).nullable().optional(),
});
export type RequestLogEntry = z.infer<typeof requestLogEntrySchema>;

export const requestLogPageSchema = z.object({ items: z.array(requestLogEntrySchema), nextCursor: z.string().nullable() });
export type RequestLogPage = z.infer<typeof requestLogPageSchema>;

const keyUsageCountsSchema = z.object({
  requests: z.number(),
  errors: z.number(),
  promptTokens: z.number(),
  completionTokens: z.number(),
  totalTokens: z.number(),
  /** US dollars, rounded to the nano-dollar. */
  costUsd: z.number(),
});

export const keyUsageSchema = z.object({
  key: z.object({
    id: z.string(),
    name: z.string(),
    enabled: z.boolean(),
    usageCount: z.number(),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
    firstUsedAt: z.string().nullable(),
  }),
  range: z.object({ from: z.string(), to: z.string() }),
  totals: keyUsageCountsSchema,
  daily: z.array(keyUsageCountsSchema.extend({ date: z.string() })),
  models: z.array(z.object({ model: z.string(), requests: z.number(), totalTokens: z.number(), costUsd: z.number() })),
});
export type KeyUsage = z.infer<typeof keyUsageSchema>;

/** What one run of the retention job deleted. */
export const retentionResultSchema = z.object({ deletedLogs: z.number(), deletedRollups: z.number(), deletedAuditEntries: z.number() });
export type RetentionResult = z.infer<typeof retentionResultSchema>;
