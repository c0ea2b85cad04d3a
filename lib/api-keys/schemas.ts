import { z } from "zod";
import { text } from "@/lib/validation/text";
import { parseIpEntry } from "@/lib/policies/patterns";
import { ownerSchema, tagFilterSchema, tagsSchema } from "@/lib/api-keys/tags";

const name = text({ error: "Name is required", label: "Name" })
  .trim()
  .min(1, "Name is required")
  .max(100, "Name must be at most 100 characters");
const description = text({ label: "Description", multiline: true })
  .trim()
  .max(500, "Description must be at most 500 characters")
  .nullish()
  .transform((v) => (v ? v : null));

export const BUDGET_PERIODS = ["total", "day", "week", "month"] as const;
export type BudgetPeriod = (typeof BUDGET_PERIODS)[number];

const MAX_COUNT = 1_000_000_000;
/** A limit: a positive whole number, or null for none. 0 is refused: disable the key to block it. */
const limit = (label: string, max = MAX_COUNT) =>
  z
    .number({ error: `${label} must be a number, or null for no limit` })
    .int(`${label} must be a whole number`)
    .positive(`${label} must be at least 1 (to block the key, disable it)`)
    .max(max, `${label} must be at most ${max.toLocaleString("en-US")}`)
    .nullable();

const tokenBudget = z
  .number({ error: "Token budget must be a number, or null for no budget" })
  .int("Token budget must be a whole number of tokens")
  .positive("Token budget must be at least 1 (to block the key, disable it)")
  .max(1e15, "Token budget must be at most 1,000,000,000,000,000")
  .nullable();

const costBudgetUsd = z
  .number({ error: "Cost budget must be a number of US dollars, or null for no budget" })
  .positive("Cost budget must be more than $0 (to block the key, disable it)")
  .max(1e9, "Cost budget must be at most $1,000,000,000")
  .refine((v) => Math.abs(v * 1e6 - Math.round(v * 1e6)) < 1e-6, "Cost budget can have at most 6 decimals")
  .nullable();

const expiresAt = z
  .union([z.iso.datetime({ offset: true, error: "Expiry must be an ISO 8601 time, e.g. 2027-01-31T00:00:00Z" }), z.date()], {
    error: "Expiry must be an ISO 8601 time, e.g. 2027-01-31T00:00:00Z, or null for never",
  })
  .transform((v) => new Date(v))
  .nullable();

const dedupe = (list: string[]) => [...new Set(list)];

const allowedModels = z
  .array(
    text({ error: "Each model must be a string", label: "A model id" })
      .trim()
      .min(1, "A model id cannot be empty")
      .max(200, "A model id must be at most 200 characters")
      .regex(/^[^\s]+$/, "A model id cannot contain spaces"),
    { error: "Allowed models must be a list of model ids" },
  )
  .max(200, "At most 200 allowed models")
  .transform(dedupe);

const allowedIps = z
  .array(
    text({ error: "Each address must be a string", label: "An address" })
      .trim()
      .refine((v) => parseIpEntry(v) !== null, { error: (issue) => `"${String(issue.input)}" is not an IP address or CIDR range (e.g. 203.0.113.7, 10.0.0.0/8, 2001:db8::/32)` }),
    { error: "Allowed IPs must be a list of addresses and CIDR ranges" },
  )
  .max(500, "At most 500 allowed addresses")
  .transform(dedupe);

/** The policy fields of a key, as POST /api/keys and PATCH /api/keys/{id} take them. */
export const keyPolicyShape = {
  expiresAt,
  rpmLimit: limit("Requests per minute"),
  tpmLimit: limit("Tokens per minute", 2_000_000_000),
  maxConcurrent: limit("Concurrent requests", 100_000),
  budgetPeriod: z.enum(BUDGET_PERIODS, { error: 'Budget period must be "total", "day", "week" or "month"' }),
  tokenBudget,
  costBudgetUsd,
  allowedModels,
  allowedIps,
};
export const POLICY_FIELDS = Object.keys(keyPolicyShape) as (keyof typeof keyPolicyShape)[];

