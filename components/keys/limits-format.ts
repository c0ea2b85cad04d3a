import type { BudgetPeriod } from "@/lib/api-keys/schemas";

/** Words for key limits, shared by the dialogs, the keys list and the key page. Client-safe. */

export const PERIOD_OPTIONS: readonly { id: BudgetPeriod; label: string }[] = [
  { id: "total", label: "Total (never resets)" },
  { id: "day", label: "Per day" },
  { id: "week", label: "Per week" },
  { id: "month", label: "Per month" },
];

/** "this month", "in total": how the key page names the budget's current period. */
export const PERIOD_NOUN: Record<BudgetPeriod, string> = { total: "in total", day: "today", week: "this week", month: "this month" };
/** "/ month": the short form after an amount. */
export const PERIOD_SUFFIX: Record<BudgetPeriod, string> = { total: "total", day: "/ day", week: "/ week", month: "/ month" };

const usd2 = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", minimumFractionDigits: 2, maximumFractionDigits: 2 });
const usdSmall = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", minimumFractionDigits: 2, maximumFractionDigits: 4 });
const count = new Intl.NumberFormat("en-US");
const compact = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 });

/** "$20.00", "$0.0042": small amounts keep the digits that matter. */
export function formatUsd(value: number): string {
  return Math.abs(value) > 0 && Math.abs(value) < 1 ? usdSmall.format(value) : usd2.format(value);
}

/** "60", "100K", "1.5M": a limit in a tight space. */
export function formatLimit(value: number): string {
  return value < 10_000 ? count.format(value) : compact.format(value);
}

/** "23 s", "4 min", "2 h 5 min": how long until something resets. */
export function formatWait(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
}

const weekdayTime = new Intl.DateTimeFormat("en-US", { weekday: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: "UTC" });
const dayTime = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: "UTC" });

/** When a budget is whole again, in UTC like the periods: "Resets Mon 00:00 UTC", "Resets Jan 1, 00:00 UTC", "Never resets". */
export function formatBudgetReset(resetsAt: string | Date | null, now = Date.now()): string {
  if (!resetsAt) return "Never resets";
  const date = new Date(resetsAt);
  // Within the coming week the weekday is unambiguous; further out, the date is.
  const text = date.getTime() - now <= 7 * 86_400_000 ? weekdayTime.format(date) : dayTime.format(date);
  return `Resets ${text} UTC`;
}

const REFUSALS: Record<string, string> = {
  api_key_expired: "Key expired",
  ip_not_allowed: "IP address not allowed",
  model_not_allowed: "Model not allowed",
  concurrency_limit_exceeded: "Too many requests at once",
  rate_limit_exceeded: "Rate limit reached",
  insufficient_quota: "Budget used up",
  model_price_unknown: "No price for the model (cost budget)",
};

/** A policy refusal's error code in plain words; unknown codes are shown as they are. */
export function refusalReason(code: string): string {
  return REFUSALS[code] ?? code;
}
