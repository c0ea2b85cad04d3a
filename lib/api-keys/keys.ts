import "server-only";
import { createdFields, diffFields, writeAudit, type Changes } from "@/lib/audit";
import { invalidateCaches } from "@/lib/cache/invalidation";
import { openSecret, sealSecret, sha256Hex } from "@/lib/crypto";
import { getDb } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { ApiError } from "@/lib/http/errors";
import { generateApiKey, maskApiKey } from "@/lib/api-keys/key-format";
import { graceEndsAt, previousSecretOf, rotateApiKeySchema, type RotateApiKeyInput } from "@/lib/api-keys/rotation";
import { POLICY_SELECT } from "@/lib/api-keys/select";
import { periodStart } from "@/lib/policies/periods";
import { readSpends } from "@/lib/policies/spend";
import {
  apiKeyPageSchema,
  apiKeySchema,
  createApiKeySchema,
  createdApiKeySchema,
  listApiKeysQuerySchema,
  updateApiKeySchema,
  type ApiKey,
  type ApiKeyPage,
  type BudgetPeriod,
  type CreateApiKeyInput,
  type CreatedApiKey,
  type ListApiKeysQuery,
  type UpdateApiKeyInput,
} from "@/lib/api-keys/schemas";

const publicSelect = {
  id: true,
  name: true,
  description: true,
  display: true,
  enabled: true,
  usageCount: true,
  lastUsedAt: true,
  createdAt: true,
  updatedAt: true,
  tags: true,
  owner: true,
  previousDisplay: true,
  previousExpiresAt: true,
  rotatedAt: true,
  ...POLICY_SELECT,
} as const satisfies Prisma.ApiKeySelect;

type KeyRow = Prisma.ApiKeyGetPayload<{ select: typeof publicSelect }>;

function statusFilter(status: ListApiKeysQuery["status"]): Prisma.ApiKeyWhereInput {
  const now = new Date();
  switch (status) {
    case "enabled":
      return { enabled: true };
    case "disabled":
      return { enabled: false };
    case "expired":
      return { expiresAt: { lte: now } };
    case "limited":
      // Any limit at all: rates, concurrency, allowlists, budgets or an expiry.
      return {
        OR: [
          { rpmLimit: { not: null } },
          { tpmLimit: { not: null } },
          { maxConcurrent: { not: null } },
          { tokenBudget: { not: null } },
          { costBudgetUsd: { not: null } },
          { allowedModels: { isEmpty: false } },
          { allowedIps: { isEmpty: false } },
          { expiresAt: { not: null } },
        ],
      };
    default:
      return {};
  }
}

/** The row as the API shows it: the previous secret only while it is accepted, never its hash. */
function withPrevious<T extends KeyRow>({ previousDisplay, previousExpiresAt, ...rest }: T) {
  return { ...rest, previousSecret: previousSecretOf({ previousDisplay, previousExpiresAt }) };
}

/** Adds each budgeted key's share of its tightest budget spent this period (what the logs say). */
async function withBudgetUsed<T extends KeyRow>(rows: T[]): Promise<(T & { budgetUsed: number | null })[]> {
  const budgeted = rows.filter((r) => r.tokenBudget !== null || r.costBudgetUsd !== null);
  const now = Date.now();
  const spends = await readSpends(budgeted.map((r) => ({ id: r.id, period: r.budgetPeriod, periodStart: periodStart(r.budgetPeriod as BudgetPeriod, now) })));
  return rows.map((r) => {
    if (r.tokenBudget === null && r.costBudgetUsd === null) return { ...r, budgetUsed: null };
    const spend = spends.get(r.id) ?? { tokens: 0, costNanoUsd: 0 };
    const shares = [
      r.tokenBudget !== null ? spend.tokens / r.tokenBudget : 0,
      r.costBudgetUsd !== null ? spend.costNanoUsd / 1e9 / r.costBudgetUsd : 0,
    ];
    return { ...r, budgetUsed: Math.max(...shares) };
  });
}

/** What a key's audit entries record: its settings and policies, never its secret (the masked display only). */
const AUDITED = ["name", "description", "enabled", "tags", "owner", ...(Object.keys(POLICY_SELECT) as (keyof typeof POLICY_SELECT)[])] as const;
type Audited = Pick<KeyRow, (typeof AUDITED)[number]>;

