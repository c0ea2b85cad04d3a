import "server-only";
import { copyValue, getDb, pgliteTransaction, rawQuery, type Db } from "@/lib/db";
import { errorSummary, isDatabaseUnavailable } from "@/lib/db-unavailable";
import { getEnv } from "@/lib/env";
import { processSingleton } from "@/lib/singleton";
import { PERIODS, periodStart } from "@/lib/policies/periods";
import { addHistograms, emptyHistogram, latencyBucket } from "@/lib/usage/latency";
import type { RequestLogEntry } from "@/lib/usage/schemas";

/** One proxied request, as stored in RequestLog. Never the prompt, the answer or the key. */
export type UsageEvent = Omit<RequestLogEntry, "id" | "createdAt" | "apiKeyName"> & {
  createdAt: Date;
  /** The exact cost in US dollars × 1e9 (costUsd is its rounded display form); added to KeySpend. */
  costNanoUsd?: number;
  /** The policy lease (budget reservation) this event settles: removed in the same transaction. */
  leaseId?: string | null;
};

type WrittenListener = (batch: readonly UsageEvent[]) => void;
// Process-wide: Next.js may load this module once per route bundle, and listeners registered at
// start-up must hear every route's events.
const { written, recorded } = processSingleton("usage-listeners", () => ({
  written: new Set<WrittenListener>(),
  recorded: new Set<(event: UsageEvent) => void>(),
}));

/** Called for each event as it is queued (the in-process counters take its spend at once). */
export function onUsageRecorded(listener: (event: UsageEvent) => void): () => void {
  recorded.add(listener);
  return () => recorded.delete(listener);
}

/** Called after each batch is committed (e.g. to drop settled reservations kept outside the database). */
export function onUsageWritten(listener: WrittenListener): () => void {
  written.add(listener);
  return () => written.delete(listener);
}

// Past this many unflushed events (a long database outage) the oldest are dropped, loudly.
const MAX_QUEUED = 200_000;

const state = processSingleton("usage-recorder", () => ({
  queue: [] as UsageEvent[],
  timer: undefined as NodeJS.Timeout | undefined,
  flushing: undefined as Promise<void> | undefined,
  /** The last write failed for want of a database: retries are under way. */
  retrying: false,
  /**
   * PostgreSQL: batches whose transaction lost its connection after it began, so it may or may not
   * have committed (the COMMIT's answer can be what was lost). Asked about by transaction id before
   * anything else is written, so none is written twice or dropped.
   */
  uncertain: [] as { xid: string; batch: UsageEvent[] }[],
}));

// PostgreSQL text cannot hold NUL. A client can put one in `model` (an upstream in an error code),
// and the batch holding it would fail on every retry, taking all other usage down with it.
const NUL = /\u0000/g;
const text = <T extends string | null>(value: T): T => (value === null || !value.includes("\u0000") ? value : (value.replace(NUL, "\uFFFD") as T));

/**
 * Queues an event; it reaches the database within USAGE_FLUSH_MS, in a batch, off the response path
 * (serverless: in the after() of the request that made it).
 */
export function recordUsage(event: UsageEvent): void {
  const clean = {
    ...event,
    endpoint: text(event.endpoint),
    model: text(event.model),
    providerName: text(event.providerName),
    errorCode: text(event.errorCode),
    errorMessage: text(event.errorMessage ?? null),
  };
  state.queue.push(clean);
  for (const listener of recorded) listener(clean);
  if (state.queue.length > MAX_QUEUED) {
    const dropped = state.queue.splice(0, state.queue.length - MAX_QUEUED).length;
    console.error(`[keygate] usage queue full: dropped ${dropped} oldest events`);
  }
  // Serverless: the request's after() writes it (lib/usage/after-response.ts); a timer would freeze with the function.
  if (!getEnv().serverless) scheduleFlush(getEnv().USAGE_FLUSH_MS);
}

function scheduleFlush(ms: number): void {
  state.timer ??= setTimeout(() => {
    state.timer = undefined;
    void flushUsage();
  }, ms);
}

/** An event counts as an error when the client did not get a complete, successful answer. */
export function isError(e: Pick<UsageEvent, "status" | "errorCode">): boolean {
  return e.status >= 400 || e.errorCode !== null;
}

/** Sums over a set of events: what a rollup row and a batch's group both hold. */
interface Totals {
  requests: number;
  errors: number;
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  latencySumMs: number;
  costUsd: number;
  latencyHistogram: number[];
}

