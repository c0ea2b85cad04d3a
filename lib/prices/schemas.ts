import { z } from "zod";
import { text } from "@/lib/validation/text";

export const MAX_USD_PER_MTOK = 100_000;

const pattern = text({ error: "Pattern is required: a model id, or a pattern with * such as gpt-4o*", label: "Pattern" })
  .trim()
  .min(1, "Pattern is required: a model id, or a pattern with * such as gpt-4o*")
  .max(200, "Pattern must be at most 200 characters")
  .regex(/^\S+$/, "Pattern cannot contain spaces (use * as the wildcard, e.g. gpt-4o*)");

/** A price in US dollars per 1M tokens. Forms send `undefined` for an empty field. */
const usdPerMTok = (label: string) =>
  z
    .number({
      error: (issue) =>
        issue.input === undefined ? `${label} is required (0 for free)` : `${label} must be a number of US dollars per 1M tokens`,
    })
    .min(0, `${label} cannot be negative`)
    .max(MAX_USD_PER_MTOK, `${label} must be at most $${MAX_USD_PER_MTOK.toLocaleString("en-US")} per 1M tokens`);

const inputUsdPerMTok = usdPerMTok("Input price");
const outputUsdPerMTok = usdPerMTok("Output price");

/** POST /api/prices: an admin's price for the models a pattern names, used before the shipped catalog. */
export const createModelPriceSchema = z.object({ pattern, inputUsdPerMTok, outputUsdPerMTok }).strict();
export type CreateModelPriceInput = z.input<typeof createModelPriceSchema>;

/** PATCH /api/prices/{id}: omitted fields stay as they are. */
export const updateModelPriceSchema = z
  .object({ pattern: pattern.optional(), inputUsdPerMTok: inputUsdPerMTok.optional(), outputUsdPerMTok: outputUsdPerMTok.optional() })
  .strict()
  .refine((v) => Object.values(v).some((x) => x !== undefined), "Give at least one field to change (pattern, inputUsdPerMTok or outputUsdPerMTok)");
export type UpdateModelPriceInput = z.input<typeof updateModelPriceSchema>;

export const modelPriceSchema = z.object({
  id: z.string(),
  pattern: z.string(),
  inputUsdPerMTok: z.number(),
  outputUsdPerMTok: z.number(),
  createdAt: z.coerce.date(),
  updatedAt: z.coerce.date(),
});
export type ModelPrice = z.infer<typeof modelPriceSchema>;

export const modelPriceListSchema = z.object({ items: z.array(modelPriceSchema) });
export type ModelPriceList = z.infer<typeof modelPriceListSchema>;

export const resolveModelPriceQuerySchema = z.object({
  model: z
    .string({ error: "Give the model id to look up, e.g. ?model=gpt-4o-mini" })
    .trim()
    .min(1, "Give the model id to look up, e.g. ?model=gpt-4o-mini")
    .max(200, "A model id must be at most 200 characters"),
});

/** The price the proxy would charge a model at, and where it comes from. */
export const resolvedModelPriceSchema = z.object({
  model: z.string(),
  inputUsdPerMTok: z.number(),
  outputUsdPerMTok: z.number(),
  /** "override": an admin's price (`matched` is its pattern); "catalog": the shipped table (`matched` is its id). */
  source: z.enum(["override", "catalog"]),
  matched: z.string(),
  maxOutputTokens: z.number().int().nullable(),
});
export type ResolvedModelPrice = z.infer<typeof resolvedModelPriceSchema>;

export const searchCatalogQuerySchema = z.object({
  search: text({ label: "Search" }).trim().max(200, "Search must be at most 200 characters").optional(),
  page: z.coerce.number({ error: "page must be a whole number from 1" }).int("page must be a whole number from 1").min(1, "page must be a whole number from 1").default(1),
  pageSize: z.coerce
    .number({ error: "pageSize must be a whole number from 1 to 100" })
    .int("pageSize must be a whole number from 1 to 100")
    .min(1, "pageSize must be a whole number from 1 to 100")
    .max(100, "pageSize must be a whole number from 1 to 100")
    .default(20),
});
export type SearchCatalogQuery = z.input<typeof searchCatalogQuerySchema>;

/** One model of one provider in the shipped price table. */
export const catalogModelSchema = z.object({
  id: z.string(),
  provider: z.string(),
  inputUsdPerMTok: z.number(),
  outputUsdPerMTok: z.number(),
  maxOutputTokens: z.number().int().nullable(),
});
export type CatalogModel = z.infer<typeof catalogModelSchema>;

export const catalogPageSchema = z.object({
  items: z.array(catalogModelSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type CatalogPage = z.infer<typeof catalogPageSchema>;