/** An update's action: enabling or disabling alone is its own action; anything else is an update. */
function updateAction(changes: Changes): "key.enabled" | "key.disabled" | "key.updated" {
  const fields = Object.keys(changes);
  if (fields.length === 1 && fields[0] === "enabled") return changes.enabled?.to ? "key.enabled" : "key.disabled";
  return "key.updated";
}

function notFound(id: string): ApiError {
  return new ApiError("not_found", `No API key with id ${id}`, "id");
}

export async function createApiKey(input: CreateApiKeyInput): Promise<CreatedApiKey> {
  const { name, description, tags, owner, ...policy } = createApiKeySchema.parse(input);
  const key = generateApiKey();
  const db = await getDb();
  const row = await db.$transaction(async (tx) => {
    const created = await tx.apiKey.create({
      data: { name, description, tags, owner, ...policy, hash: sha256Hex(key), ciphertext: sealSecret(key), display: maskApiKey(key) },
      select: publicSelect,
    });
    const changes = createdFields<Audited>(created, AUDITED);
    await writeAudit(tx, "key.created", { type: "key", id: created.id, label: created.name }, { ...changes, display: { from: null, to: created.display } });
    return created;
  });
  await invalidateCaches();
  const budgetUsed = row.tokenBudget !== null || row.costBudgetUsd !== null ? 0 : null;
  return createdApiKeySchema.parse({ ...withPrevious(row), key, budgetUsed });
}

export async function listApiKeys(query: ListApiKeysQuery = {}): Promise<ApiKeyPage> {
  const { page, pageSize, search, status, tag, owner } = listApiKeysQuerySchema.parse(query);
  const where: Prisma.ApiKeyWhereInput = {
    // Prisma passes `contains` to ILIKE as is: escape its wildcards so "team_a" does not match "teamXa".
    ...(search ? { name: { contains: search.replace(/[\\%_]/g, "\\$&"), mode: "insensitive" } } : {}),
    ...statusFilter(status),
    ...(tag ? { tags: { has: tag } } : {}),
    ...(owner ? { owner: { equals: owner, mode: "insensitive" } } : {}),
  };
  const db = await getDb();
  const [items, total] = await Promise.all([
    db.apiKey.findMany({
      where,
      select: publicSelect,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (page - 1) * pageSize,
      take: pageSize,
    }),
    db.apiKey.count({ where }),
  ]);
  return apiKeyPageSchema.parse({ items: (await withBudgetUsed(items)).map(withPrevious), total, page, pageSize });
}

export async function getApiKeyOrThrow(id: string): Promise<ApiKey> {
  const db = await getDb();
  const row = await db.apiKey.findUnique({ where: { id }, select: publicSelect });
  if (!row) throw notFound(id);
  const [withUsed] = await withBudgetUsed([row]);
  return apiKeySchema.parse(withUsed && withPrevious(withUsed));
}

/** A key's policy columns alone (its limits page reads its use from the counters, not the list's budget share). */
export async function getApiKeyPolicyOrThrow(id: string) {
  const db = await getDb();
  const row = await db.apiKey.findUnique({ where: { id }, select: { id: true, ...POLICY_SELECT } });
  if (!row) throw notFound(id);
  return row;
}

/** The full key, for an admin who asked to view or copy it (each time in the audit log). */
export async function revealApiKey(id: string, purpose: "view" | "copy" = "view"): Promise<{ id: string; key: string }> {
  const db = await getDb();
  const row = await db.apiKey.findUnique({ where: { id }, select: { id: true, name: true, ciphertext: true } });
  if (!row) throw notFound(id);
  let key: string;
  try {
    key = openSecret(row.ciphertext);
  } catch {
    throw new ApiError("internal_error", "This key cannot be decrypted: APP_SECRET has changed since it was created");
  }
  await writeAudit(db, purpose === "copy" ? "key.copied" : "key.revealed", { type: "key", id: row.id, label: row.name });
  return { id: row.id, key };
}

