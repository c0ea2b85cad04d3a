import type { ChartDatum, ChartSeries } from "@/components/usage/charts/chart-types";
import { seriesColor } from "@/components/usage/chart-colors";
import type { UsageOverview } from "@/lib/usage/schemas";

/**
 * The overview's groups as chart series. Data keys are positional ("g0", "g1"…) because recharts
 * reads dots in a data key as a path, and model names have dots ("gpt-4.1").
 */
export function groupSeries(overview: Pick<UsageOverview, "groups">): ChartSeries[] {
  return overview.groups.map((group, index) => ({ key: `g${index}`, label: group.label, color: seriesColor(index, group.id) }));
}

export type StackedMetric = "requests" | "totalTokens" | "costUsd";

/** Requests, tokens or cost per bucket, one value per group (zero where the group had none). */
export function stackedData(overview: Pick<UsageOverview, "groups" | "series">, metric: StackedMetric): ChartDatum[] {
  return overview.series.map((point) => {
    const datum: ChartDatum = { t: point.t };
    overview.groups.forEach((group, index) => {
      datum[`g${index}`] = point.groups[group.id]?.[metric] ?? 0;
    });
    return datum;
  });
}

/** Error rate per bucket as a percentage; no bar where there were no requests. */
export function errorRateData(overview: Pick<UsageOverview, "series">): ChartDatum[] {
  return overview.series.map((point) => ({ t: point.t, errorRate: point.requests ? point.errorRate * 100 : null, errors: point.errors }));
}

export function latencyData(overview: Pick<UsageOverview, "series">): ChartDatum[] {
  return overview.series.map((point) => ({ t: point.t, p50: point.p50LatencyMs, p95: point.p95LatencyMs }));
}
