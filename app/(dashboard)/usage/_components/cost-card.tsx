"use client";

import { Card, CardHeader } from "@/components/ui/card";
import { BarsChart } from "@/components/usage/charts/bars-chart";
import { ChartLegend } from "@/components/usage/charts/chart-legend";
import { formatUsd, formatUsdAxis } from "@/components/usage/format";
import { groupSeries, stackedData } from "@/components/usage/series";
import type { UsageOverview } from "@/lib/usage/schemas";
import { GROUP_NOUN } from "@/app/(dashboard)/usage/_components/traffic-card";

/** Cost over time, stacked by the same top keys, models or tags as the traffic charts above it. */
export function CostCard({ overview }: { overview: UsageOverview }) {
  const series = groupSeries(overview);
  const { interval } = overview.range;
  const by = GROUP_NOUN[overview.groupBy];
  return (
    <Card aria-label="Cost over time">
      <CardHeader
        title="Cost"
        description={`${formatUsd(overview.totals.costUsd)} in this range, per ${interval === "day" ? "day (UTC)" : "hour"}, stacked by ${by}. Models without a known price add nothing.`}
      />
      <div className="px-5 pt-4">
        <ChartLegend items={series.map((s) => ({ id: s.key, label: s.label, color: s.color }))} />
      </div>
      <div className="px-3 pt-4 pb-4 sm:px-5">
        <BarsChart
          label={`Cost per ${interval} by ${overview.groupBy}`}
          data={stackedData(overview, "costUsd")}
          series={series}
          interval={interval}
          formatValue={formatUsd}
          formatAxis={formatUsdAxis}
          fractional
          height={200}
        />
      </div>
    </Card>
  );
}
