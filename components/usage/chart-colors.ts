/** Series colours that read on white and on zinc-900 alike; the last one is "Other". */
export const SERIES_COLORS = ["#6366f1", "#0ea5e9", "#10b981", "#f59e0b", "#f43f5e", "#8b5cf6", "#14b8a6", "#f97316"] as const;
export const OTHER_COLOR = "#a1a1aa";
export const ERROR_COLOR = "#f43f5e";
export const P50_COLOR = "#6366f1";
export const P95_COLOR = "#f59e0b";

import { OTHER_GROUP } from "@/lib/usage/other-group";

export function seriesColor(index: number, id: string): string {
  return id === OTHER_GROUP ? OTHER_COLOR : (SERIES_COLORS[index % SERIES_COLORS.length] ?? OTHER_COLOR);
}
