"use client";

import { formatNumber } from "@/components/format";
import { Card, CardHeader } from "@/components/ui/card";
import { ERROR_COLOR, P50_COLOR, P95_COLOR } from "@/components/usage/chart-colors";
import { BarsChart } from "@/components/usage/charts/bars-chart";
import { ChartLegend } from "@/components/usage/charts/chart-legend";
import { LinesChart } from "@/components/usage/charts/lines-chart";
import { formatLatency, formatLatencyAxis, formatPercent } from "@/components/usage/format";
import { errorRateData, latencyData } from "@/components/usage/series";
import type { UsageOverview } from "@/lib/usage/schemas";

const LATENCY_SERIES = [
  { key: "p50", label: "p50", color: P50_COLOR },
  { key: "p95", label: "p95", color: P95_COLOR },
];

/** How often requests failed and how long they took, per bucket. */
export function HealthCards({ overview }: { overview: UsageOverview }) {
  const { interval } = overview.range;
  const { totals } = overview;
  return (
    <div className="grid gap-4 lg:grid-cols-2 lg:gap-6">
      <Card aria-label="Error rate over time">
        <CardHeader title="Error rate" description={`${formatNumber(totals.errors)} failed of ${formatNumber(totals.requests)}: ${formatPercent(totals.errorRate)} overall.`} />
        <div className="px-3 py-4 sm:px-5">
          <BarsChart
            label={`Error rate per ${interval}`}
            data={errorRateData(overview)}
            series={[{ key: "errorRate", label: "Error rate", color: ERROR_COLOR }]}
            interval={interval}
            formatValue={(v) => formatPercent(v / 100)}
            formatAxis={(v) => `${v}%`}
            height={180}
          />
        </div>
      </Card>
      <Card aria-label="Latency over time">
        <CardHeader
          title="Latency"
          description={`p50 ${formatLatency(totals.p50LatencyMs)}, p95 ${formatLatency(totals.p95LatencyMs)} overall, until the last byte.`}
        />
        <div className="px-3 py-4 sm:px-5">
          <ChartLegend className="mb-2 px-2 sm:px-0" items={LATENCY_SERIES.map((s) => ({ id: s.key, label: s.label, color: s.color }))} />
          <LinesChart label={`Latency percentiles per ${interval}`} data={latencyData(overview)} series={LATENCY_SERIES} interval={interval} formatValue={formatLatency} formatAxis={formatLatencyAxis} height={156} />
        </div>
      </Card>
    </div>
  );
}
