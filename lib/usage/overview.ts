import "server-only";
import { getDb } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { LATENCY_BUCKETS, percentile } from "@/lib/usage/latency";
import { addOtherGroup, OTHER_GROUP } from "@/lib/usage/other-group";
import { resolveRange, rollupRangeSql, type ResolvedRange } from "@/lib/usage/range";
import { keyTagFilterSql, NO_TAG, TAGS_OR_NONE } from "@/lib/usage/tag-sql";
import { roundUsd } from "@/lib/usage/usd";
import {
  usageOverviewQuerySchema,
  type UsageOverview,
  type UsageOverviewQuery,
  type UsageRankRow,
  type UsageSeriesPoint,
  type UsageTotals,
} from "@/lib/usage/schemas";

const TOP_GROUPS = 8;
const RANK_LIMIT = 100;

type Row = Record<string, unknown>;
const num = (v: unknown) => (typeof v === "bigint" ? Number(v) : typeof v === "number" ? v : Number(v ?? 0));

const HISTOGRAM_SUMS = Prisma.raw(
  Array.from({ length: LATENCY_BUCKETS }, (_, i) => `COALESCE(SUM(r."latencyHistogram"[${i + 1}]), 0) AS h${i}`).join(", "),
);
const METRIC_SUMS = Prisma.sql`COALESCE(SUM(r."requests"), 0) AS requests, COALESCE(SUM(r."errors"), 0) AS errors,
  COALESCE(SUM(r."promptTokens"), 0) AS prompt, COALESCE(SUM(r."completionTokens"), 0) AS completion,
  COALESCE(SUM(r."totalTokens"), 0) AS total, COALESCE(SUM(r."latencySumMs"), 0) AS latency,
  COALESCE(SUM(r."costUsd"), 0) AS cost`;

function totalsOf(row: Row | undefined): UsageTotals {
  const requests = num(row?.requests);
  const errors = num(row?.errors);
  const histogram = Array.from({ length: LATENCY_BUCKETS }, (_, i) => num(row?.[`h${i}`]));
  return {
    requests,
    errors,
    errorRate: requests ? errors / requests : 0,
    promptTokens: num(row?.prompt),
    completionTokens: num(row?.completion),
    totalTokens: num(row?.total),
    costUsd: roundUsd(num(row?.cost)),
    avgLatencyMs: requests ? Math.round(num(row?.latency) / requests) : null,
    p50LatencyMs: percentile(histogram, 0.5),
    p95LatencyMs: percentile(histogram, 0.95),
  };
}

type Dimension = "key" | "model" | "tag";

interface Filters {
  keyId?: string;
  model?: string;
  tag?: string;
}

/**
 * Which rollup scope answers a query: per key when it filters or groups by key or tag (a tag is a
 * set of keys), per model when it filters or groups by model.
 */
function scopeFor({ keyId, model, tag }: Filters, dimension?: Dimension): "km" | "k" | "m" | "t" {
  const key = keyId !== undefined || tag !== undefined || dimension === "key" || dimension === "tag";
  const byModel = model !== undefined || dimension === "model";
  return key && byModel ? "km" : key ? "k" : byModel ? "m" : "t";
}

function filterSql({ keyId, model, tag }: Filters): Prisma.Sql {
  const parts = [
    keyId === undefined ? Prisma.empty : Prisma.sql` AND r."apiKeyId" = ${keyId}`,
    model === undefined ? Prisma.empty : Prisma.sql` AND r."model" = ${model}`,
    keyTagFilterSql(Prisma.sql`r."apiKeyId"`, tag),
  ];
  return Prisma.join(parts, "");
}

const KEY_JOIN = Prisma.sql`LEFT JOIN "ApiKey" k ON k."id" = r."apiKeyId"`;

