import { randomUUID } from "node:crypto";
import { LeaseKeepAlive } from "@/lib/policies/store/keep-alive";
import type { Buckets } from "@/lib/policies/window";
import type {
  AdmitRequest,
  CounterStore,
  InspectRequest,
  RefusalReason,
  SettleRequest,
  StoreAdmission,
  StoreState,
} from "@/lib/policies/store/types";

/** Runs one SQL statement with parameters (the pg pool, bypassing Prisma on the request path). */
export type SqlQuery = <T>(sql: string, params: unknown[]) => Promise<T[]>;

const HEARTBEAT_MS = 5_000;
const CLEANUP_EVERY = 12; // heartbeats: once a minute

interface AdmitRow {
  ok: boolean;
  reason: RefusalReason;
  requests: [number, number][];
  tokens: [number, number][];
  inFlight: number;
  spentTokens: number;
  spentCost: number;
  reservedTokens: number;
  reservedCost: number;
}

const num = (v: unknown) => Number(v ?? 0);
const buckets = (v: unknown): Buckets => (Array.isArray(v) ? v.map((b) => [num(b[0]), num(b[1])] as const) : []);

/**
 * Counters in PostgreSQL, shared by every instance on the database (REDIS_URL unset): one function
 * call per admission (keygate_policy_admit, in the migrations), one per settlement. Leases belong to
 * an instance that heartbeats every 5 s; the leases of one silent for 30 s (it died) stop counting.
 */
export class PostgresStore implements CounterStore {
  readonly kind = "postgresql" as const;
  readonly instanceId = `i_${randomUUID()}`;
  private timer: NodeJS.Timeout | undefined;
  private beats = 0;
  private failing = false;
  private beatAt = 0;
  private beating: Promise<void> | undefined;
  /** Serverless: heartbeats while a lease is held (a long stream), so it keeps counting. */
  private readonly keepAlive: LeaseKeepAlive;

  /**
   * `timers: false` (serverless mode): no interval; the heartbeat (and the cleanup every 12th) is
   * sent on the request path instead, before an admission, settlement or release when the last one
   * is older than HEARTBEAT_MS. A frozen instance is silent, and its leases stop counting as a dead one's.
   */
  constructor(
    private readonly query: SqlQuery,
    private readonly options: { timers: boolean } = { timers: true },
  ) {
    this.keepAlive = new LeaseKeepAlive(() => void this.beat(), HEARTBEAT_MS, !options.timers);
  }

  /** Registers this instance; call before the first admission. */
  async start(): Promise<void> {
    await this.heartbeat();
    if (!this.options.timers) return;
    this.timer = setInterval(() => void this.beat(), HEARTBEAT_MS);
    this.timer.unref();
  }

  /** Without timers: a heartbeat when the last is stale (concurrent callers share it). Never throws. */
  private async beatIfStale(): Promise<void> {
    if (this.options.timers || Date.now() - this.beatAt < HEARTBEAT_MS) return;
    this.beating ??= this.beat().finally(() => {
      this.beating = undefined;
    });
    await this.beating;
  }

  /** A heartbeat from the timer. An outage is logged once, and its end, not every 5 s. */
  private async beat(): Promise<void> {
    try {
      await this.heartbeat();
      if (this.failing) console.error("[keygate] policy heartbeat: the database answers again");
      this.failing = false;
    } catch (error) {
      if (!this.failing) console.error("[keygate] policy heartbeat failed (logged once until it recovers):", (error as Error).message);
      this.failing = true;
    }
  }

  private async heartbeat(): Promise<void> {
    this.beatAt = Date.now();
    await this.query(
      `INSERT INTO "PolicyInstance" ("id", "seenAt") VALUES ($1, now() AT TIME ZONE 'UTC')
       ON CONFLICT ("id") DO UPDATE SET "seenAt" = EXCLUDED."seenAt"`,
      [this.instanceId],
    );
    if (++this.beats % CLEANUP_EVERY === 0) await this.cleanup(Date.now());
  }

