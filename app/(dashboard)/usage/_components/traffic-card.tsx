"use client";

import { formatNumber } from "@/components/format";
import { Card, CardHeader } from "@/components/ui/card";
import { Segmented } from "@/components/ui/segmented";
import { BarsChart } from "@/components/usage/charts/bars-chart";
import { ChartLegend } from "@/components/usage/charts/chart-legend";
import { formatUsd, formatUsdAxis } from "@/components/usage/format";
import type { GroupBy } from "@/components/usage/params";
import { groupSeries, stackedData } from "@/components/usage/series";
import type { UsageOverview } from "@/lib/usage/schemas";

const GROUP_OPTIONS = [
  { id: "key", label: "By key" },
  { id: "model", label: "By model" },
] as const;

function ChartTitle({ children, note }: { children: string; note?: string }) {
  return (
    <h3 className="mb-2 flex flex-wrap items-baseline gap-x-2 px-2 text-xs font-medium tracking-wide text-zinc-500 uppercase sm:px-0 dark:text-zinc-400">
      {children}
      {note && <span className="font-normal tracking-normal normal-case">{note}</span>}
    </h3>
  );
}

/** Requests, tokens and cost over time, stacked by the top keys or models ("Other" for the rest). */
export function TrafficCard({ overview, groupBy, onGroupByChange }: { overview: UsageOverview; groupBy: GroupBy; onGroupByChange: (value: GroupBy) => void }) {
  const series = groupSeries(overview);
  const interval = overview.range.interval;
  return (
    <Card aria-label="Requests, tokens and cost over time">
      <CardHeader
        title="Requests, tokens and cost"
        description={`Per ${interval === "day" ? "day (UTC)" : "hour"}, stacked by ${groupBy === "key" ? "API key" : "model"}.`}
        actions={<Segmented label="Group charts by" size="sm" options={GROUP_OPTIONS} value={groupBy} onValueChange={onGroupByChange} />}
      />
      <div className="px-5 pt-4">
        <ChartLegend items={series.map((s) => ({ id: s.key, label: s.label, color: s.color }))} />
      </div>
      <div className="grid gap-6 px-3 pt-4 pb-4 sm:px-5 lg:grid-cols-2 lg:gap-8">
        <div className="min-w-0">
          <ChartTitle>Requests</ChartTitle>
          <BarsChart label={`Requests per ${interval} by ${groupBy}`} data={stackedData(overview, "requests")} series={series} interval={interval} formatValue={formatNumber} />
        </div>
        <div className="min-w-0">
          <ChartTitle>Tokens</ChartTitle>
          <BarsChart label={`Tokens per ${interval} by ${groupBy}`} data={stackedData(overview, "totalTokens")} series={series} interval={interval} formatValue={formatNumber} />
        </div>
        <div className="min-w-0 lg:col-span-2">
          <ChartTitle note="US dollars; models without a known price add nothing.">Cost</ChartTitle>
          <BarsChart
            label={`Cost per ${interval} by ${groupBy}`}
            data={stackedData(overview, "costUsd")}
            series={series}
            interval={interval}
            formatValue={formatUsd}
            formatAxis={formatUsdAxis}
            fractional
            height={200}
          />
        </div>
      </div>
    </Card>
  );
}
