"use client";

import { formatNumber } from "@/components/format";
import { Card, CardHeader } from "@/components/ui/card";
import { Segmented } from "@/components/ui/segmented";
import { BarsChart } from "@/components/usage/charts/bars-chart";
import { ChartLegend } from "@/components/usage/charts/chart-legend";
import type { GroupBy } from "@/components/usage/params";
import { groupSeries, stackedData } from "@/components/usage/series";
import type { UsageOverview } from "@/lib/usage/schemas";

const GROUP_OPTIONS = [
  { id: "key", label: "By key" },
  { id: "model", label: "By model" },
  { id: "tag", label: "By tag" },
] as const;

/** How the cards name what the charts stack by. */
export const GROUP_NOUN: Record<GroupBy, string> = { key: "API key", model: "model", tag: "tag (a key counts under each of its tags)" };

/** Requests and tokens over time, stacked by the top keys, models or tags ("Other" for the rest). */
export function TrafficCard({ overview, groupBy, onGroupByChange }: { overview: UsageOverview; groupBy: GroupBy; onGroupByChange: (value: GroupBy) => void }) {
  const series = groupSeries(overview);
  const interval = overview.range.interval;
  return (
    <Card aria-label="Requests and tokens over time">
      <CardHeader
        title="Requests and tokens"
        description={`Per ${interval === "day" ? "day (UTC)" : "hour"}, stacked by ${GROUP_NOUN[groupBy]}.`}
        actions={<Segmented label="Group charts by" size="sm" options={GROUP_OPTIONS} value={groupBy} onValueChange={onGroupByChange} />}
      />
      <div className="px-5 pt-4">
        <ChartLegend items={series.map((s) => ({ id: s.key, label: s.label, color: s.color }))} />
      </div>
      <div className="grid gap-6 px-3 pt-4 pb-4 sm:px-5 lg:grid-cols-2 lg:gap-8">
        <div className="min-w-0">
          <h3 className="mb-2 px-2 text-xs font-medium tracking-wide text-zinc-500 uppercase sm:px-0 dark:text-zinc-400">Requests</h3>
          <BarsChart label={`Requests per ${interval} by ${groupBy}`} data={stackedData(overview, "requests")} series={series} interval={interval} formatValue={formatNumber} />
        </div>
        <div className="min-w-0">
          <h3 className="mb-2 px-2 text-xs font-medium tracking-wide text-zinc-500 uppercase sm:px-0 dark:text-zinc-400">Tokens</h3>
          <BarsChart label={`Tokens per ${interval} by ${groupBy}`} data={stackedData(overview, "totalTokens")} series={series} interval={interval} formatValue={formatNumber} />
        </div>
      </div>
    </Card>
  );
}
