import "server-only";
import { invalidateCaches } from "@/lib/cache/invalidation";
import { sealSecret } from "@/lib/crypto";
import { getDb } from "@/lib/db";
import { maskSecret } from "@/lib/api-keys/key-format";
import { Prisma } from "@/lib/generated/prisma/client";
import { ApiError } from "@/lib/http/errors";
import {
  createProviderSchema,
  providerSchema,
  updateProviderSchema,
  type CreateProviderInput,
  type Provider,
  type UpdateProviderInput,
} from "@/lib/providers/schemas";

const publicSelect = {
  id: true,
  name: true,
  kind: true,
  baseUrl: true,
  apiKeyDisplay: true,
  enabled: true,
  allModels: true,
  models: true,
  priority: true,
  weight: true,
  modelAliases: true,
  createdAt: true,
  updatedAt: true,
} as const satisfies Prisma.ProviderSelect;

function sealed(apiKey: string | null) {
  return apiKey ? { apiKeyCiphertext: sealSecret(apiKey), apiKeyDisplay: maskSecret(apiKey) } : { apiKeyCiphertext: null, apiKeyDisplay: null };
}

function duplicateName(error: unknown, name: string | undefined): never {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
    throw new ApiError("conflict", `A provider named "${name}" already exists`, "name");
  }
  throw error;
}

export async function listProviders(): Promise<Provider[]> {
  const db = await getDb();
  const rows = await db.provider.findMany({ select: publicSelect, orderBy: [{ priority: "asc" }, { createdAt: "asc" }] });
  return rows.map((r) => providerSchema.parse(r));
}

export async function getProviderOrThrow(id: string): Promise<Provider> {
  const db = await getDb();
  const row = await db.provider.findUnique({ where: { id }, select: publicSelect });
  if (!row) throw new ApiError("not_found", `No provider with id ${id}`, "id");
  return providerSchema.parse(row);
}

export async function createProvider(input: CreateProviderInput): Promise<Provider> {
  const { apiKey, ...data } = createProviderSchema.parse(input);
  const db = await getDb();
  const row = await db.provider
    .create({ data: { ...data, ...sealed(apiKey) }, select: publicSelect })
    .catch((error: unknown) => duplicateName(error, data.name));
  await invalidateCaches();
  return providerSchema.parse(row);
}

export async function updateProvider(id: string, input: UpdateProviderInput): Promise<Provider> {
  const { apiKey, ...data } = updateProviderSchema.parse(input);
  const db = await getDb();
  const current = await db.provider.findUnique({ where: { id }, select: { allModels: true, models: true, modelAliases: true } });
  if (!current) throw new ApiError("not_found", `No provider with id ${id}`, "id");
  const aliases = data.modelAliases ?? (current.modelAliases as Record<string, string>);
  if (!(data.allModels ?? current.allModels) && (data.models ?? current.models).length === 0 && Object.keys(aliases).length === 0) {
    throw new ApiError("validation_error", "List at least one model or alias, or serve all models", "models");
  }
  const row = await db.provider
    .update({ where: { id }, data: { ...data, ...(apiKey === undefined ? {} : sealed(apiKey)) }, select: publicSelect })
    .catch((error: unknown) => duplicateName(error, data.name));
  await invalidateCaches();
  return providerSchema.parse(row);
}

export async function deleteProvider(id: string): Promise<void> {
  const db = await getDb();
  const result = await db.provider.deleteMany({ where: { id } });
  if (result.count === 0) throw new ApiError("not_found", `No provider with id ${id}`, "id");
  await invalidateCaches();
}

export const ENV_PROVIDER_NAME = "Default upstream (UPSTREAM_BASE_URL)";

/** UPSTREAM_BASE_URL/UPSTREAM_API_KEY keep one provider in step with the environment. */
export async function seedProviderFromEnv(baseUrl: string, apiKey: string | undefined): Promise<void> {
  const db = await getDb();
  const existing = await db.provider.findUnique({ where: { name: ENV_PROVIDER_NAME }, select: { id: true } });
  const parsed = updateProviderSchema.parse({ baseUrl, apiKey: apiKey ?? null });
  const data = { baseUrl: parsed.baseUrl ?? baseUrl, ...sealed(parsed.apiKey ?? null) };
  if (existing) await db.provider.update({ where: { id: existing.id }, data });
  else await db.provider.create({ data: { name: ENV_PROVIDER_NAME, allModels: true, ...data } });
  await invalidateCaches();
}
