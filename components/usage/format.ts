const compact = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 });
const hourFormat = new Intl.DateTimeFormat("en-US", { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
const hourWithDayFormat = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
const dayFormat = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
const longDayFormat = new Intl.DateTimeFormat("en-US", { weekday: "short", month: "short", day: "numeric", year: "numeric", timeZone: "UTC" });
const timestampFormat = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" });
const fullTimestampFormat = new Intl.DateTimeFormat("en-US", { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23", timeZoneName: "short" });

export type Interval = "hour" | "day";

/** 1.2K, 3.4M: chart axes and tight spaces. */
export function formatCompact(value: number): string {
  return compact.format(value);
}

// Dollar formats by the number of fraction digits they allow (2 to 9: cents to the nano-dollar).
const usdFormats = new Map<number, Intl.NumberFormat>();
function usdFormat(maxDigits: number): Intl.NumberFormat {
  let format = usdFormats.get(maxDigits);
  if (!format) {
    format = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", minimumFractionDigits: 2, maximumFractionDigits: maxDigits });
    usdFormats.set(maxDigits, format);
  }
  return format;
}

/**
 * US dollars: cents from a dollar up ("$1,234.57"), three significant digits below, so a single
 * request's cost still says something ("$0.000123"); `exact` shows every digit to the nano-dollar
 * ("$0.00012345"). "—" when there is no price.
 */
export function formatUsd(value: number | null | undefined, { exact = false } = {}): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  const abs = Math.abs(value);
  if (abs === 0) return "$0.00";
  if (abs < 1e-9) return value < 0 ? "-<$0.000000001" : "<$0.000000001";
  if (exact) return usdFormat(9).format(value);
  if (abs >= 1) return usdFormat(2).format(value);
  return usdFormat(Math.min(9, 2 - Math.floor(Math.log10(abs)))).format(value);
}

/** Dollars on a chart axis: "$0", "$0.00045", "$1.5", "$12K" (three significant digits below a dollar, as ticks need). */
export function formatUsdAxis(value: number): string {
  const abs = Math.abs(value);
  if (abs === 0) return "$0";
  if (abs >= 1000) return `$${compact.format(value)}`;
  if (abs >= 1) return `$${Number(value.toFixed(2))}`;
  // Written out: String() would switch to "4.5e-7" below a micro-dollar.
  const rounded = Number(value.toPrecision(3));
  const decimals = Math.min(9, 2 - Math.floor(Math.log10(Math.abs(rounded))));
  return `$${rounded.toFixed(decimals).replace(/0+$/, "").replace(/\.$/, "")}`;
}

export function formatPercent(rate: number): string {
  const percent = rate * 100;
  if (percent === 0) return "0%";
  if (percent < 0.1) return "<0.1%";
  return `${Number(percent.toFixed(1))}%`;
}

/** Latency on a chart axis, where space is tight: "80ms", "1.5s". */
export function formatLatencyAxis(ms: number): string {
  return ms >= 1000 ? `${Number((ms / 1000).toFixed(1))}s` : `${Math.round(ms)}ms`;
}

export function formatLatency(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "—";
  return ms >= 1000 ? `${(ms / 1000).toFixed(ms >= 10_000 ? 0 : 1)} s` : `${Math.round(ms)} ms`;
}

/** A chart bucket's label: local hours for hourly series, the UTC day (the rollups' day) for daily ones. */
export function formatBucket(iso: string, interval: Interval, withDay = false): string {
  const date = new Date(iso);
  if (interval === "day") return dayFormat.format(date);
  return (withDay ? hourWithDayFormat : hourFormat).format(date);
}

/** The tooltip's heading for a bucket: "Nov 3, 14:00–15:00" or "Tue, Nov 3, 2026". */
export function formatBucketRange(iso: string, interval: Interval): string {
  const date = new Date(iso);
  if (interval === "day") return longDayFormat.format(date);
  const end = new Date(date.getTime() + 3_600_000);
  return `${hourWithDayFormat.format(date)}–${hourFormat.format(end)}`;
}

export function formatTimestamp(iso: string, full = false): string {
  return (full ? fullTimestampFormat : timestampFormat).format(new Date(iso));
}

/** The span a view covers, in local time: "Nov 27, 23:00 – Nov 28, 23:00". */
export function formatSpan(fromIso: string, toIso: string): string {
  return `${hourWithDayFormat.format(new Date(fromIso))} – ${hourWithDayFormat.format(new Date(toIso))}`;
}

const momentFormat = new Intl.DateTimeFormat("en-US", { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });

/** A point in time with its year, in 24-hour time like the rest of the usage views: "Nov 29, 2026, 00:02". */
export function formatMoment(date: Date): string {
  return momentFormat.format(date);
}
