import type { z } from "zod";
import { validate, type FieldErrors } from "@/components/forms/field-errors";
import { expiryFromPreset, lastDayOf, type ExpiryPreset } from "@/components/keys/expiry";
import { createApiKeySchema, updateApiKeySchema, type ApiKey, type BudgetPeriod } from "@/lib/api-keys/schemas";

/**
 * The key dialogs' form values (text as typed) and the API payloads made from them. Client-safe:
 * the API's own schemas check the payload, so the form shows the server's messages before it asks.
 */

export interface LimitsFormValues {
  expiry: ExpiryPreset;
  /** The key's last valid day (YYYY-MM-DD, local) when `expiry` is "date". */
  expiryDate: string;
  rpmLimit: string;
  tpmLimit: string;
  maxConcurrent: string;
  budgetPeriod: BudgetPeriod;
  tokenBudget: string;
  costBudgetUsd: string;
  /** One entry per line (commas and spaces separate too). */
  allowedModels: string;
  allowedIps: string;
}

export interface KeyFormValues {
  name: string;
  description: string;
  /** Tags as typed: commas or spaces separate them. */
  tags: string;
  owner: string;
  limits: LimitsFormValues;
}

export const NO_LIMITS: LimitsFormValues = {
  expiry: "never",
  expiryDate: "",
  rpmLimit: "",
  tpmLimit: "",
  maxConcurrent: "",
  // A new budget most often means "per month"; the period is only sent with a budget.
  budgetPeriod: "month",
  tokenBudget: "",
  costBudgetUsd: "",
  allowedModels: "",
  allowedIps: "",
};

export function newKeyFormValues(): KeyFormValues {
  return { name: "", description: "", tags: "", owner: "", limits: NO_LIMITS };
}

const text = (value: number | null) => (value === null ? "" : String(value));

/** The form as it opens for an existing key. */
export function keyFormValuesOf(key: ApiKey): KeyFormValues {
  return {
    name: key.name,
    description: key.description ?? "",
    tags: key.tags.join(", "),
    owner: key.owner ?? "",
    limits: {
      expiry: key.expiresAt ? "date" : "never",
      expiryDate: key.expiresAt ? lastDayOf(key.expiresAt) : "",
      rpmLimit: text(key.rpmLimit),
      tpmLimit: text(key.tpmLimit),
      maxConcurrent: text(key.maxConcurrent),
      budgetPeriod: key.budgetPeriod,
      tokenBudget: text(key.tokenBudget),
      costBudgetUsd: text(key.costBudgetUsd),
      allowedModels: key.allowedModels.join("\n"),
      allowedIps: key.allowedIps.join("\n"),
    },
  };
}

type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };
const MULTIPLIERS: Record<string, number> = { "": 1, k: 1e3, m: 1e6, b: 1e9 };

/** "60", "100k", "1,000,000", "$20": a number, null when empty, or a message for text that is none. */
export function parseAmount(input: string, kind: "count" | "usd"): Parsed<number | null> {
  const trimmed = input.trim();
  const compact = (kind === "usd" ? trimmed.replace(/^\$/, "") : trimmed).replace(/[\s,_]/g, "");
  if (!compact) return { ok: true, value: null };
  const match = /^(\d+(?:\.\d*)?|\.\d+)([kmb]?)$/i.exec(compact);
  if (!match) {
    return { ok: false, error: kind === "usd" ? "Enter an amount in US dollars, e.g. 20 or 2.50, or leave it empty" : "Enter a whole number, e.g. 60 or 100k, or leave it empty" };
  }
  const value = Number(match[1]);
  const multiplier = MULTIPLIERS[(match[2] ?? "").toLowerCase()] ?? 1;
  // 1.1k is 1100, not 1100.0000000000002.
  return { ok: true, value: multiplier === 1 ? value : Number((value * multiplier).toFixed(6)) };
}

/** Entries of an allowlist textarea: one per line, commas and spaces separate too. */
export function parseList(input: string): string[] {
  return input.split(/[\s,]+/).filter(Boolean);
}

const NUMBER_FIELDS = [
  ["rpmLimit", "count"],
  ["tpmLimit", "count"],
  ["maxConcurrent", "count"],
  ["tokenBudget", "count"],
  ["costBudgetUsd", "usd"],
] as const;
type NumberField = (typeof NUMBER_FIELDS)[number][0];

interface ReadLimits {
  numbers: Partial<Record<NumberField, number | null>>;
  expiresAt: Date | null | undefined;
  lists: { allowedModels: string[]; allowedIps: string[] };
  /** Text that is not a number or a date, by field. */
  errors: FieldErrors;
}

