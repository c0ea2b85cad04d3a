import type { Interval } from "@/components/usage/format";

/** One bucket of a chart: its start (ISO) and one value per series key (null: nothing to show). */
export type ChartDatum = { t: string } & Record<string, number | string | null>;

export interface ChartSeries {
  key: string;
  label: string;
  color: string;
}

export interface ChartProps {
  /** What the chart shows, for screen readers (the numbers are in the tables and cards too). */
  label: string;
  data: ChartDatum[];
  series: ChartSeries[];
  interval: Interval;
  formatValue: (value: number) => string;
  formatAxis?: (value: number) => string;
  height?: number;
}

export function valueOf(datum: ChartDatum | undefined, key: string): number | null {
  const value = datum?.[key];
  return typeof value === "number" ? value : null;
}
