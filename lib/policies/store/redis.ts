import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { LeaseKeepAlive } from "@/lib/policies/store/keep-alive";
import { ADMIT, FILL, FORGET, INSPECT, SETTLE } from "@/lib/policies/store/redis-scripts";
import { afterAdmission } from "@/lib/policies/store/postgres";
import type { Buckets } from "@/lib/policies/window";
import type {
  AdmitRequest,
  CounterStore,
  InspectRequest,
  RefusalReason,
  SettleRequest,
  Spend,
  StoreAdmission,
  StoreState,
} from "@/lib/policies/store/types";

const HEARTBEAT_MS = 5_000;
const INSTANCE_TTL_MS = 30_000;
/** The spend mirror is read afresh from KeySpend this often, so any drift is short-lived. */
const MIRROR_TTL_MS = 60_000;

type ScriptRedis = Redis & {
  kgAdmit(...args: (string | number)[]): Promise<string>;
  kgSettle(...args: (string | number)[]): Promise<number>;
  kgForget(...args: (string | number)[]): Promise<number>;
  kgInspect(...args: (string | number)[]): Promise<string>;
  kgFill(...args: (string | number)[]): Promise<number>;
};

interface ScriptResult {
  init?: boolean;
  ok?: boolean;
  reason?: RefusalReason | null;
  requests?: unknown;
  tokens?: unknown;
  inFlight?: number;
  spentTokens?: string;
  spentCost?: string;
  reservedTokens?: string;
  reservedCost?: string;
}

const num = (v: unknown) => Number(v ?? 0);
// cjson writes an empty Lua table as {}.
const buckets = (v: unknown): Buckets => (Array.isArray(v) ? v.map((b) => [num(b[0]), num(b[1])] as const) : []);
const prefix = (keyId: string) => `kg:{${keyId}}:`;
const periodKey = (period: string, start: number) => `${period}:${start}`;

function stateOf(r: ScriptResult): StoreState {
  return {
    requests: buckets(r.requests),
    tokens: buckets(r.tokens),
    inFlight: num(r.inFlight),
    spent: { tokens: Math.max(0, num(r.spentTokens)), costNanoUsd: Math.max(0, num(r.spentCost)) },
    reserved: { tokens: num(r.reservedTokens), costNanoUsd: num(r.reservedCost) },
  };
}

/**
 * Counters in Redis (REDIS_URL), through ioredis: one script call per admission. Spend itself stays
 * in PostgreSQL (KeySpend, written with the logs; Redis keeps nothing across restarts here): Redis
 * holds a mirror of it, filled from `loadSpend` when missing and kept current as batches commit.
 */
export class RedisStore implements CounterStore {
  readonly kind = "redis" as const;
  readonly instanceId = `i_${randomUUID()}`;
  private readonly redis: ScriptRedis;
  private timer: NodeJS.Timeout | undefined;
  private beatAt = 0;
  /** Serverless: heartbeats while a lease is held (a long stream), so it keeps counting. */
  private readonly keepAlive: LeaseKeepAlive;

