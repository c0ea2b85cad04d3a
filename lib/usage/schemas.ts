import { z } from "zod";

export const RANGES = ["1h", "24h", "7d", "30d", "custom"] as const;
const MAX_SPAN_DAYS = 400;

const optionalId = z.string().trim().min(1).max(200).optional();

/** Time range and filters shared by every usage view; ranges align to whole UTC hours. */
export const usageFilterSchema = z
  .object({
    range: z.enum(RANGES).default("24h"),
    from: z.coerce.date({ error: "must be a date, e.g. 2026-11-01T00:00:00Z" }).optional(),
    to: z.coerce.date({ error: "must be a date, e.g. 2026-11-30T00:00:00Z" }).optional(),
    keyId: optionalId,
    model: optionalId,
  })
  .refine((v) => v.range !== "custom" || (v.from && v.to), { message: "A custom range needs both from and to", path: ["from"] })
  .refine((v) => !v.from || !v.to || v.from < v.to, { message: "from must be before to", path: ["to"] })
  .refine((v) => !v.from || !v.to || v.to.getTime() - v.from.getTime() <= MAX_SPAN_DAYS * 86_400_000, {
    message: `A range can span at most ${MAX_SPAN_DAYS} days`,
    path: ["to"],
  });
export type UsageFilter = z.input<typeof usageFilterSchema>;

export const usageOverviewQuerySchema = usageFilterSchema.and(z.object({ groupBy: z.enum(["key", "model"]).default("key") }));
export type UsageOverviewQuery = z.input<typeof usageOverviewQuerySchema>;

export const STATUS_CLASSES = ["2xx", "4xx", "5xx", "error"] as const;

/** Request log explorer: the same filters plus the log's own, and a keyset cursor. */
export const logQuerySchema = usageFilterSchema.and(
  z.object({
    status: z.enum(STATUS_CLASSES).optional(),
    endpoint: z.string().trim().min(1).max(100).optional(),
    stream: z.union([z.boolean(), z.enum(["true", "false"]).transform((v) => v === "true")]).optional(),
    cursor: z.string().regex(/^\d+\.\d+$/, "Invalid cursor").optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  }),
);
export type LogQuery = z.input<typeof logQuerySchema>;

export const keyUsageQuerySchema = z.object({
  days: z.coerce.number().int().min(1).max(MAX_SPAN_DAYS).default(30),
});

export interface UsageTotals {
  requests: number;
  errors: number;
  errorRate: number;
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  avgLatencyMs: number | null;
  p50LatencyMs: number | null;
  p95LatencyMs: number | null;
}

export interface UsageSeriesPoint extends UsageTotals {
  t: string;
  /** Requests and tokens per group (key or model id; "other" for the rest). */
  groups: Record<string, { requests: number; totalTokens: number }>;
}

export interface UsageRankRow {
  id: string;
  label: string;
  requests: number;
  errors: number;
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  requestShare: number;
  tokenShare: number;
}

export interface UsageOverview {
  range: { from: string; to: string; interval: "hour" | "day" };
  totals: UsageTotals;
  groupBy: "key" | "model";
  groups: { id: string; label: string }[];
  series: UsageSeriesPoint[];
  byKey: UsageRankRow[];
  byModel: UsageRankRow[];
}

export interface RequestLogEntry {
  id: string;
  createdAt: string;
  apiKeyId: string | null;
  apiKeyName: string | null;
  endpoint: string;
  model: string | null;
  providerId: string | null;
  providerName: string | null;
  status: number;
  errorCode: string | null;
  stream: boolean;
  latencyMs: number;
  ttfbMs: number | null;
  promptTokens: number | null;
  completionTokens: number | null;
  totalTokens: number | null;
}

export interface RequestLogPage {
  items: RequestLogEntry[];
  nextCursor: string | null;
}