  /** Leases of instances gone for 10 minutes, instances gone for a day, windows past their minute. */
  async cleanup(nowMs: number): Promise<void> {
    await cleanupPolicyRows(this.query, nowMs);
  }

  async admit(r: AdmitRequest): Promise<StoreAdmission> {
    await this.beatIfStale();
    const rows = await this.query<{ result: AdmitRow }>(
      `SELECT keygate_policy_admit($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) AS result`,
      [
        r.keyId, r.leaseId, this.instanceId, Math.floor(r.nowMs),
        r.maxConcurrent, r.rpmLimit, r.tpmLimit,
        r.budget?.period ?? null, r.budget?.periodStart ?? null, r.budget?.tokenLimit ?? null,
        r.budget?.costLimitNanoUsd ?? null, r.budget?.tokens ?? 0, r.budget?.costNanoUsd ?? 0,
      ],
    );
    const row = rows[0]?.result;
    if (!row) throw new Error("keygate_policy_admit returned nothing");
    const state: StoreState = {
      requests: buckets(row.requests),
      tokens: buckets(row.tokens),
      inFlight: num(row.inFlight),
      spent: { tokens: num(row.spentTokens), costNanoUsd: num(row.spentCost) },
      reserved: { tokens: num(row.reservedTokens), costNanoUsd: num(row.reservedCost) },
    };
    if (!row.ok) return { ok: false, reason: row.reason, state };
    const leased = r.maxConcurrent !== null || r.budget !== null;
    if (leased) this.keepAlive.hold(r.leaseId);
    return { ok: true, leased, state: afterAdmission(r, state) };
  }

  async settle(r: SettleRequest): Promise<void> {
    this.keepAlive.drop(r.leaseId);
    if (r.windowTokens <= 0 && r.leaseId === null) return;
    await this.beatIfStale();
    await this.query(`SELECT keygate_policy_settle($1, $2, $3, $4, $5, $6)`, [
      r.keyId, r.leaseId, Math.floor(r.nowMs), r.windowTokens, r.spend.tokens, r.spend.costNanoUsd,
    ]);
  }

  async release(_keyId: string, leaseId: string): Promise<void> {
    this.keepAlive.drop(leaseId);
    await this.beatIfStale();
    await this.query(`DELETE FROM "PolicyLease" WHERE "id" = $1`, [leaseId]);
  }

  async inspect(r: InspectRequest): Promise<StoreState> {
    const periodStart = r.budget ? new Date(r.budget.periodStart).toISOString().slice(0, -1) : null;
    const rows = await this.query<{ requests: unknown; tokens: unknown; inFlight: unknown; spentTokens: unknown; spentCost: unknown; reservedTokens: unknown; reservedCost: unknown }>(
      `WITH live AS (
         SELECT l.* FROM "PolicyLease" l JOIN "PolicyInstance" i ON i."id" = l."instanceId"
         WHERE l."apiKeyId" = $1 AND i."seenAt" > (now() AT TIME ZONE 'UTC') - interval '30 seconds')
       SELECT
         (SELECT COALESCE(jsonb_agg(jsonb_build_array(w."second", w."amount")), '[]'::jsonb) FROM "PolicyWindow" w
           WHERE w."apiKeyId" = $1 AND w."metric" = 'r' AND w."second" >= $2) AS requests,
         (SELECT COALESCE(jsonb_agg(jsonb_build_array(w."second", w."amount")), '[]'::jsonb) FROM "PolicyWindow" w
           WHERE w."apiKeyId" = $1 AND w."metric" = 't' AND w."second" >= $2) AS tokens,
         (SELECT count(*) FROM live WHERE "slot" AND NOT "settled") AS "inFlight",
         (SELECT COALESCE(sum("tokens"), 0) FROM "KeySpend" WHERE "apiKeyId" = $1 AND "period" = $3 AND "periodStart" = $4::timestamp) AS "spentTokens",
         (SELECT COALESCE(sum("costNanoUsd"), 0) FROM "KeySpend" WHERE "apiKeyId" = $1 AND "period" = $3 AND "periodStart" = $4::timestamp) AS "spentCost",
         (SELECT COALESCE(sum("tokens"), 0) FROM live WHERE "period" = $3 AND "periodStart" = $4::timestamp) AS "reservedTokens",
         (SELECT COALESCE(sum("costNanoUsd"), 0) FROM live WHERE "period" = $3 AND "periodStart" = $4::timestamp) AS "reservedCost"`,
      [r.keyId, Math.floor(r.nowMs / 1000) - 59, r.budget?.period ?? null, periodStart],
    );
    const row = rows[0];
    return {
      requests: r.rpm ? buckets(row?.requests) : [],
      tokens: r.tpm ? buckets(row?.tokens) : [],
      inFlight: num(row?.inFlight),
      spent: { tokens: num(row?.spentTokens), costNanoUsd: num(row?.spentCost) },
      reserved: { tokens: num(row?.reservedTokens), costNanoUsd: num(row?.reservedCost) },
    };
  }

