import "server-only";
import { getDb } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { ApiError } from "@/lib/http/errors";
import { isBigintId } from "@/lib/validation/text";
import { resolveRange } from "@/lib/usage/range";
import { keyTagFilterSql } from "@/lib/usage/tag-sql";
import { logQuerySchema, type LogQuery, type RequestLogEntry, type RequestLogPage } from "@/lib/usage/schemas";

type Row = Omit<RequestLogEntry, "id" | "createdAt"> & { id: bigint; createdAt: Date };

const COLUMNS = Prisma.sql`l."id", l."createdAt", l."apiKeyId", k."name" AS "apiKeyName", l."endpoint", l."model",
  l."providerId", l."providerName", l."status", l."errorCode", l."errorMessage", l."stream", l."latencyMs", l."ttfbMs",
  l."promptTokens", l."completionTokens", l."totalTokens", l."costUsd", l."attempts", l."secret"`;

function toEntry(row: Row): RequestLogEntry {
  return { ...row, id: String(row.id), createdAt: row.createdAt.toISOString() };
}

const STATUS_SQL = {
  "2xx": Prisma.sql` AND l."status" BETWEEN 200 AND 299 AND l."errorCode" IS NULL`,
  "4xx": Prisma.sql` AND l."status" BETWEEN 400 AND 499`,
  "5xx": Prisma.sql` AND l."status" >= 500`,
  error: Prisma.sql` AND (l."status" >= 400 OR l."errorCode" IS NOT NULL)`,
} as const;

/** WHERE clause of the explorer's filters (without the cursor). Exact times: raw logs are not bucketed. */
export function logWhereSql(query: LogQuery): Prisma.Sql {
  const q = logQuerySchema.parse(query);
  const range = q.range === "custom" && q.from && q.to ? { from: q.from, to: q.to } : resolveRange(q);
  return Prisma.join(
    [
      Prisma.sql`l."createdAt" >= ${range.from} AND l."createdAt" < ${range.to}`,
      q.keyId ? Prisma.sql` AND l."apiKeyId" = ${q.keyId}` : Prisma.empty,
      q.model ? Prisma.sql` AND l."model" = ${q.model}` : Prisma.empty,
      keyTagFilterSql(Prisma.sql`l."apiKeyId"`, q.tag),
      q.endpoint ? Prisma.sql` AND l."endpoint" = ${q.endpoint}` : Prisma.empty,
      q.stream === undefined ? Prisma.empty : Prisma.sql` AND l."stream" = ${q.stream}`,
      q.status ? STATUS_SQL[q.status] : Prisma.empty,
    ],
    "",
  );
}

export function logCursorSql(cursor: string | undefined): Prisma.Sql {
  if (!cursor) return Prisma.empty;
  const [ms, id] = cursor.split(".");
  return Prisma.sql` AND (l."createdAt", l."id") < (${new Date(Number(ms))}, ${BigInt(id ?? "0")})`;
}

const encodeCursor = (row: Row) => `${row.createdAt.getTime()}.${row.id}`;

/** Newest first, keyset-paged: as fast 10,000 rows deep as on the first page. */
export async function listRequestLogs(query: LogQuery): Promise<RequestLogPage> {
  const { limit, cursor } = logQuerySchema.parse(query);
  const db = await getDb();
  const rows = await db.$queryRaw<Row[]>`
    SELECT ${COLUMNS} FROM "RequestLog" l LEFT JOIN "ApiKey" k ON k."id" = l."apiKeyId"
    WHERE ${logWhereSql(query)} ${logCursorSql(cursor)}
    ORDER BY l."createdAt" DESC, l."id" DESC LIMIT ${limit + 1}`;
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { items: page.map(toEntry), nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}

export async function getRequestLogOrThrow(id: string): Promise<RequestLogEntry> {
  if (!isBigintId(id)) throw new ApiError("not_found", `No request with id ${id}`, "id");
  const db = await getDb();
  const rows = await db.$queryRaw<Row[]>`
    SELECT ${COLUMNS} FROM "RequestLog" l LEFT JOIN "ApiKey" k ON k."id" = l."apiKeyId" WHERE l."id" = ${BigInt(id)}`;
  const row = rows[0];
  if (!row) throw new ApiError("not_found", `No request with id ${id}`, "id");
  return toEntry(row);
}