  /** `timers: false` (serverless mode): the heartbeat is sent before an admission when stale, not by an interval. */
  constructor(
    url: string,
    private readonly loadSpend: (keyId: string, period: string, periodStart: number) => Promise<Spend>,
    private readonly options: { timers: boolean } = { timers: true },
  ) {
    // Fail fast while Redis is away (the caller falls back to PostgreSQL) instead of queueing.
    const redis = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2_000, commandTimeout: 2_000, lazyConnect: true });
    redis.on("error", () => undefined); // reported by the caller when a command fails
    redis.defineCommand("kgAdmit", { numberOfKeys: 4, lua: ADMIT });
    redis.defineCommand("kgSettle", { numberOfKeys: 2, lua: SETTLE });
    redis.defineCommand("kgForget", { numberOfKeys: 1, lua: FORGET });
    redis.defineCommand("kgInspect", { numberOfKeys: 4, lua: INSPECT });
    redis.defineCommand("kgFill", { numberOfKeys: 2, lua: FILL });
    this.redis = redis as ScriptRedis;
    this.keepAlive = new LeaseKeepAlive(() => void this.heartbeat().catch(() => undefined), HEARTBEAT_MS, !options.timers);
  }

  async start(): Promise<void> {
    await this.redis.connect();
    await this.heartbeat();
    if (!this.options.timers) return;
    this.timer = setInterval(() => {
      this.heartbeat().catch(() => undefined);
    }, HEARTBEAT_MS);
    this.timer.unref();
  }

  private async heartbeat(): Promise<void> {
    this.beatAt = Date.now();
    await this.redis.set(`kg:inst:${this.instanceId}`, "1", "PX", INSTANCE_TTL_MS);
  }

  /** Whether the connection is up (the store falls back to PostgreSQL while it is not). */
  get ready(): boolean {
    return this.redis.status === "ready";
  }

  /** Reconnects after an outage; resolves once Redis answers again. */
  async revive(): Promise<void> {
    if (this.redis.status === "end" || this.redis.status === "wait") await this.redis.connect().catch(() => undefined);
    await this.heartbeat();
  }

  async admit(r: AdmitRequest): Promise<StoreAdmission> {
    if (!this.options.timers && Date.now() - this.beatAt >= HEARTBEAT_MS) await this.heartbeat();
    const p = prefix(r.keyId);
    const period = r.budget ? periodKey(r.budget.period, r.budget.periodStart) : "";
    const spendKey = r.budget ? `${p}s:${period}` : `${p}s:none`;
    const args = [
      `${p}r`, `${p}t`, `${p}l`, spendKey,
      r.nowMs, r.leaseId, this.instanceId, r.maxConcurrent ?? "", r.rpmLimit ?? "", r.tpmLimit ?? "", period,
      r.budget?.tokenLimit ?? "", r.budget?.costLimitNanoUsd ?? "", r.budget?.tokens ?? 0, r.budget?.costNanoUsd ?? 0,
    ];
    let result = JSON.parse(await this.redis.kgAdmit(...args)) as ScriptResult;
    for (let attempt = 0; result.init && r.budget; attempt++) {
      if (attempt === 5) throw new Error("the Redis spend mirror could not be filled from KeySpend");
      await this.fillMirror(r.keyId, r.budget.period, r.budget.periodStart);
      result = JSON.parse(await this.redis.kgAdmit(...args)) as ScriptResult;
    }
    const state = stateOf(result);
    if (!result.ok) return { ok: false, reason: result.reason ?? "budget", state };
    const leased = r.maxConcurrent !== null || r.budget !== null;
    if (leased) this.keepAlive.hold(r.leaseId);
    return { ok: true, leased, state: afterAdmission(r, state) };
  }

  /** Copies KeySpend into the mirror, starting over if a batch landed while it was being read. */
  private async fillMirror(keyId: string, period: string, periodStart: number): Promise<void> {
    const p = prefix(keyId);
    const key = periodKey(period, periodStart);
    for (let attempt = 0; attempt < 5; attempt++) {
      const generation = (await this.redis.get(`${p}g:${key}`)) ?? "0";
      const spend = await this.loadSpend(keyId, period, periodStart);
      if (await this.redis.kgFill(`${p}s:${key}`, `${p}g:${key}`, generation, spend.tokens, spend.costNanoUsd, MIRROR_TTL_MS)) return;
    }
  }

  async settle(r: SettleRequest): Promise<void> {
    this.keepAlive.drop(r.leaseId);
    if (r.windowTokens <= 0 && r.leaseId === null) return;
    const p = prefix(r.keyId);
    await this.redis.kgSettle(`${p}t`, `${p}l`, r.nowMs, r.leaseId ?? "", r.windowTokens, r.spend.tokens, r.spend.costNanoUsd);
  }

  async release(keyId: string, leaseId: string): Promise<void> {
    this.keepAlive.drop(leaseId);
    await this.redis.hdel(`${prefix(keyId)}l`, leaseId);
  }

  /** The usage batch holding these settled leases is in KeySpend now. */
  async forget(leases: { keyId: string; leaseId: string }[]): Promise<void> {
    const byKey = new Map<string, string[]>();
    for (const { keyId, leaseId } of leases) byKey.set(keyId, [...(byKey.get(keyId) ?? []), leaseId]);
    const pipeline = this.redis.pipeline();
    for (const [keyId, ids] of byKey) (pipeline as unknown as ScriptRedis).kgForget(`${prefix(keyId)}l`, prefix(keyId), ...ids);
    await pipeline.exec();
  }

  async inspect(r: InspectRequest): Promise<StoreState> {
    const p = prefix(r.keyId);
    const period = r.budget ? periodKey(r.budget.period, r.budget.periodStart) : "";
    const raw = JSON.parse(await this.redis.kgInspect(`${p}r`, `${p}t`, `${p}l`, `${p}s:${period || "none"}`, r.nowMs, period)) as ScriptResult;
    const state = stateOf(raw);
    if (r.budget && num(raw.spentTokens) < 0) state.spent = await this.loadSpend(r.keyId, r.budget.period, r.budget.periodStart);
    return { ...state, requests: r.rpm ? state.requests : [], tokens: r.tpm ? state.tokens : [] };
  }

  async close(): Promise<void> {
    this.keepAlive.stop();
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.redis.del(`kg:inst:${this.instanceId}`).catch(() => undefined);
    this.redis.disconnect();
  }
}
