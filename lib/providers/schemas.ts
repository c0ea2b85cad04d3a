import { z } from "zod";
import { hasControlChars, text } from "@/lib/validation/text";

const name = text({ error: "Name is required", label: "Name" }).trim().min(1, "Name is required").max(100, "Name must be at most 100 characters");
const baseUrl = text({ error: "Base URL is required", label: "Base URL" })
  .trim()
  .refine((v) => /^https?:\/\/[^\s/]+/.test(v) && URL.canParse(v), "Base URL must be an http(s) URL, e.g. https://api.openai.com/v1")
  // Everyone who can read providers (viewers too) sees the base URL: a credential belongs in API key.
  .refine((v) => !URL.canParse(v) || (new URL(v).username === "" && new URL(v).password === ""), "Base URL must not contain a user name or password: put the key in API key")
  .transform((v) => v.replace(/\/+$/, ""));
const apiKey = text({ label: "API key" })
  .trim()
  .max(1000, "API key is too long")
  .nullish()
  .transform((v) => (v ? v : null));
export const PROVIDER_KINDS = ["openai", "anthropic"] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];
const kind = z.enum(PROVIDER_KINDS, { error: 'Kind must be "openai" (OpenAI-compatible) or "anthropic"' });

const models = z
  .array(text({ label: "A model id" }).trim().min(1, "Model ids cannot be empty").max(200))
  .max(1000)
  .transform((list) => [...new Set(list)]);
const priority = z
  .number({ error: "Priority must be a number" })
  .int("Priority must be a whole number")
  .min(0, "Priority must be between 0 and 10000")
  .max(10_000, "Priority must be between 0 and 10000");
const weight = z
  .number({ error: "Weight must be a number" })
  .int("Weight must be a whole number")
  .min(1, "Weight must be between 1 and 1000")
  .max(1000, "Weight must be between 1 and 1000");

/** Why `name` cannot be a model name, or null. */
function badModelName(name: string): string | null {
  if (name === "") return "cannot be empty";
  if (name.length > 200) return "must be at most 200 characters";
  if (/\s/.test(name)) return "cannot contain spaces";
  if (hasControlChars(name)) return "cannot contain control characters such as NUL";
  return null;
}

/** Public model name → the provider's own model id. */
const modelAliases = z
  .record(z.string(), z.string({ error: "An alias's target must be a model id string" }), { error: 'Aliases must be an object like {"gpt-4o": "my-deployment"}' })
  .transform((v) => Object.fromEntries(Object.entries(v).map(([alias, target]) => [alias.trim(), target.trim()])))
  .superRefine((v, ctx) => {
    const entries = Object.entries(v);
    if (entries.length > 500) ctx.addIssue({ code: "custom", message: "At most 500 aliases per provider" });
    for (const [alias, target] of entries) {
      const aliasProblem = badModelName(alias);
      const targetProblem = badModelName(target);
      if (aliasProblem) ctx.addIssue({ code: "custom", path: [alias], message: `The alias "${alias}" ${aliasProblem}` });
      else if (targetProblem) ctx.addIssue({ code: "custom", path: [alias], message: `The model id for "${alias}" ${targetProblem}` });
    }
  });

const servesSomething = (v: { allModels?: boolean; models?: string[]; modelAliases?: Record<string, string> }) =>
  v.allModels !== false || (v.models?.length ?? 0) > 0 || Object.keys(v.modelAliases ?? {}).length > 0;

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
    weight: weight.default(1),
    modelAliases: modelAliases.default({}),
  })
  .strict()
  .refine(servesSomething, { message: "List at least one model or alias, or serve all models", path: ["models"] });
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
    weight: weight.optional(),
    modelAliases: modelAliases.optional(),
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
  weight: z.number().int(),
  modelAliases: z.record(z.string(), z.string()),
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