const PAST_EXPIRY = "Pick a day from today on (to stop the key now, disable it)";

function readLimits(values: LimitsFormValues, now: number): ReadLimits {
  const out: ReadLimits = { numbers: {}, expiresAt: undefined, lists: { allowedModels: parseList(values.allowedModels), allowedIps: parseList(values.allowedIps) }, errors: {} };
  for (const [field, kind] of NUMBER_FIELDS) {
    const parsed = parseAmount(values[field], kind);
    if (parsed.ok) out.numbers[field] = parsed.value;
    else out.errors[field] = parsed.error;
  }
  const expiry = expiryFromPreset(values.expiry, values.expiryDate, now);
  if (!expiry.ok) out.errors.expiresAt = expiry.error;
  // The create schema checks this too, but only once every other field is valid.
  else if (expiry.expiresAt && expiry.expiresAt.getTime() <= now) out.errors.expiresAt = PAST_EXPIRY;
  else out.expiresAt = expiry.expiresAt;
  return out;
}

type Result<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors };

function finish<S extends z.ZodType>(schema: S, input: Record<string, unknown>, formErrors: FieldErrors): Result<z.output<S>> {
  const result = validate(schema, input);
  const errors = { ...(result.ok ? {} : result.errors), ...formErrors };
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return result.ok ? { ok: true, data: result.data } : { ok: false, errors };
}

export type CreatePayload = z.output<typeof createApiKeySchema>;
export type UpdatePayload = z.output<typeof updateApiKeySchema>;

/** POST /api/keys: the name, the description and every limit that is set (the period only with a budget). */
export function createPayload(values: KeyFormValues, now = Date.now()): Result<CreatePayload> {
  const read = readLimits(values.limits, now);
  const input: Record<string, unknown> = { name: values.name, description: values.description };
  const tags = parseList(values.tags);
  if (tags.length) input.tags = tags;
  if (values.owner.trim()) input.owner = values.owner;
  if (read.expiresAt) input.expiresAt = read.expiresAt;
  for (const [field, value] of Object.entries(read.numbers)) if (value !== null) input[field] = value;
  if (input.tokenBudget !== undefined || input.costBudgetUsd !== undefined) input.budgetPeriod = values.limits.budgetPeriod;
  for (const [field, list] of Object.entries(read.lists)) if (list.length) input[field] = list;
  return finish(createApiKeySchema, input, read.errors);
}

/**
 * PATCH /api/keys/{id}: only what changed from the form as it opened (a cleared limit is null, a
 * cleared list []). `data` is null when nothing changed.
 */
export function updatePayload(initial: KeyFormValues, values: KeyFormValues, now = Date.now()): Result<UpdatePayload | null> {
  const before = readLimits(initial.limits, now);
  const after = readLimits(values.limits, now);
  const input: Record<string, unknown> = {};
  const errors: FieldErrors = { ...after.errors };
  const expiryChanged = values.limits.expiry !== initial.limits.expiry || (values.limits.expiry === "date" && values.limits.expiryDate !== initial.limits.expiryDate);
  if (!expiryChanged) delete errors.expiresAt;
  if (values.name.trim() !== initial.name.trim()) input.name = values.name;
  if (values.description.trim() !== initial.description.trim()) input.description = values.description;
  const tags = parseList(values.tags);
  if (tags.join("\n") !== parseList(initial.tags).join("\n")) input.tags = tags;
  if (values.owner.trim() !== initial.owner.trim()) input.owner = values.owner.trim() || null;

  // A key can be expired on purpose through the API, but not by a slip of the date picker (readLimits refuses past days).
  if (expiryChanged && !errors.expiresAt) input.expiresAt = after.expiresAt ?? null;
  for (const [field] of NUMBER_FIELDS) {
    const value = after.numbers[field];
    if (value !== undefined && value !== before.numbers[field]) input[field] = value;
  }
  if (values.limits.budgetPeriod !== initial.limits.budgetPeriod) input.budgetPeriod = values.limits.budgetPeriod;
  for (const field of ["allowedModels", "allowedIps"] as const) {
    if (after.lists[field].join("\n") !== before.lists[field].join("\n")) input[field] = after.lists[field];
  }
  if (Object.keys(input).length === 0) return Object.keys(errors).length ? { ok: false, errors } : { ok: true, data: null };
  return finish(updateApiKeySchema, input, errors);
}
