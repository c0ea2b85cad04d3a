import { GROUP_BY, LOG_ENDPOINTS, RANGES, STATUS_CLASSES, usageFilterSchema } from "@/lib/usage/schemas";

export type RangeId = (typeof RANGES)[number];
export type StatusClass = (typeof STATUS_CLASSES)[number];
export type GroupBy = (typeof GROUP_BY)[number];

/** The filters every usage view shares, as they appear in the URL (dates as ISO strings). */
export interface UsageParams {
  range: RangeId;
  from?: string;
  to?: string;
  keyId?: string;
  model?: string;
  tag?: string;
}

export interface LogParams extends UsageParams {
  status?: StatusClass;
  endpoint?: string;
  stream?: "true" | "false";
}

export const DEFAULT_RANGE: RangeId = "24h";

function pick<T extends string>(value: string | null, allowed: readonly T[]): T | undefined {
  return allowed.find((v) => v === value);
}

function text(value: string | null): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed.slice(0, 200) : undefined;
}

/** Reads the shared filters from a query string; a range the API would refuse falls back to the default. */
export function readUsageParams(search: URLSearchParams): UsageParams {
  const range = pick(search.get("range"), RANGES) ?? DEFAULT_RANGE;
  const base = { keyId: text(search.get("keyId")), model: text(search.get("model")), tag: text(search.get("tag"))?.toLowerCase() };
  if (range !== "custom") return { range, ...base };
  const from = text(search.get("from"));
  const to = text(search.get("to"));
  return usageFilterSchema.safeParse({ range, from, to }).success ? { range, from, to, ...base } : { range: DEFAULT_RANGE, ...base };
}

export function readLogParams(search: URLSearchParams): LogParams {
  return {
    ...readUsageParams(search),
    status: pick(search.get("status"), STATUS_CLASSES),
    endpoint: pick(search.get("endpoint"), LOG_ENDPOINTS),
    stream: pick(search.get("stream"), ["true", "false"] as const),
  };
}

export function readGroupBy(search: URLSearchParams): GroupBy {
  return pick(search.get("groupBy"), GROUP_BY) ?? "key";
}

/** A query string from params, skipping empty values (custom dates only with a custom range). */
export function toQueryString(params: object): string {
  const out = new URLSearchParams();
  const custom = (params as { range?: string }).range === "custom";
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === "") continue;
    if ((name === "from" || name === "to") && !custom) continue;
    out.set(name, String(value));
  }
  return out.toString();
}
