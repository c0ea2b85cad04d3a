/** Expiry presets of the key dialogs, and the picked-date form of an expiry. Client-safe, no React. */
export const EXPIRY_PRESETS = [
  { id: "never", label: "Never" },
  { id: "7d", label: "7 days" },
  { id: "30d", label: "30 days" },
  { id: "90d", label: "90 days" },
  { id: "date", label: "Pick a date" },
] as const;
export type ExpiryPreset = (typeof EXPIRY_PRESETS)[number]["id"];

const PRESET_DAYS = { "7d": 7, "30d": 30, "90d": 90 } as const;
const DAY_MS = 86_400_000;
const pad = (n: number) => String(n).padStart(2, "0");

export function isExpiryPreset(value: string): value is ExpiryPreset {
  return EXPIRY_PRESETS.some((p) => p.id === value);
}

/** A day in the browser's time zone as <input type="date"> writes it: "2027-01-31". */
export function localDay(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/**
 * The picked day is the key's last valid day: it expires at the next local midnight. Null when the
 * text is not a real day (the browser's date input only ever gives "" or YYYY-MM-DD).
 */
export function expiryOfLastDay(day: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return null;
  const [year, month, date] = [Number(match[1]), Number(match[2]) - 1, Number(match[3])];
  const start = new Date(year, month, date);
  if (start.getFullYear() !== year || start.getMonth() !== month || start.getDate() !== date) return null;
  return new Date(year, month, date + 1);
}

/** The last valid day of an expiry, for the date input: an expiry at midnight belongs to the day before. */
export function lastDayOf(expiresAt: Date): string {
  return localDay(new Date(expiresAt.getTime() - 1));
}

export type ExpiryResult = { ok: true; expiresAt: Date | null } | { ok: false; error: string };

/** The expiry a preset stands for, counted from `now` ("30 days" is 30 × 24 h from the moment of saving). */
export function expiryFromPreset(preset: ExpiryPreset, day: string, now = Date.now()): ExpiryResult {
  if (preset === "never") return { ok: true, expiresAt: null };
  if (preset === "date") {
    if (!day) return { ok: false, error: "Pick the key's last day, or choose Never" };
    const expiresAt = expiryOfLastDay(day);
    return expiresAt ? { ok: true, expiresAt } : { ok: false, error: "Enter a date like 2027-01-31" };
  }
  return { ok: true, expiresAt: new Date(now + PRESET_DAYS[preset] * DAY_MS) };
}
