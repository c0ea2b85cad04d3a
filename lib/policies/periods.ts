import type { BudgetPeriod } from "@/lib/api-keys/schemas";

const DAY_MS = 86_400_000;

/** When each period holding `at` started, worked out from the calendar. */
function startsOf(at: number): Record<BudgetPeriod, number> {
  const d = new Date(at);
  const day = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  return {
    total: 0,
    day,
    // getUTCDay: Sunday 0 … Saturday 6; weeks start on Monday.
    week: day - ((d.getUTCDay() + 6) % 7) * DAY_MS,
    month: Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1),
  };
}

// Every limited request and every recorded event asks, nearly always about today: the starts are
// kept for the last UTC day asked about (Dates are dear under Next.js, which wraps their constructor).
let startsDay = Number.NaN;
let starts = startsOf(0);

/** When the budget period holding `at` started (UTC). "total" never resets: it starts at the epoch. */
export function periodStart(period: BudgetPeriod, at: number): number {
  const day = Math.floor(at / DAY_MS);
  if (day !== startsDay) {
    starts = startsOf(at);
    startsDay = day;
  }
  return starts[period];
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
