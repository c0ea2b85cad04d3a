import { z } from "zod";

const name = z
  .string({ error: "Name is required" })
  .trim()
  .min(1, "Name is required")
  .max(100, "Name must be at most 100 characters");
const description = z
  .string()
  .trim()
  .max(500, "Description must be at most 500 characters")
  .nullish()
  .transform((v) => (v ? v : null));

export const createApiKeySchema = z.object({ name, description }).strict();
export type CreateApiKeyInput = z.input<typeof createApiKeySchema>;

export const updateApiKeySchema = z
  // Optional outside the transform: a PATCH that leaves out the description (the status switch) keeps it.
  .object({ name: name.optional(), description: description.optional(), enabled: z.boolean().optional() })
  .strict()
  .refine((v) => Object.values(v).some((x) => x !== undefined), "Give at least one of name, description, enabled");
export type UpdateApiKeyInput = z.input<typeof updateApiKeySchema>;

export const listApiKeysQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
  search: z.string().trim().max(100).optional(),
  status: z.enum(["all", "enabled", "disabled"]).default("all"),
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