export async function updateApiKey(id: string, input: UpdateApiKeyInput): Promise<ApiKey> {
  const data = updateApiKeySchema.parse(input);
  const db = await getDb();
  await db.$transaction(async (tx) => {
    // Locked while it changes, so "before" is what this update replaced.
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT "id" FROM "ApiKey" WHERE "id" = ${id} FOR UPDATE`;
    if (locked.length === 0) throw notFound(id);
    const before = await tx.apiKey.findUniqueOrThrow({ where: { id }, select: publicSelect });
    const after = await tx.apiKey.update({ where: { id }, data, select: publicSelect });
    const changes = diffFields<Audited>(before, after, AUDITED);
    if (Object.keys(changes).length > 0) await writeAudit(tx, updateAction(changes), { type: "key", id, label: after.name }, changes);
  });
  await invalidateCaches();
  return getApiKeyOrThrow(id);
}

/**
 * A new secret for the same key (same id, name, policies and usage), returned once like a new key.
 * The secret it replaces stays accepted for `gracePeriodSeconds` (0: refused at once); a rotation
 * during a grace period replaces that previous secret, so there is only ever one.
 */
export async function rotateApiKey(id: string, input: RotateApiKeyInput): Promise<CreatedApiKey> {
  const { gracePeriodSeconds } = rotateApiKeySchema.parse(input);
  const db = await getDb();
  // Compare-and-swap on the current hash: two rotations at once cannot both move the same secret.
  for (let attempt = 0; attempt < 5; attempt++) {
    const current = await db.apiKey.findUnique({ where: { id }, select: { hash: true, display: true, name: true, previousDisplay: true, previousExpiresAt: true } });
    if (!current) throw notFound(id);
    const key = generateApiKey();
    const now = Date.now();
    const endsAt = graceEndsAt(gracePeriodSeconds, now);
    const previous = endsAt
      ? { previousHash: current.hash, previousDisplay: current.display, previousExpiresAt: endsAt }
      : { previousHash: null, previousDisplay: null, previousExpiresAt: null };
    const rotated = await db.$transaction(async (tx) => {
      const result = await tx.apiKey.updateMany({
        where: { id, hash: current.hash },
        data: { hash: sha256Hex(key), ciphertext: sealSecret(key), display: maskApiKey(key), rotatedAt: new Date(now), ...previous },
      });
      if (result.count === 0) return false;
      // The masked secrets only; a grace period that was running ends with this rotation.
      await writeAudit(tx, "key.rotated", { type: "key", id, label: current.name }, {
        display: { from: current.display, to: maskApiKey(key) },
        gracePeriodSeconds,
        previousValidUntil: endsAt ? endsAt.toISOString() : null,
        ...(current.previousDisplay && current.previousExpiresAt && current.previousExpiresAt.getTime() > now ? { endedGraceOf: current.previousDisplay } : {}),
      });
      return true;
    });
    if (!rotated) continue;
    await invalidateCaches();
    return createdApiKeySchema.parse({ ...(await getApiKeyOrThrow(id)), key });
  }
  throw new ApiError("conflict", "The key is being rotated by another request: try again", "id");
}

/** Ends a rotation's grace period now: the previous secret is refused from the next request on. */
export async function endGrace(id: string): Promise<ApiKey> {
  const db = await getDb();
  await db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ name: string; previousDisplay: string | null; previousExpiresAt: Date | null }[]>`
      SELECT "name", "previousDisplay", "previousExpiresAt" FROM "ApiKey" WHERE "id" = ${id} FOR UPDATE`;
    const row = rows[0];
    if (!row) throw notFound(id);
    await tx.apiKey.update({ where: { id }, data: { previousHash: null, previousDisplay: null, previousExpiresAt: null } });
    // Only a grace period still running is ended: ending none records nothing.
    if (row.previousDisplay && row.previousExpiresAt && row.previousExpiresAt.getTime() > Date.now()) {
      await writeAudit(tx, "key.grace_ended", { type: "key", id, label: row.name }, { previousSecret: row.previousDisplay, wasValidUntil: row.previousExpiresAt.toISOString() });
    }
  });
  await invalidateCaches();
  return getApiKeyOrThrow(id);
}

/** Permanent: applications using the key lose access on their next request. */
export async function deleteApiKey(id: string): Promise<void> {
  const db = await getDb();
  await db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ name: string; display: string }[]>`DELETE FROM "ApiKey" WHERE "id" = ${id} RETURNING "name", "display"`;
    const row = rows[0];
    if (!row) throw notFound(id);
    await writeAudit(tx, "key.deleted", { type: "key", id, label: row.name }, { display: row.display });
  });
  await invalidateCaches();
}

export async function countApiKeys(): Promise<number> {
  const db = await getDb();
  return db.apiKey.count();
}