const optionalPolicy = Object.fromEntries(Object.entries(keyPolicyShape).map(([k, v]) => [k, v.optional()])) as {
  [K in keyof typeof keyPolicyShape]: z.ZodOptional<(typeof keyPolicyShape)[K]>;
};

export const createApiKeySchema = z
  .object({ name, description, tags: tagsSchema.optional(), owner: ownerSchema, ...optionalPolicy })
  .strict()
  .refine((v) => !(v.expiresAt instanceof Date) || v.expiresAt.getTime() > Date.now(), { message: "Expiry must be in the future", path: ["expiresAt"] });
export type CreateApiKeyInput = z.input<typeof createApiKeySchema>;

export const updateApiKeySchema = z
  // Omitted fields stay as they are: `description` absent is no change, null or "" clears it.
  .object({
    name: name.optional(),
    description: description.optional(),
    enabled: z.boolean().optional(),
    tags: tagsSchema.optional(),
    owner: ownerSchema.optional(),
    ...optionalPolicy,
  })
  .strict()
  .refine((v) => Object.values(v).some((x) => x !== undefined), "Give at least one field to change (name, description, enabled, tags, owner or a limit)");
export type UpdateApiKeyInput = z.input<typeof updateApiKeySchema>;

export const listApiKeysQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
  search: text({ label: "Search" }).trim().max(100).optional(),
  status: z.enum(["all", "enabled", "disabled", "expired", "limited"]).default("all"),
  /** Keys carrying this tag (exact, case-insensitive). */
  tag: tagFilterSchema.optional(),
  /** Keys of this owner (exact, case-insensitive). */
  owner: text({ label: "Owner" }).trim().min(1).max(200).optional(),
});
export type ListApiKeysQuery = z.input<typeof listApiKeysQuerySchema>;

/** What the API returns for a key: never the hash, never the ciphertext. */
export const apiKeySchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  display: z.string(),
  enabled: z.boolean(),
  usageCount: z.number().int(),
  lastUsedAt: z.coerce.date().nullable(),
  createdAt: z.coerce.date(),
  updatedAt: z.coerce.date(),
  expiresAt: z.coerce.date().nullable(),
  rpmLimit: z.number().int().nullable(),
  tpmLimit: z.number().int().nullable(),
  maxConcurrent: z.number().int().nullable(),
  budgetPeriod: z.enum(BUDGET_PERIODS),
  tokenBudget: z.number().nullable(),
  costBudgetUsd: z.number().nullable(),
  allowedModels: z.array(z.string()),
  allowedIps: z.array(z.string()),
  tags: z.array(z.string()),
  owner: z.string().nullable(),
  /** The secret a rotation replaced, while it is still accepted (its grace period); null otherwise. */
  previousSecret: z.object({ display: z.string(), expiresAt: z.coerce.date() }).nullable().default(null),
  /** When the current secret was issued by a rotation; null: it is the key's first secret. */
  rotatedAt: z.coerce.date().nullable().default(null),
  /** Share of the tightest budget spent this period (as the request logs say), 0–1+; null without a budget. */
  budgetUsed: z.number().nullable().optional(),
});
export type ApiKey = z.infer<typeof apiKeySchema>;

export const createdApiKeySchema = apiKeySchema.extend({ key: z.string() });
export type CreatedApiKey = z.infer<typeof createdApiKeySchema>;

export const apiKeyPageSchema = z.object({
  items: z.array(apiKeySchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type ApiKeyPage = z.infer<typeof apiKeyPageSchema>;

/** Why a full key is fetched: to show it, or to copy it. */
export const revealQuerySchema = z.object({ purpose: z.enum(["view", "copy"], { error: "purpose is view or copy" }).default("view") });
