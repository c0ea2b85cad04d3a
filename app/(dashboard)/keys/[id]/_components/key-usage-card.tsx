"use client";

import Link from "next/link";
import type { ComponentProps, ReactNode } from "react";
import { formatNumber } from "@/components/format";
import { Card, CardHeader } from "@/components/ui/card";
import { Segmented } from "@/components/ui/segmented";
import { Skeleton } from "@/components/ui/skeleton";
import { ERROR_COLOR, SERIES_COLORS } from "@/components/usage/chart-colors";
import { BarsChart } from "@/components/usage/charts/bars-chart";
import { ChartLegend } from "@/components/usage/charts/chart-legend";
import type { ChartDatum } from "@/components/usage/charts/chart-types";
import { formatPercent, formatUsd, formatUsdAxis } from "@/components/usage/format";
import type { KeyUsage } from "@/lib/usage/schemas";

/** The Usage page's day ranges, with its labels (its 1h and 24h views are per hour: linked, not repeated). */
export const DAY_OPTIONS = [
  { id: "7", label: "7d", ariaLabel: "Last 7 days" },
  { id: "30", label: "30d", ariaLabel: "Last 30 days" },
] as const;
export type DaysOption = (typeof DAY_OPTIONS)[number]["id"];

const REQUEST_SERIES = [
  { key: "ok", label: "Succeeded", color: SERIES_COLORS[0] },
  { key: "failed", label: "Failed", color: ERROR_COLOR },
];
const TOKEN_SERIES = [
  { key: "prompt", label: "Prompt", color: SERIES_COLORS[0] },
  { key: "completion", label: "Completion", color: SERIES_COLORS[1] },
];
const COST_SERIES = [{ key: "cost", label: "Cost", color: SERIES_COLORS[2] }];

function Stat({ label, value, testId, children }: { label: string; value: string; testId: string; children?: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs font-medium text-zinc-500 dark:text-zinc-400">{label}</dt>
      <dd className="mt-1">
        <span data-testid={testId} className="text-xl font-semibold tracking-tight tabular-nums">{value}</span>
        {children && <span className="mt-0.5 block text-xs text-zinc-500 dark:text-zinc-400">{children}</span>}
      </dd>
    </div>
  );
}

/** The key's requests, tokens and cost per UTC day, with totals for the period. */
export function KeyUsageCard({ keyId, usage, days, onDaysChange }: { keyId: string; usage: KeyUsage | undefined; days: DaysOption; onDaysChange: (days: DaysOption) => void }) {
  const daily: ChartDatum[] = (usage?.daily ?? []).map((d) => ({
    t: `${d.date}T00:00:00.000Z`,
    ok: d.requests - d.errors,
    failed: d.errors,
    prompt: d.promptTokens,
    completion: d.completionTokens,
    cost: d.costUsd,
  }));
  const totals = usage?.totals;
  return (
    <Card aria-label="Key usage" className="min-w-0">
      <CardHeader
        title="Usage"
        description={
          <>
            Per UTC day, from the usage totals. The last hour, 24 hours or any range: on the{" "}
            <Link className="font-medium text-indigo-600 hover:underline dark:text-indigo-300" href={`/usage?range=24h&keyId=${encodeURIComponent(keyId)}`}>
              Usage page
            </Link>
            .
          </>
        } actions={<Segmented label="Usage period" size="sm" options={DAY_OPTIONS} value={days} onValueChange={onDaysChange} />} />
      {!totals ? (
        <div className="space-y-4 p-5" aria-busy="true">
          <Skeleton className="h-12 w-full" />
          <Skeleton className="h-44 w-full" />
        </div>
      ) : (
        <>
          <dl className="grid grid-cols-2 gap-4 border-b border-zinc-950/5 px-5 py-4 sm:grid-cols-3 lg:grid-cols-5 dark:border-white/10">
            <Stat label="Requests" value={formatNumber(totals.requests)} testId="key-requests" />
            <Stat label="Tokens" value={formatNumber(totals.totalTokens)} testId="key-tokens">
              <span data-testid="key-prompt-tokens">{formatNumber(totals.promptTokens)}</span> prompt · <span data-testid="key-completion-tokens">{formatNumber(totals.completionTokens)}</span> completion
            </Stat>
            <Stat label="Cost" value={formatUsd(totals.costUsd)} testId="key-cost">
              {totals.requests > 0 && <>{formatUsd(totals.costUsd / totals.requests)} per request</>}
            </Stat>
            <Stat label="Failed" value={formatNumber(totals.errors)} testId="key-errors" />
            <Stat label="Error rate" value={formatPercent(totals.requests ? totals.errors / totals.requests : 0)} testId="key-error-rate" />
          </dl>
          <div className="grid gap-6 px-3 py-4 sm:px-5 xl:grid-cols-2">
            <DailyChart title="Requests" data={daily} series={REQUEST_SERIES} />
            <DailyChart title="Tokens" data={daily} series={TOKEN_SERIES} />
            <div className="min-w-0 xl:col-span-2">
              <DailyChart title="Cost" data={daily} series={COST_SERIES} money />
            </div>
          </div>
        </>
      )}
    </Card>
  );
}

type DailyChartProps = { title: string; data: ComponentProps<typeof BarsChart>["data"]; series: ComponentProps<typeof BarsChart>["series"]; money?: boolean };

function DailyChart({ title, data, series, money = false }: DailyChartProps) {
  return (
    <div className="min-w-0">
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2 px-2 sm:px-0">
        <h3 className="text-xs font-medium tracking-wide text-zinc-500 uppercase dark:text-zinc-400">{title}</h3>
        {series.length > 1 && <ChartLegend items={series.map((s) => ({ id: s.key, label: s.label, color: s.color }))} />}
      </div>
      {money ? (
        <BarsChart label={`${title} per day`} data={data} series={series} interval="day" formatValue={formatUsd} formatAxis={formatUsdAxis} fractional height={180} />
      ) : (
        <BarsChart label={`${title} per day`} data={data} series={series} interval="day" formatValue={formatNumber} height={200} />
      )}
    </div>
  );
}