async function rank(dimension: Dimension, range: ResolvedRange, filters: Filters): Promise<Row[]> {
  const db = await getDb();
  const where = Prisma.sql`r."scope" = ${scopeFor(filters, dimension)} AND ${rollupRangeSql(range)} ${filterSql(filters)}`;
  if (dimension === "tag") {
    return db.$queryRaw<Row[]>`
      SELECT g."tag" AS id, NULL AS label, ${METRIC_SUMS}
      FROM "UsageRollup" r ${KEY_JOIN} CROSS JOIN LATERAL unnest(${TAGS_OR_NONE}) AS g("tag")
      WHERE ${where}
      GROUP BY 1 ORDER BY requests DESC, total DESC LIMIT ${RANK_LIMIT}`;
  }
  const column = Prisma.raw(dimension === "key" ? `r."apiKeyId"` : `r."model"`);
  const join = dimension === "key" ? KEY_JOIN : Prisma.empty;
  const label = dimension === "key" ? Prisma.sql`MAX(k."name")` : Prisma.sql`NULL`;
  // Calls that name no model (GET /v1/models, /v1/usage) count in the totals and the key ranking,
  // but are not a model: the model ranking leaves them out.
  const modelOnly = dimension === "model" ? Prisma.sql` AND r."model" <> ''` : Prisma.empty;
  return db.$queryRaw<Row[]>`
    SELECT ${column} AS id, ${label} AS label, ${METRIC_SUMS}
    FROM "UsageRollup" r ${join}
    WHERE ${where}${modelOnly}
    GROUP BY ${column} ORDER BY requests DESC, total DESC LIMIT ${RANK_LIMIT}`;
}

function keyLabel(id: string, name: unknown): string {
  if (id === "") return "No key (authentication off)";
  return typeof name === "string" ? name : `Deleted key ${id.slice(0, 8)}`;
}

const LABELS: Record<Dimension, (id: string, name: unknown) => string> = {
  key: keyLabel,
  model: (id) => id || "(no model)",
  tag: (id) => (id === NO_TAG ? "No tag" : id),
};

function toRankRows(rows: Row[], totals: UsageTotals, dimension: Dimension): UsageRankRow[] {
  return rows.map((row) => {
    const id = String(row.id ?? "");
    const t = totalsOf(row);
    return {
      id,
      label: LABELS[dimension](id, row.label),
      requests: t.requests,
      errors: t.errors,
      promptTokens: t.promptTokens,
      completionTokens: t.completionTokens,
      totalTokens: t.totalTokens,
      costUsd: t.costUsd,
      requestShare: totals.requests ? t.requests / totals.requests : 0,
      tokenShare: totals.totalTokens ? t.totalTokens / totals.totalTokens : 0,
      costShare: totals.costUsd ? t.costUsd / totals.costUsd : 0,
    };
  });
}

/** Everything the usage page shows for a range and filters, from the rollups only. */
export async function getUsageOverview(query: UsageOverviewQuery): Promise<UsageOverview> {
  const filter = usageOverviewQuerySchema.parse(query);
  const { keyId, model, tag, groupBy } = filter;
  const filters: Filters = { keyId, model, tag };
  const range = resolveRange(filter);
  const db = await getDb();
  const where = Prisma.sql`r."scope" = ${scopeFor(filters)} AND ${rollupRangeSql(range)} ${filterSql(filters)}`;
  const unit = Prisma.raw(`'${range.interval}'`);
  const seriesRange = rollupRangeSql(range, range.interval === "hour");

  const [totalRows, byKeyRows, byModelRows, byTagRows, pointRows] = await Promise.all([
    db.$queryRaw<Row[]>`SELECT ${METRIC_SUMS}, ${HISTOGRAM_SUMS} FROM "UsageRollup" r WHERE ${where}`,
    rank("key", range, filters),
    rank("model", range, filters),
    rank("tag", range, filters),
    db.$queryRaw<Row[]>`
      SELECT date_trunc(${unit}, r."bucket") AS t, ${METRIC_SUMS}, ${HISTOGRAM_SUMS}
      FROM "UsageRollup" r
      WHERE r."scope" = ${scopeFor(filters)} AND ${seriesRange} ${filterSql(filters)}
      GROUP BY 1 ORDER BY 1`,
  ]);
  const totals = totalsOf(totalRows[0]);
  const byKey = toRankRows(byKeyRows, totals, "key");
  const byModel = toRankRows(byModelRows, totals, "model");
  const byTag = toRankRows(byTagRows, totals, "tag");

  // Stack the series by the top groups; "other" is the rest of each point.
  const ranked = { key: byKey, model: byModel, tag: byTag }[groupBy];
  const top = ranked.slice(0, TOP_GROUPS);
  const groups = top.map((g) => ({ id: g.id, label: g.label }));
  const hasOther = ranked.length > TOP_GROUPS;
  if (hasOther) groups.push({ id: OTHER_GROUP, label: "Other" });
  const groupRows = top.length ? await groupSeries(groupBy, top.map((g) => g.id), hasOther, unit, seriesRange, filters) : [];

  const points = new Map<string, UsageSeriesPoint>();
  for (const row of pointRows) {
    const t = new Date(row.t as Date).toISOString();
    points.set(t, { t, ...totalsOf(row), groups: {} });
  }
  for (const row of groupRows) {
    const point = points.get(new Date(row.t as Date).toISOString());
    if (point) point.groups[String(row.g)] = { requests: num(row.requests), totalTokens: num(row.total), costUsd: roundUsd(num(row.cost)) };
  }
  // Keys and models partition the usage, so "other" is what the top groups leave of each point. Tags
  // overlap (a key may carry several), so their "other" is counted: the keys with none of the top tags.
  if (hasOther && groupBy !== "tag") {
    for (const point of points.values()) addOtherGroup(point);
  }
  return {
    range: { from: range.from.toISOString(), to: range.to.toISOString(), interval: range.interval },
    totals,
    groupBy,
    groups,
    series: fillSeries(range, points),
    byKey,
    byModel,
    byTag,
  };
}

