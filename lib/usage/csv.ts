import "server-only";
import { getDb, rawQuery } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { logCursorSql, logWhereSql } from "@/lib/usage/logs";
import { resolveRange } from "@/lib/usage/range";
import { keyTagFilterSql } from "@/lib/usage/tag-sql";
import { usageFilterSchema, type LogQuery, type UsageFilter } from "@/lib/usage/schemas";
import { usdCsv } from "@/lib/usage/usd";
import { csvLine, csvStream } from "@/lib/http/csv";

const LOG_COLUMNS = [
  "id", "createdAt", "apiKeyId", "apiKeyName", "secret", "endpoint", "model", "providerName", "status", "errorCode",
  "stream", "latencyMs", "ttfbMs", "promptTokens", "completionTokens", "totalTokens", "costUsd",
] as const;

// csvField's rules in SQL: text is defused against formulas, then quoted when needed.
const TEXT_COLUMNS = new Set<string>(["apiKeyId", "apiKeyName", "secret", "endpoint", "model", "providerName", "errorCode"]);
const quoted = (x: string) => `(CASE WHEN ${x} ~ '[",\\r\\n]' THEN '"' || replace(${x}, '"', '""') || '"' ELSE ${x} END)`;
const defused = (x: string) => `(CASE WHEN ${x} ~ '^[=+\\-@\\t\\r]' THEN '''' || ${x} ELSE ${x} END)`;

function csvFieldSql(column: (typeof LOG_COLUMNS)[number]): string {
  const x = `p."${column}"`;
  if (column === "createdAt") return `to_char(${x}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
  if (TEXT_COLUMNS.has(column)) return `COALESCE(${quoted(defused(x))}, '')`;
  // A plain decimal to the nano-dollar, as usdCsv writes it: float8::text would write 1.5e-05.
  if (column === "costUsd") return `COALESCE(trim_scale(round(${x}::numeric, 9))::text, '')`;
  return `COALESCE(${x}::text, '')`;
}

const LOG_LINE = Prisma.raw(`concat_ws(',', ${LOG_COLUMNS.map(csvFieldSql).join(", ")}) || E'\\r\\n'`);

/**
 * The filtered log as CSV text, newest first, a page at a time. The database writes the lines (one
 * string per page), so a million-row export allocates next to nothing in the server.
 */
async function* requestLogCsvPages(query: LogQuery, pageSize = 500): AsyncGenerator<string> {
  const where = logWhereSql(query);
  let cursor: string | undefined;
  for (;;) {
    const statement = Prisma.sql`
      WITH p AS (
        SELECT l.*, k."name" AS "apiKeyName" FROM "RequestLog" l LEFT JOIN "ApiKey" k ON k."id" = l."apiKeyId"
        WHERE ${where} ${logCursorSql(cursor)}
        ORDER BY l."createdAt" DESC, l."id" DESC LIMIT ${pageSize})
      SELECT string_agg(${LOG_LINE}, '' ORDER BY p."createdAt" DESC, p."id" DESC) AS text, count(*)::int AS n,
        (extract(epoch FROM (array_agg(p."createdAt" ORDER BY p."createdAt", p."id"))[1]) * 1000)::bigint::text AS "lastAt",
        (array_agg(p."id" ORDER BY p."createdAt", p."id"))[1]::text AS "lastId"
      FROM p`;
    // Straight to the driver: Prisma's result handling of these large strings is what fills the heap.
    const [page] = await rawQuery<{ text: string | null; n: number; lastAt: string | null; lastId: string | null }>(statement.text, statement.values);
    if (!page?.text) return;
    yield page.text;
    if (page.n < pageSize || !page.lastAt || page.lastId === null) return;
    cursor = `${page.lastAt}.${page.lastId}`;
  }
}

export function requestLogsCsv(query: LogQuery): ReadableStream<Uint8Array> {
  return csvStream([...LOG_COLUMNS], requestLogCsvPages(query));
}

type RollupRow = {
  bucket: Date;
  apiKeyId: string;
  name: string | null;
  model: string;
  requests: number;
  errors: number;
  promptTokens: bigint;
  completionTokens: bigint;
  totalTokens: bigint;
  latencySumMs: bigint;
  costUsd: number;
};

/**
 * Usage totals per hour (ranges up to 3 days) or per UTC day, per key and model, keyset-paged.
 * Daily exports cover whole days.
 */
async function* iterateRollups(filter: UsageFilter, pageSize = 5000): AsyncGenerator<RollupRow[]> {
  const f = usageFilterSchema.parse(filter);
  const range = resolveRange(f);
  const granularity = range.interval === "hour" ? "h" : "d";
  const from = granularity === "d" ? new Date(Math.floor(range.from.getTime() / 86_400_000) * 86_400_000) : range.from;
  const db = await getDb();
  let after: Prisma.Sql = Prisma.empty;
  for (;;) {
    const rows = await db.$queryRaw<RollupRow[]>`
      SELECT r."bucket", r."apiKeyId", k."name", r."model", r."requests", r."errors", r."promptTokens",
        r."completionTokens", r."totalTokens", r."latencySumMs", r."costUsd"
      FROM "UsageRollup" r LEFT JOIN "ApiKey" k ON k."id" = r."apiKeyId"
      WHERE r."granularity" = ${granularity} AND r."scope" = 'km' AND r."bucket" >= ${from} AND r."bucket" < ${range.to}
        ${f.keyId ? Prisma.sql` AND r."apiKeyId" = ${f.keyId}` : Prisma.empty}
        ${f.model ? Prisma.sql` AND r."model" = ${f.model}` : Prisma.empty}${keyTagFilterSql(Prisma.sql`r."apiKeyId"`, f.tag)} ${after}
      ORDER BY r."bucket", r."apiKeyId", r."model" LIMIT ${pageSize}`;
    if (rows.length === 0) return;
    yield rows;
    const last = rows[rows.length - 1];
    if (rows.length < pageSize || !last) return;
    after = Prisma.sql` AND (r."bucket", r."apiKeyId", r."model") > (${last.bucket}, ${last.apiKeyId}, ${last.model})`;
  }
}

async function* rollupCsvPages(filter: UsageFilter): AsyncGenerator<string> {
  for await (const rows of iterateRollups(filter)) {
    yield rows
      .map((r) =>
        csvLine([
          r.bucket,
          r.apiKeyId,
          r.name,
          r.model,
          r.requests,
          r.errors,
          r.promptTokens,
          r.completionTokens,
          r.totalTokens,
          r.requests ? Math.round(Number(r.latencySumMs) / r.requests) : "",
          usdCsv(Number(r.costUsd)),
        ]),
      )
      .join("");
  }
}

export function rollupsCsv(filter: UsageFilter): ReadableStream<Uint8Array> {
  const header = ["periodStart", "apiKeyId", "apiKeyName", "model", "requests", "errors", "promptTokens", "completionTokens", "totalTokens", "avgLatencyMs", "costUsd"];
  return csvStream(header, rollupCsvPages(filter));
}
