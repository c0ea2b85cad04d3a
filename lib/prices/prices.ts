import "server-only";
import { createdFields, diffFields, writeAudit } from "@/lib/audit";
import { invalidateCaches } from "@/lib/cache/invalidation";
import { getDb } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { ApiError } from "@/lib/http/errors";
import { getPriceBook } from "@/lib/prices/book";
import { loadCatalogList } from "@/lib/prices/catalog";
import { comparePatterns } from "@/lib/prices/precedence";
import {
  catalogPageSchema,
  createModelPriceSchema,
  modelPriceSchema,
  resolvedModelPriceSchema,
  resolveModelPriceQuerySchema,
  searchCatalogQuerySchema,
  updateModelPriceSchema,
  type CatalogPage,
  type CreateModelPriceInput,
  type ModelPrice,
  type ResolvedModelPrice,
  type SearchCatalogQuery,
  type UpdateModelPriceInput,
} from "@/lib/prices/schemas";

const publicSelect = {
  id: true,
  pattern: true,
  inputUsdPerMTok: true,
  outputUsdPerMTok: true,
  createdAt: true,
  updatedAt: true,
} as const satisfies Prisma.ModelPriceSelect;

const AUDITED = ["pattern", "inputUsdPerMTok", "outputUsdPerMTok"] as const;

function notFound(id: string): ApiError {
  return new ApiError("not_found", `No price override with id ${id}`, "id");
}

function rethrow(error: unknown, id: string | null, pattern: string | undefined): never {
  if (error instanceof Prisma.PrismaClientKnownRequestError) {
    if (error.code === "P2002") throw new ApiError("conflict", `A price for "${pattern}" already exists: edit that one instead`, "pattern");
    if (error.code === "P2025" && id !== null) throw notFound(id);
  }
  throw error;
}

/** The admin's overrides, in the order the proxy tries them (exact ids, then wildcards longest first). */
export async function listModelPrices(): Promise<ModelPrice[]> {
  const db = await getDb();
  const rows = await db.modelPrice.findMany({ select: publicSelect });
  return rows.sort((a, b) => comparePatterns(a.pattern, b.pattern)).map((r) => modelPriceSchema.parse(r));
}

export async function createModelPrice(input: CreateModelPriceInput): Promise<ModelPrice> {
  const data = createModelPriceSchema.parse(input);
  const db = await getDb();
  const row = await db
    .$transaction(async (tx) => {
      const created = await tx.modelPrice.create({ data, select: publicSelect });
      await writeAudit(tx, "price.created", { type: "price", id: created.id, label: created.pattern }, createdFields(created, AUDITED));
      return created;
    })
    .catch((error: unknown) => rethrow(error, null, data.pattern));
  await invalidateCaches();
  return modelPriceSchema.parse(row);
}

export async function updateModelPrice(id: string, input: UpdateModelPriceInput): Promise<ModelPrice> {
  const data = updateModelPriceSchema.parse(input);
  const db = await getDb();
  const row = await db
    .$transaction(async (tx) => {
      const before = await tx.modelPrice.findUnique({ where: { id }, select: publicSelect });
      if (!before) throw notFound(id);
      const after = await tx.modelPrice.update({ where: { id }, data, select: publicSelect });
      const changes = diffFields(before, after, AUDITED);
      if (Object.keys(changes).length > 0) await writeAudit(tx, "price.updated", { type: "price", id, label: after.pattern }, changes);
      return after;
    })
    .catch((error: unknown) => rethrow(error, id, data.pattern));
  await invalidateCaches();
  return modelPriceSchema.parse(row);
}

/** The models it priced fall back to the next matching override, or to the shipped catalog. */
export async function deleteModelPrice(id: string): Promise<void> {
  const db = await getDb();
  await db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ pattern: string }[]>`DELETE FROM "ModelPrice" WHERE "id" = ${id} RETURNING "pattern"`;
    if (!rows[0]) throw notFound(id);
    await writeAudit(tx, "price.deleted", { type: "price", id, label: rows[0].pattern });
  });
  await invalidateCaches();
}

/** The price the proxy charges `model` at (the same price book), or 404 when nothing prices it. */
export async function resolveModelPrice(model: string): Promise<ResolvedModelPrice> {
  const { model: id } = resolveModelPriceQuerySchema.parse({ model });
  const price = (await getPriceBook()).lookup(id);
  if (!price) {
    throw new ApiError(
      "model_not_found",
      `The model \`${id}\` has no price: it is not in the shipped catalog and no override matches it, so Keygate records no cost for its requests, and keys with a cost budget are refused it. ` +
        `Add a price under Models & pricing, or with POST /api/prices {"pattern": "${id}", "inputUsdPerMTok": …, "outputUsdPerMTok": …}.`,
      "model",
    );
  }
  return resolvedModelPriceSchema.parse({ model: id, ...price });
}

/** One page of the shipped price table; `search` matches `provider/id` anywhere, ignoring case. */
export async function searchCatalog(query: SearchCatalogQuery = {}): Promise<CatalogPage> {
  const { search, page, pageSize } = searchCatalogQuerySchema.parse(query);
  const list = await loadCatalogList();
  let matches = list;
  if (search) {
    const needle = search.toLowerCase();
    // Exact ids first, then ids that start with the search, then the rest: "gpt-4o" lists gpt-4o before gpt-4o-mini.
    const rank = (id: string) => (id === needle ? 0 : id.startsWith(needle) ? 1 : 2);
    matches = list
      .filter((m) => `${m.provider}/${m.id}`.toLowerCase().includes(needle))
      .map((m, index) => ({ m, index, rank: rank(m.id.toLowerCase()) }))
      .sort((a, b) => a.rank - b.rank || a.index - b.index)
      .map(({ m }) => m);
  }
  const items = matches.slice((page - 1) * pageSize, page * pageSize);
  return catalogPageSchema.parse({ items, total: matches.length, page, pageSize });
}