const emptyTotals = (): Totals => ({ requests: 0, errors: 0, promptTokens: 0, completionTokens: 0, totalTokens: 0, latencySumMs: 0, costUsd: 0, latencyHistogram: emptyHistogram() });

interface Rollup extends Totals {
  granularity: "h" | "d";
  scope: "km" | "k" | "m" | "t";
  bucket: string;
  apiKeyId: string;
  model: string;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** A batch's events summed per hour, key and model: the rollups and spends are built from these. */
interface Group extends Totals {
  hourMs: number;
  apiKeyId: string;
  model: string;
  costNanoUsd: number;
}

/** One pass over the batch; the date arithmetic and the 8 rollup rows are then done once per group, not per event. */
function groupBatch(batch: UsageEvent[]): Group[] {
  const groups = new Map<string, Group>();
  for (const e of batch) {
    const time = e.createdAt.getTime();
    const hourMs = time - (((time % HOUR_MS) + HOUR_MS) % HOUR_MS);
    const apiKeyId = e.apiKeyId ?? "";
    const model = e.model ?? "";
    const id = `${hourMs}|${apiKeyId}|${model}`;
    let g = groups.get(id);
    if (!g) {
      g = { hourMs, apiKeyId, model, costNanoUsd: 0, ...emptyTotals() };
      groups.set(id, g);
    }
    g.requests++;
    if (isError(e)) g.errors++;
    g.promptTokens += e.promptTokens ?? 0;
    g.completionTokens += e.completionTokens ?? 0;
    g.totalTokens += e.totalTokens ?? 0;
    g.latencySumMs += e.latencyMs;
    g.costUsd += e.costUsd ?? 0;
    g.costNanoUsd += e.costNanoUsd ?? 0;
    const slot = latencyBucket(e.latencyMs);
    g.latencyHistogram[slot] = (g.latencyHistogram[slot] ?? 0) + 1;
  }
  return [...groups.values()];
}

function rollUp(groups: Group[]): Rollup[] {
  const rollups = new Map<string, Rollup>();
  for (const g of groups) {
    const dayMs = g.hourMs - (((g.hourMs % DAY_MS) + DAY_MS) % DAY_MS);
    for (const [granularity, start] of [["h", g.hourMs], ["d", dayMs]] as const) {
      const bucket = new Date(start).toISOString();
      for (const [scope, apiKeyId, m] of [["km", g.apiKeyId, g.model], ["k", g.apiKeyId, ""], ["m", "", g.model], ["t", "", ""]] as const) {
        const id = `${granularity}|${scope}|${bucket}|${apiKeyId}|${m}`;
        let r = rollups.get(id);
        if (!r) {
          r = { granularity, scope, bucket, apiKeyId, model: m, ...emptyTotals() };
          rollups.set(id, r);
        }
        r.requests += g.requests;
        r.errors += g.errors;
        r.promptTokens += g.promptTokens;
        r.completionTokens += g.completionTokens;
        r.totalTokens += g.totalTokens;
        r.latencySumMs += g.latencySumMs;
        r.costUsd += g.costUsd;
        addHistograms(r.latencyHistogram, g.latencyHistogram);
      }
    }
  }
  return [...rollups.values()];
}

// The RequestLog columns a batch writes, in this order (COPY's rows and the JSON recordset alike;
// copyRows writes them by hand in the same order, so that a batch costs no array per row).
const LOG_COLUMNS = [
  "createdAt", "apiKeyId", "endpoint", "model", "providerId", "providerName", "status", "errorCode", "errorMessage", "stream",
  "latencyMs", "ttfbMs", "promptTokens", "completionTokens", "totalTokens", "costUsd", "attempts", "secret",
] as const;
const LOG_COLUMN_LIST = LOG_COLUMNS.map((c) => `"${c}"`).join(", ");

/** The batch's log rows in COPY's text format: one line per event. */
function copyRows(batch: UsageEvent[]): string {
  let text = "";
  for (const e of batch) {
    text +=
      `${copyValue(e.createdAt)}\t${copyValue(e.apiKeyId)}\t${copyValue(e.endpoint)}\t${copyValue(e.model)}\t${copyValue(e.providerId)}\t` +
      `${copyValue(e.providerName)}\t${e.status}\t${copyValue(e.errorCode)}\t${copyValue(e.errorMessage ?? null)}\t${e.stream}\t${e.latencyMs}\t` +
      `${copyValue(e.ttfbMs)}\t${copyValue(e.promptTokens)}\t${copyValue(e.completionTokens)}\t${copyValue(e.totalTokens)}\t${copyValue(e.costUsd)}\t` +
      `${e.attempts ?? 1}\t${copyValue(e.secret ?? null)}\n`;
  }
  return text;
}

// The statements after the log rows, each with one JSON parameter: their cost stays flat however
// many rows a batch holds. (json, not jsonb: the parameter is read once, so building jsonb is waste.)
const ROLLUP_SQL = `
  INSERT INTO "UsageRollup" AS r ("granularity", "scope", "bucket", "apiKeyId", "model", "requests", "errors", "promptTokens",
    "completionTokens", "totalTokens", "latencySumMs", "costUsd", "latencyHistogram")
  SELECT "granularity", "scope", "bucket", "apiKeyId", "model", "requests", "errors", "promptTokens", "completionTokens", "totalTokens",
    "latencySumMs", "costUsd", ARRAY(SELECT json_array_elements_text(x."latencyHistogram")::int)
  FROM json_to_recordset($1::json) AS x("granularity" text, "scope" text, "bucket" timestamp, "apiKeyId" text, "model" text, "requests" int,
    "errors" int, "promptTokens" bigint, "completionTokens" bigint, "totalTokens" bigint, "latencySumMs" bigint,
    "costUsd" double precision, "latencyHistogram" json)
  ON CONFLICT ("granularity", "scope", "bucket", "apiKeyId", "model") DO UPDATE SET
    "requests" = r."requests" + EXCLUDED."requests",
    "errors" = r."errors" + EXCLUDED."errors",
    "promptTokens" = r."promptTokens" + EXCLUDED."promptTokens",
    "completionTokens" = r."completionTokens" + EXCLUDED."completionTokens",
    "totalTokens" = r."totalTokens" + EXCLUDED."totalTokens",
    "latencySumMs" = r."latencySumMs" + EXCLUDED."latencySumMs",
    "costUsd" = r."costUsd" + EXCLUDED."costUsd",
    "latencyHistogram" = ARRAY(
      SELECT COALESCE(a, 0) + COALESCE(b, 0) FROM unnest(r."latencyHistogram", EXCLUDED."latencyHistogram") AS t(a, b))`;
// Increments, not read-modify-write: exact however many instances write at once.
const COUNTERS_SQL = `
  UPDATE "ApiKey" AS k SET "usageCount" = k."usageCount" + x."count",
    "lastUsedAt" = GREATEST(COALESCE(k."lastUsedAt", x."last"), x."last")
  FROM json_to_recordset($1::json) AS x("id" text, "count" int, "last" timestamp)
  WHERE k."id" = x."id"`;
// Budgets are checked against these, so they are written with the logs they sum.
const SPEND_SQL = `
  INSERT INTO "KeySpend" AS s ("apiKeyId", "period", "periodStart", "tokens", "costNanoUsd")
  SELECT "id", "period", "start", "tokens", "cost" FROM json_to_recordset($1::json)
    AS x("id" text, "period" text, "start" timestamp, "tokens" bigint, "cost" bigint)
  ON CONFLICT ("apiKeyId", "period", "periodStart") DO UPDATE SET
    "tokens" = s."tokens" + EXCLUDED."tokens", "costNanoUsd" = s."costNanoUsd" + EXCLUDED."costNanoUsd"`;
// Settled reservations now counted in KeySpend (PostgreSQL counter store).
const LEASES_SQL = `DELETE FROM "PolicyLease" WHERE "id" IN (SELECT json_array_elements_text($1::json))`;
const LOGS_SQL = `
  INSERT INTO "RequestLog" (${LOG_COLUMN_LIST})
  SELECT "createdAt", "apiKeyId", "endpoint", "model", "providerId", "providerName", "status", "errorCode", "errorMessage", "stream",
    "latencyMs", "ttfbMs", "promptTokens", "completionTokens", "totalTokens", "costUsd", COALESCE("attempts", 1), "secret"
  FROM json_to_recordset($1::json) AS x("createdAt" timestamp, "apiKeyId" text, "endpoint" text, "model" text,
    "providerId" text, "providerName" text, "status" int, "errorCode" text, "errorMessage" text, "stream" boolean, "latencyMs" int,
    "ttfbMs" int, "promptTokens" int, "completionTokens" int, "totalTokens" int, "costUsd" double precision, "attempts" int, "secret" text)`;

/**
 * One transaction per batch: the log rows, the hourly rollups and the keys' counters. The embedded
 * database takes the log rows by COPY, straight through PGlite (a third of the CPU of the JSON
 * recordset); PostgreSQL takes them as one JSON parameter, through Prisma's transaction.
 */
export async function writeUsageBatch(batch: UsageEvent[], onTransaction?: (xid: string) => void): Promise<void> {
  if (batch.length === 0) return;
  const perKey = new Map<string, { count: number; last: Date }>();
  for (const e of batch) {
    if (!e.apiKeyId) continue;
    const entry = perKey.get(e.apiKeyId);
    if (!entry) perKey.set(e.apiKeyId, { count: 1, last: e.createdAt });
    else {
      entry.count++;
      if (e.createdAt > entry.last) entry.last = e.createdAt;
    }
  }
  const groups = groupBatch(batch);
  const params = [
    [ROLLUP_SQL, JSON.stringify(getEnv().USAGE_ROLLUPS === "on" ? rollUp(groups) : [])],
    [COUNTERS_SQL, JSON.stringify([...perKey].map(([id, v]) => ({ id, count: v.count, last: v.last })))],
    [SPEND_SQL, JSON.stringify(spendIncrements(groups))],
  ] as const;
  const copy = `COPY "RequestLog" (${LOG_COLUMN_LIST}) FROM '/dev/blob'`;
  // (No PolicyLease rows on the embedded database: its key limits count in-process.)
  if (await pgliteTransaction([{ sql: copy, copy: copyRows(batch) }, ...params.map(([sql, json]) => ({ sql, params: [json] }))])) return notifyWritten(batch);
  const db = await getDb();
  const leases = [LEASES_SQL, JSON.stringify(batch.flatMap((e) => (e.leaseId ? [e.leaseId] : [])))] as const;
  const statements = (db: Pick<Db, "$executeRawUnsafe">) => [[LOGS_SQL, JSON.stringify(batch)] as const, ...params, leases].map(([sql, json]) => db.$executeRawUnsafe(sql, json));
  if (onTransaction) {
    // The transaction's id is known before it commits: if the connection is lost, txid_status()
    // later says whether it did.
    const env = getEnv();
    await db.$transaction(
      async (tx) => {
        const [row] = await tx.$queryRaw<{ xid: string }[]>`SELECT txid_current()::text AS xid`;
        if (row) onTransaction(row.xid);
        for (const statement of statements(tx)) await statement;
      },
      { maxWait: env.DB_CONNECT_TIMEOUT_MS, timeout: 6 * env.DB_QUERY_TIMEOUT_MS },
    );
  } else {
    await db.$transaction(statements(db));
  }
  notifyWritten(batch);
}

/** KeySpend increments of a batch: per key and per period (total, day, week, month) the events fall in. */
function spendIncrements(groups: Group[]) {
  const sums = new Map<string, { id: string; period: string; start: string; tokens: number; cost: number }>();
  for (const g of groups) {
    if (!g.apiKeyId || (g.totalTokens === 0 && g.costNanoUsd === 0)) continue;
    for (const period of PERIODS) {
      const start = new Date(periodStart(period, g.hourMs)).toISOString().slice(0, -1);
      const id = `${g.apiKeyId}|${period}|${start}`;
      const sum = sums.get(id) ?? { id: g.apiKeyId, period, start, tokens: 0, cost: 0 };
      sum.tokens += g.totalTokens;
      sum.cost += g.costNanoUsd;
      sums.set(id, sum);
    }
  }
  return [...sums.values()];
}

/**
 * Writes a batch the database refuses although it is reachable by halves, so one bad event cannot
 * hold back everyone's usage. Returns the events that fail even alone.
 */
async function writeIsolating(batch: UsageEvent[], committed: Set<UsageEvent>): Promise<UsageEvent[]> {
  try {
    await writeUsageBatch(batch);
    for (const e of batch) committed.add(e);
    return [];
  } catch (error) {
    // The database went away meanwhile: that is no verdict on these events; they are kept.
    if (isDatabaseUnavailable(error)) throw error;
    if (batch.length === 1) return batch;
    const middle = batch.length >> 1;
    return [...(await writeIsolating(batch.slice(0, middle), committed)), ...(await writeIsolating(batch.slice(middle), committed))];
  }
}

async function databaseReachable(): Promise<boolean> {
  try {
    const db = await getDb();
    await db.$queryRaw`SELECT 1`;
    return true;
  } catch {
    return false;
  }
}

const RETRY_MS = 1000;

function requeue(batch: UsageEvent[], reason: string): void {
  // The database is away: keep everything and try again. Logged once per outage, not per retry.
  if (!state.retrying) console.error(`[keygate] writing usage events failed, will retry every ${RETRY_MS} ms: ${reason}`);
  state.retrying = true;
  state.queue = batch.concat(state.queue);
  // Serverless: kept for the next request's after() to write.
  if (!getEnv().serverless) scheduleFlush(RETRY_MS);
}

function notifyWritten(batch: UsageEvent[]): void {
  for (const listener of written) {
    try {
      listener(batch);
    } catch (error) {
      console.error("[keygate] usage listener failed:", (error as Error).message);
    }
  }
}

/**
 * Settles the batches whose commit is in doubt: a committed one is done, an aborted one is queued
 * again, one still open on the server (it has not noticed its client is gone) is asked about later.
 * Throws while the database is away.
 */
async function settleUncertain(): Promise<void> {
  for (const entry of [...state.uncertain]) {
    const rows = await rawQuery<{ status: string | null }>("SELECT txid_status($1::bigint) AS status", [entry.xid]);
    const status = rows[0]?.status ?? null;
    if (status === "in progress") continue;
    state.uncertain = state.uncertain.filter((e) => e !== entry);
    if (status === "committed") notifyWritten(entry.batch);
    else state.queue = entry.batch.concat(state.queue);
  }
}

async function writeOrRequeue(batch: UsageEvent[]): Promise<void> {
  let xid: string | null = null;
  try {
    if (state.uncertain.length > 0) await settleUncertain();
    await writeUsageBatch(batch, (id) => (xid = id));
  } catch (error) {
    const reason = errorSummary(error);
    if (xid !== null && isDatabaseUnavailable(error)) {
      state.uncertain.push({ xid, batch });
      return requeue([], reason);
    }
    // A timeout or a lost connection says the database is away; any other error is checked.
    if (isDatabaseUnavailable(error) || !(await databaseReachable())) return requeue(batch, reason);
    let refused: UsageEvent[];
    const committed = new Set<UsageEvent>();
    try {
      refused = await writeIsolating(batch, committed);
    } catch (isolating) {
      // Gone while the batch was being split: the halves already written are not written again.
      return requeue(batch.filter((e) => !committed.has(e)), errorSummary(isolating));
    }
    if (refused.length > 0) console.error(`[keygate] dropped ${refused.length} usage event(s) the database refuses: ${reason}`);
    return;
  }
  if (state.retrying) console.error("[keygate] usage writes resumed");
  state.retrying = false;
  // A transaction still open on the server is asked about again shortly.
  if (state.uncertain.length > 0 && !getEnv().serverless) scheduleFlush(RETRY_MS);
}

// One batch is one transaction, and its statements have DB_QUERY_TIMEOUT_MS: the queue a long
// outage leaves (up to MAX_QUEUED) is written in batches of this many, each well within it.
const MAX_BATCH = 5000;

/** Writes everything queued so far. Concurrent calls share one flush; a failed batch is retried later. */
export function flushUsage(): Promise<void> {
  if (state.flushing) return state.flushing.then(() => (state.queue.length && !state.retrying ? flushUsage() : undefined));
  if (state.queue.length === 0 && state.uncertain.length === 0) return Promise.resolve();
  const batch = state.queue.length > MAX_BATCH ? state.queue.splice(0, MAX_BATCH) : state.queue;
  if (batch === state.queue) state.queue = [];
  const flushing = writeOrRequeue(batch).finally(() => {
    state.flushing = undefined;
  });
  state.flushing = flushing;
  // A backlog is written batch after batch; after a failure the retry timer takes over.
  return flushing.then(() => (batch.length === MAX_BATCH && state.queue.length && !state.retrying ? flushUsage() : undefined));
}

export function pendingUsageCount(): number {
  return state.queue.length + state.uncertain.reduce((n, e) => n + e.batch.length, 0);
}

/** On shutdown: stop the timer and write what is left. */
export async function drainUsage(): Promise<void> {
  if (state.timer) clearTimeout(state.timer);
  state.timer = undefined;
  for (let attempt = 0; attempt < 3 && (state.queue.length > 0 || state.uncertain.length > 0 || state.flushing); attempt++) {
    await flushUsage();
    if (state.flushing) await state.flushing;
  }
  if (pendingUsageCount() > 0) console.error(`[keygate] shutdown: ${pendingUsageCount()} usage events could not be written`);
}
