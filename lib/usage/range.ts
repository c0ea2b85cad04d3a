import { Prisma } from "@/lib/generated/prisma/client";
import type { usageFilterSchema } from "@/lib/usage/schemas";
import type { z } from "zod";

const HOUR = 3_600_000;
const DAY = 86_400_000;
const PRESETS: Record<string, number> = { "1h": HOUR, "24h": DAY, "7d": 7 * DAY, "30d": 30 * DAY };

export interface ResolvedRange {
  from: Date;
  to: Date;
  interval: "hour" | "day";
}

const floorTo = (t: number, unit: number) => Math.floor(t / unit) * unit;
const ceilTo = (t: number, unit: number) => Math.ceil(t / unit) * unit;

/** The filter's range aligned to whole UTC hours (the rollups' resolution). */
export function resolveRange(filter: z.output<typeof usageFilterSchema>, now = Date.now()): ResolvedRange {
  const toMs = filter.range === "custom" && filter.to ? filter.to.getTime() : now;
  const fromMs = filter.range === "custom" && filter.from ? filter.from.getTime() : toMs - (PRESETS[filter.range] ?? DAY);
  const from = floorTo(fromMs, HOUR);
  const to = Math.max(ceilTo(toMs, HOUR), from + HOUR);
  return { from: new Date(from), to: new Date(to), interval: to - from <= 3 * DAY ? "hour" : "day" };
}

/**
 * Rollup rows covering [from, to) exactly: daily rows for the whole days inside, hourly rows for
 * the partial days at either end. `hourly` forces hourly rows throughout (for hourly series).
 */
export function rollupRangeSql(range: ResolvedRange, hourly = false): Prisma.Sql {
  const from = range.from.getTime();
  const to = range.to.getTime();
  const dayStart = ceilTo(from, DAY);
  const dayEnd = floorTo(to, DAY);
  if (hourly || dayStart >= dayEnd) {
    return Prisma.sql`(r."granularity" = 'h' AND r."bucket" >= ${range.from} AND r."bucket" < ${range.to})`;
  }
  return Prisma.sql`(
    (r."granularity" = 'd' AND r."bucket" >= ${new Date(dayStart)} AND r."bucket" < ${new Date(dayEnd)})
    OR (r."granularity" = 'h' AND ((r."bucket" >= ${range.from} AND r."bucket" < ${new Date(dayStart)})
      OR (r."bucket" >= ${new Date(dayEnd)} AND r."bucket" < ${range.to}))))`;
}
