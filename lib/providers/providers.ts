import "server-only";
import { createdFields, diffFields, writeAudit } from "@/lib/audit";
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

/** A provider's audited fields; its upstream key only as "(changed)", never even masked. */
const AUDITED = ["name", "kind", "baseUrl", "enabled", "allModels", "models", "priority", "weight", "modelAliases", "apiKey"] as const;
type Audited = Record<(typeof AUDITED)[number], unknown>;
const audited = (row: Record<string, unknown>, apiKeyCiphertext: string | null): Audited =>
  ({ ...Object.fromEntries(AUDITED.map((f) => [f, row[f]])), apiKey: apiKeyCiphertext }) as Audited;

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
  const secret = sealed(apiKey);
  const row = await db
    .$transaction(async (tx) => {
      const created = await tx.provider.create({ data: { ...data, ...secret }, select: publicSelect });
      const changes = createdFields(audited(created, secret.apiKeyCiphertext), AUDITED, ["apiKey"]);
      await writeAudit(tx, "provider.created", { type: "provider", id: created.id, label: created.name }, changes);
      return created;
    })
    .catch((error: unknown) => duplicateName(error, data.name));
  await invalidateCaches();
  return providerSchema.parse(row);
}

export async function updateProvider(id: string, input: UpdateProviderInput): Promise<Provider> {
  const { apiKey, ...data } = updateProviderSchema.parse(input);
  const db = await getDb();
  const current = await db.provider.findUnique({ where: { id }, select: { ...publicSelect, apiKeyCiphertext: true } });
  if (!current) throw new ApiError("not_found", `No provider with id ${id}`, "id");
  const aliases = data.modelAliases ?? (current.modelAliases as Record<string, string>);
  if (!(data.allModels ?? current.allModels) && (data.models ?? current.models).length === 0 && Object.keys(aliases).length === 0) {
    throw new ApiError("validation_error", "List at least one model or alias, or serve all models", "models");
  }
  const secret = apiKey === undefined ? {} : sealed(apiKey);
  const row = await db
    .$transaction(async (tx) => {
      const updated = await tx.provider.update({ where: { id }, data: { ...data, ...secret }, select: { ...publicSelect, apiKeyCiphertext: true } });
      const { apiKeyCiphertext, ...visible } = updated;
      // A new key is sealed with a fresh nonce, so any key sent shows as changed.
      const changes = diffFields(audited(current, current.apiKeyCiphertext), audited(visible, apiKeyCiphertext), AUDITED, ["apiKey"]);
      if (Object.keys(changes).length > 0) await writeAudit(tx, "provider.updated", { type: "provider", id, label: updated.name }, changes);
      return visible;
    })
    .catch((error: unknown) => duplicateName(error, data.name));
  await invalidateCaches();
  return providerSchema.parse(row);
}

export async function deleteProvider(id: string): Promise<void> {
  const db = await getDb();
  await db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ name: string }[]>`DELETE FROM "Provider" WHERE "id" = ${id} RETURNING "name"`;
    if (!rows[0]) throw new ApiError("not_found", `No provider with id ${id}`, "id");
    await writeAudit(tx, "provider.deleted", { type: "provider", id, label: rows[0].name });
  });
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