const GROUP_SUMS = Prisma.sql`COALESCE(SUM(r."requests"), 0) AS requests, COALESCE(SUM(r."totalTokens"), 0) AS total,
  COALESCE(SUM(r."costUsd"), 0) AS cost`;

/** Requests, tokens and cost per point of the series for each of the top groups (and, by tag, the rest). */
async function groupSeries(
  groupBy: Dimension,
  topIds: string[],
  withOther: boolean,
  unit: Prisma.Sql,
  seriesRange: Prisma.Sql,
  filters: Filters,
): Promise<Row[]> {
  const db = await getDb();
  const where = Prisma.sql`r."scope" = ${scopeFor(filters, groupBy)} AND ${seriesRange} ${filterSql(filters)}`;
  if (groupBy === "tag") {
    const top = Prisma.sql`ARRAY[${Prisma.join(topIds)}]::text[]`;
    const other = withOther ? Prisma.sql` UNION ALL SELECT ${OTHER_GROUP}::text WHERE NOT (${TAGS_OR_NONE} && ${top})` : Prisma.empty;
    return db.$queryRaw<Row[]>`
      SELECT date_trunc(${unit}, r."bucket") AS t, g."tag" AS g, ${GROUP_SUMS}
      FROM "UsageRollup" r ${KEY_JOIN}
      CROSS JOIN LATERAL (SELECT x FROM unnest(${TAGS_OR_NONE}) AS x WHERE x = ANY(${top})${other}) AS g("tag")
      WHERE ${where}
      GROUP BY 1, 2`;
  }
  const column = Prisma.raw(groupBy === "key" ? `r."apiKeyId"` : `r."model"`);
  return db.$queryRaw<Row[]>`
    SELECT date_trunc(${unit}, r."bucket") AS t, ${column} AS g, ${GROUP_SUMS}
    FROM "UsageRollup" r
    WHERE ${where} AND ${column} IN (${Prisma.join(topIds)})
    GROUP BY 1, 2`;
}

/** One point per hour or day across the range, zero where nothing happened, so charts keep their scale. */
function fillSeries(range: ResolvedRange, points: Map<string, UsageSeriesPoint>): UsageSeriesPoint[] {
  const step = range.interval === "hour" ? 3_600_000 : 86_400_000;
  const start = Math.floor(range.from.getTime() / step) * step;
  const out: UsageSeriesPoint[] = [];
  for (let t = start; t < range.to.getTime(); t += step) {
    const iso = new Date(t).toISOString();
    out.push(points.get(iso) ?? { t: iso, ...totalsOf(undefined), groups: {} });
  }
  return out;
}
