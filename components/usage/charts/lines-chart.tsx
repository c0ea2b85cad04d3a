"use client";

import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { xAxisProps, yAxisProps } from "@/components/usage/charts/axis-props";
import { ChartTooltip } from "@/components/usage/charts/chart-tooltip";
import { valueOf, type ChartProps } from "@/components/usage/charts/chart-types";
import { formatBucketRange, formatCompact } from "@/components/usage/format";

/** Lines per bucket (latency percentiles); buckets without requests are gaps, not zeros. */
export function LinesChart({ label, data, series, interval, formatValue, formatAxis = formatCompact, height = 200 }: ChartProps) {
  const byT = new Map(data.map((d) => [d.t, d]));
  return (
    <div role="img" aria-label={label} className="usage-chart" style={{ height }}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid vertical={false} />
          <XAxis {...xAxisProps(interval, data)} />
          <YAxis {...yAxisProps(formatAxis, true, "auto")} />
          <Tooltip
            cursor={{ className: "usage-chart-line-cursor" }}
            isAnimationActive={false}
            content={({ active, label: t }) => {
              const datum = typeof t === "string" ? byT.get(t) : undefined;
              if (!active || !datum) return null;
              const rows = series.map((s) => {
                const value = valueOf(datum, s.key);
                return { label: s.label, color: s.color, value: value === null ? "—" : formatValue(value) };
              });
              return <ChartTooltip title={formatBucketRange(datum.t, interval)} rows={rows} />;
            }}
          />
          {series.map((s) => (
            <Line
              key={s.key}
              dataKey={s.key}
              name={s.label}
              type="monotone"
              stroke={s.color}
              strokeWidth={2}
              dot={{ r: 2.5, fill: s.color, strokeWidth: 0 }}
              activeDot={{ r: 4, strokeWidth: 0 }}
              connectNulls={false}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
