/** One changed field: what it was and what it became (JSON values; dates as ISO strings). */
export interface FieldChange {
  from: unknown;
  to: unknown;
}
export type Changes = Record<string, FieldChange>;

/** Stands in for a secret's value in an entry: that it changed, never what it is. */
export const SECRET_CHANGED = "(changed)";

function plain(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "bigint") return value.toString();
  if (value === undefined) return null;
  return value;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(plain(a)) === JSON.stringify(plain(b));
}

/**
 * The fields of `after` that differ from `before`, among `fields`. Fields named in `secret` record
 * only that they changed (`from` and `to` are SECRET_CHANGED, or null where there was or is none).
 */
export function diffFields<T extends Record<string, unknown>>(
  before: T,
  after: T,
  fields: readonly (keyof T & string)[],
  secret: readonly (keyof T & string)[] = [],
): Changes {
  const out: Changes = {};
  for (const field of fields) {
    if (same(before[field], after[field])) continue;
    if (secret.includes(field)) {
      out[field] = { from: before[field] == null ? null : SECRET_CHANGED, to: after[field] == null ? null : SECRET_CHANGED };
    } else {
      out[field] = { from: plain(before[field]), to: plain(after[field]) };
    }
  }
  return out;
}

/** A new record's fields as changes from nothing, leaving out empty ones (secrets as SECRET_CHANGED). */
export function createdFields<T extends Record<string, unknown>>(row: T, fields: readonly (keyof T & string)[], secret: readonly (keyof T & string)[] = []): Changes {
  const set = fields.filter((f) => !(Array.isArray(row[f]) && (row[f] as unknown[]).length === 0));
  const empty = Object.fromEntries(set.map((f) => [f, null])) as T;
  return diffFields(empty, row, set, secret);
}
