import { z } from "zod";

const name = z.string({ error: "Name is required" }).trim().min(1, "Name is required").max(100, "Name must be at most 100 characters");
const baseUrl = z
  .string({ error: "Base URL is required" })
  .trim()
  .refine((v) => /^https?:\/\/[^\s/]+/.test(v) && URL.canParse(v), "Base URL must be an http(s) URL, e.g. https://api.openai.com/v1")
  .transform((v) => v.replace(/\/+$/, ""));
const apiKey = z
  .string()
  .trim()
  .max(1000, "API key is too long")
  .nullish()
  .transform((v) => (v ? v : null));
export const PROVIDER_KINDS = ["openai", "anthropic"] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];
const kind = z.enum(PROVIDER_KINDS, { error: 'Kind must be "openai" (OpenAI-compatible) or "anthropic"' });

const models = z
  .array(z.string().trim().min(1, "Model ids cannot be empty").max(200))
  .max(1000)
  .transform((list) => [...new Set(list)]);
const priority = z
  .number({ error: "Priority must be a number" })
  .int("Priority must be a whole number")
  .min(0, "Priority must be between 0 and 10000")
  .max(10_000, "Priority must be between 0 and 10000");

export const createProviderSchema = z
  .object({
    name,
    kind: kind.default("openai"),
    baseUrl,
    apiKey,
    enabled: z.boolean().default(true),
    allModels: z.boolean().default(true),
    models: models.default([]),
    priority: priority.default(100),
  })
  .strict()
  .refine((v) => v.allModels || v.models.length > 0, { message: "List at least one model, or serve all models", path: ["models"] });
export type CreateProviderInput = z.input<typeof createProviderSchema>;

export const updateProviderSchema = z
  .object({
    name: name.optional(),
    kind: kind.optional(),
    baseUrl: baseUrl.optional(),
    /** Omitted: keep the stored key. null or "": remove it. */
    apiKey: apiKey.optional(),
    enabled: z.boolean().optional(),
    allModels: z.boolean().optional(),
    models: models.optional(),
    priority: priority.optional(),
  })
  .strict()
  .refine((v) => Object.values(v).some((x) => x !== undefined), "Give at least one field to change");
export type UpdateProviderInput = z.input<typeof updateProviderSchema>;

export const testConnectionSchema = z.object({ kind: kind.default("openai"), baseUrl, apiKey }).strict();
export type TestConnectionInput = z.input<typeof testConnectionSchema>;

/** A provider as the API shows it: the upstream key only in masked form. */
export const providerSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(PROVIDER_KINDS),
  baseUrl: z.string(),
  apiKeyDisplay: z.string().nullable(),
  enabled: z.boolean(),
  allModels: z.boolean(),
  models: z.array(z.string()),
  priority: z.number().int(),
  createdAt: z.coerce.date(),
  updatedAt: z.coerce.date(),
});
export type Provider = z.infer<typeof providerSchema>;

export const connectionResultSchema = z.object({
  ok: z.boolean(),
  status: z.number().int().nullable(),
  latencyMs: z.number().int(),
  models: z.array(z.string()),
  error: z.string().nullable(),
});
export type ConnectionResult = z.infer<typeof connectionResultSchema>;
