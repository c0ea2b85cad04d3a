import type { BudgetPeriod } from "@/lib/api-keys/schemas";

const DAY_MS = 86_400_000;

/** When the budget period holding `at` started (UTC). "total" never resets: it starts at the epoch. */
export function periodStart(period: BudgetPeriod, at: number): number {
  const d = new Date(at);
  switch (period) {
    case "total":
      return 0;
    case "day":
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
    case "week": {
      const day = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
      // getUTCDay: Sunday 0 … Saturday 6; weeks start on Monday.
      return day - ((d.getUTCDay() + 6) % 7) * DAY_MS;
    }
    case "month":
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  }
}

/** When the period holding `at` ends and the budget is whole again; null for "total". */
export function periodEnd(period: BudgetPeriod, at: number): number | null {
  const start = new Date(periodStart(period, at));
  switch (period) {
    case "total":
      return null;
    case "day":
      return start.getTime() + DAY_MS;
    case "week":
      return start.getTime() + 7 * DAY_MS;
    case "month":
      return Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1);
  }
}

export const PERIODS: readonly BudgetPeriod[] = ["total", "day", "week", "month"];
