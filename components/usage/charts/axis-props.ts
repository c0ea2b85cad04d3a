import { formatBucket, type Interval } from "@/components/usage/format";

/** Axis settings shared by every usage chart: quiet ticks, no axis lines, compact numbers. */
export function xAxisProps(interval: Interval, data: { t: string }[]) {
  const first = data[0]?.t;
  const last = data[data.length - 1]?.t;
  const spansDays = first !== undefined && last !== undefined && new Date(last).getTime() - new Date(first).getTime() >= 86_400_000;
  return {
    dataKey: "t",
    tickLine: false,
    axisLine: false,
    minTickGap: 28,
    tickMargin: 8,
    tickFormatter: (value: string) => formatBucket(value, interval, spansDays && interval === "hour" && new Date(value).getHours() === 0),
  } as const;
}

/** `width: "auto"` sizes the axis to its labels (dollar amounts can be long: "$0.0000045"). */
export function yAxisProps(format: (value: number) => string, allowDecimals = false, width: number | "auto" = 44) {
  return { tickLine: false, axisLine: false, width, tickMargin: 4, allowDecimals, tickFormatter: format } as const;
}
