import "server-only";
import type { BudgetPeriod } from "@/lib/api-keys/schemas";
import { getDbKind, rawQuery } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { PERIODS, periodStart } from "@/lib/policies/periods";
import { readSpends } from "@/lib/policies/spend";
import { FailoverStore } from "@/lib/policies/store/failover";
import { MemoryStore, type SpendRow } from "@/lib/policies/store/memory";
import { PostgresStore } from "@/lib/policies/store/postgres";
import { RedisStore } from "@/lib/policies/store/redis";
import { EMPTY_SPEND, type CounterStore, type Spend } from "@/lib/policies/store/types";
import { forget, notOpened, openOnce } from "@/lib/cache/opened";
import { processSingleton } from "@/lib/singleton";
import { onUsageRecorded, onUsageWritten } from "@/lib/usage/recorder";

const state = processSingleton("policy-store", () => ({ store: notOpened<CounterStore>(), unsubscribe: [] as (() => void)[] }));

async function loadSpend(keyId: string, period: string, periodStart: number): Promise<Spend> {
  return (await readSpends([{ id: keyId, period, periodStart }])).get(keyId) ?? EMPTY_SPEND;
}

/** Every key's spend in the periods running now (the in-process store starts from these). */
async function currentSpends(now = Date.now()): Promise<SpendRow[]> {
  // rawQuery passes dates as UTC wall time, as the timestamp columns hold them.
  const starts = Object.fromEntries(PERIODS.map((p) => [p, new Date(periodStart(p, now))])) as Record<BudgetPeriod, Date>;
  const rows = await rawQuery<{ apiKeyId: string; period: string; start: string; tokens: string; cost: string }>(
    `SELECT "apiKeyId", "period", (extract(epoch FROM "periodStart") * 1000)::bigint::text AS start, "tokens"::text AS tokens, "costNanoUsd"::text AS cost
     FROM "KeySpend" WHERE "period" = 'total' OR ("period" = 'day' AND "periodStart" = $1::timestamp)
       OR ("period" = 'week' AND "periodStart" = $2::timestamp) OR ("period" = 'month' AND "periodStart" = $3::timestamp)`,
    [starts.day, starts.week, starts.month],
  );
  return rows.map((r) => ({ apiKeyId: r.apiKeyId, period: r.period, periodStart: Number(r.start), tokens: Number(r.tokens), costNanoUsd: Number(r.cost) }));
}

async function create(): Promise<CounterStore> {
  if ((await getDbKind()) === "pglite") {
    const store = new MemoryStore(await currentSpends());
    state.unsubscribe.push(
      onUsageRecorded((e) => {
        if (e.apiKeyId) store.recorded(e.apiKeyId, e.createdAt.getTime(), { tokens: e.totalTokens ?? 0, costNanoUsd: e.costNanoUsd ?? 0 }, e.leaseId ?? null);
      }),
    );
    return store;
  }
  const { REDIS_URL, serverless } = getEnv();
  // Serverless: no heartbeat interval (it would freeze with the function); sent on admission instead.
  const timers = { timers: !serverless };
  const postgres = new PostgresStore(rawQuery, timers);
  await postgres.start();
  if (!REDIS_URL) return postgres;
  const redis = new RedisStore(REDIS_URL, loadSpend, timers);
  const store = new FailoverStore(redis, postgres);
  try {
    await redis.start();
    console.log("[keygate] key limits: counting in Redis");
  } catch (error) {
    console.error(`[keygate] Redis unavailable at start (${(error as Error).message}): counting key limits in PostgreSQL until it is back`);
    store.markDown();
  }
  state.unsubscribe.push(
    onUsageWritten((batch) => {
      const leases = batch.flatMap((e) => (e.leaseId && e.apiKeyId ? [{ keyId: e.apiKeyId, leaseId: e.leaseId }] : []));
      if (leases.length) void store.forget(leases);
    }),
  );
  return store;
}

/** The counters behind key limits: in-process on the embedded database, else Redis or PostgreSQL. */
export function getCounterStore(): Promise<CounterStore> {
  return openOnce(state.store, create);
}

/** The counter store once it is open (almost always), without a promise. */
export function cachedCounterStore(): CounterStore | undefined {
  return state.store.ready;
}

/** On shutdown, after the usage queue is drained: the instance's leases go with it. */
export async function stopPolicies(): Promise<void> {
  const pending = forget(state.store);
  for (const unsubscribe of state.unsubscribe.splice(0)) unsubscribe();
  if (pending) await (await pending).close();
}
