"use client";

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { xAxisProps, yAxisProps } from "@/components/usage/charts/axis-props";
import { ChartTooltip } from "@/components/usage/charts/chart-tooltip";
import { valueOf, type ChartProps } from "@/components/usage/charts/chart-types";
import { formatBucketRange, formatCompact } from "@/components/usage/format";

type BarsChartProps = ChartProps & {
  showTotal?: boolean;
  /** Fractional ticks on an axis as wide as its labels (dollars: "$0.0000045"). */
  fractional?: boolean;
};

/** Bars per bucket, stacked when there are several series (requests, tokens or cost by key or model). */
export function BarsChart({ label, data, series, interval, formatValue, formatAxis = formatCompact, fractional = false, height = 220, showTotal = series.length > 1 }: BarsChartProps) {
  const byT = new Map(data.map((d) => [d.t, d]));
  const top = series[series.length - 1]?.key;
  return (
    <div role="img" aria-label={label} className="usage-chart" style={{ height }}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 4, bottom: 0, left: 0 }} barCategoryGap="18%">
          <CartesianGrid vertical={false} />
          <XAxis {...xAxisProps(interval, data)} />
          <YAxis {...(fractional ? yAxisProps(formatAxis, true, "auto") : yAxisProps(formatAxis))} />
          <Tooltip
            cursor={{ className: "usage-chart-cursor" }}
            isAnimationActive={false}
            content={({ active, label: t }) => {
              const datum = typeof t === "string" ? byT.get(t) : undefined;
              if (!active || !datum) return null;
              const rows = series.map((s) => ({ label: s.label, color: s.color, value: formatValue(valueOf(datum, s.key) ?? 0) })).reverse();
              const total = series.reduce((sum, s) => sum + (valueOf(datum, s.key) ?? 0), 0);
              return <ChartTooltip title={formatBucketRange(datum.t, interval)} rows={rows} total={showTotal ? formatValue(total) : undefined} />;
            }}
          />
          {series.map((s) => (
            <Bar key={s.key} dataKey={s.key} name={s.label} stackId="stack" fill={s.color} maxBarSize={36} radius={s.key === top ? [3, 3, 0, 0] : 0} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
