import { z } from "zod";

// One rule for every string the management API stores or searches: no NUL (PostgreSQL's text
// cannot hold it, so it surfaced as a 500) and no other C0 control character or DEL, which no
// name, id or URL needs. Multi-line fields keep tab, newline and carriage return.

const SINGLE_LINE_CONTROL = /[\u0000-\u0008\u000A-\u001F\u007F]/;
const MULTI_LINE_CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** Whether `value` has a control character a field of this kind refuses. */
export function hasControlChars(value: string, multiline = false): boolean {
  return (multiline ? MULTI_LINE_CONTROL : SINGLE_LINE_CONTROL).test(value);
}

export interface TextOptions {
  /** The message when the value is missing or not a string. */
  error?: string;
  /** What the field is called in the control-character message, e.g. "Name". */
  label?: string;
  /** Allows tab, newline and carriage return (descriptions, notes). */
  multiline?: boolean;
}

/**
 * A string schema that refuses control characters with a field error; chain .trim(), .min(), .max()
 * as on z.string().
 */
export function text(options: TextOptions = {}) {
  const { label = "This field", multiline = false } = options;
  const allowed = multiline ? " (tab and newline are allowed)" : "";
  return z
    .string(options.error ? { error: options.error } : undefined)
    .refine((v) => !hasControlChars(v, multiline), `${label} cannot contain control characters such as NUL${allowed}`);
}

/**
 * Ids of rows (cuid, uuid, slugs): letters, digits, `-` and `_`, at most 64 characters. Anything
 * else names no row, so lookups answer 404 without asking the database.
 */
export const ROW_ID = /^[A-Za-z0-9_-]{1,64}$/;

export function isRowId(value: string): boolean {
  return ROW_ID.test(value);
}

/** The largest value of a PostgreSQL bigint (a log row's id). */
export const MAX_BIGINT = 9_223_372_036_854_775_807n;

/** A whole number that fits in a signed 64-bit integer, as decimal digits. */
export function isBigintId(value: string): boolean {
  return /^\d{1,19}$/.test(value) && BigInt(value) <= MAX_BIGINT;
}

const MIN_YEAR = 2000;
const MAX_YEAR = 9999;

/**
 * A query-string date (ISO 8601 or epoch milliseconds as z.coerce.date takes them) within years
 * 2000–9999: anything outside is a typo or a probe, and past 9999 SQL timestamps overflow.
 */
export function boundedDate(error: string) {
  return z.coerce
    .date({ error })
    .refine((d) => d.getUTCFullYear() >= MIN_YEAR && d.getUTCFullYear() <= MAX_YEAR, `must be between the years ${MIN_YEAR} and ${MAX_YEAR}`);
}