  async close(): Promise<void> {
    this.keepAlive.stop();
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    // Nothing of ours is in flight any more: drop the instance, so its leases stop counting at once.
    await this.query(`DELETE FROM "PolicyLease" WHERE "instanceId" = $1`, [this.instanceId]).catch(() => undefined);
    await this.query(`DELETE FROM "PolicyInstance" WHERE "id" = $1`, [this.instanceId]).catch(() => undefined);
  }
}

export interface PolicyCleanup {
  expiredLeases: number;
  goneInstances: number;
  oldWindows: number;
}

/**
 * Deletes what no admission counts any more: leases (reservations, slots) of instances silent for
 * 10 minutes, instances silent for a day, rate windows past their minute. Run by every instance's
 * heartbeat now and then, and by the cron route (serverless mode).
 */
export async function cleanupPolicyRows(query: SqlQuery, nowMs: number): Promise<PolicyCleanup> {
  const count = async (sql: string, params: unknown[]) =>
    Number((await query<{ n: number }>(`WITH d AS (${sql} RETURNING 1) SELECT count(*)::int AS n FROM d`, params))[0]?.n ?? 0);
  const expiredLeases = await count(
    `DELETE FROM "PolicyLease" l USING "PolicyInstance" i
     WHERE i."id" = l."instanceId" AND i."seenAt" < (now() AT TIME ZONE 'UTC') - interval '10 minutes'`,
    [],
  );
  const goneInstances = await count(`DELETE FROM "PolicyInstance" WHERE "seenAt" < (now() AT TIME ZONE 'UTC') - interval '1 day'`, []);
  const oldWindows = await count(`DELETE FROM "PolicyWindow" WHERE "second" < $1`, [Math.floor(nowMs / 1000) - 120]);
  return { expiredLeases, goneInstances, oldWindows };
}

/** The state as it is once an admitted request has taken what it asked for. */
export function afterAdmission(r: AdmitRequest, state: StoreState): StoreState {
  const second = Math.floor(r.nowMs / 1000);
  let requests = state.requests;
  if (r.rpmLimit !== null) {
    const found = requests.some(([s]) => s === second);
    requests = found ? requests.map(([s, n]) => [s, s === second ? n + 1 : n] as const) : [...requests, [second, 1] as const];
  }
  return {
    ...state,
    requests,
    inFlight: state.inFlight + (r.maxConcurrent !== null ? 1 : 0),
    reserved: r.budget
      ? { tokens: state.reserved.tokens + r.budget.tokens, costNanoUsd: state.reserved.costNanoUsd + r.budget.costNanoUsd }
      : state.reserved,
  };
}
