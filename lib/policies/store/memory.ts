import { PERIODS, periodStart } from "@/lib/policies/periods";
import { windowStart } from "@/lib/policies/window";
import {
  EMPTY_SPEND,
  type AdmitRequest,
  type CounterStore,
  type InspectRequest,
  type SettleRequest,
  type Spend,
  type StoreAdmission,
  type StoreState,
} from "@/lib/policies/store/types";

// The embedded database has one process, so the counters live in it: no database round trip on the
// request path. Spend is the truth from start-up on: KeySpend as loaded, plus every request recorded
// since (the same events the usage batch adds to KeySpend).

interface Lease {
  slot: boolean;
  settled: boolean;
  spendKey: string | null;
  spend: Spend;
}

interface KeyState {
  requests: Map<number, number>;
  tokens: Map<number, number>;
  leases: Map<string, Lease>;
  /** "period|periodStart" → spend written or recorded. */
  spent: Map<string, Spend>;
}

export interface SpendRow {
  apiKeyId: string;
  period: string;
  periodStart: number;
  tokens: number;
  costNanoUsd: number;
}

const spendKey = (period: string, start: number) => `${period}|${start}`;

const DAY_MS = 86_400_000;

/**
 * The spend keys of the periods holding `at`, for every period. Every recorded request asks; all
 * of a day's requests share one answer, so it is worked out once a day, not per request.
 */
const periodKeys = (() => {
  let day = Number.NaN;
  let keys: string[] = [];
  return (at: number): string[] => {
    const today = Math.floor(at / DAY_MS);
    if (today !== day) {
      keys = PERIODS.map((period) => spendKey(period, periodStart(period, at)));
      day = today;
    }
    return keys;
  };
})();

export class MemoryStore implements CounterStore {
  readonly kind = "memory" as const;
  private readonly keys = new Map<string, KeyState>();

  constructor(initial: SpendRow[] = []) {
    for (const row of initial) this.state(row.apiKeyId).spent.set(spendKey(row.period, row.periodStart), { tokens: row.tokens, costNanoUsd: row.costNanoUsd });
  }

  private state(keyId: string): KeyState {
    let s = this.keys.get(keyId);
    if (!s) {
      s = { requests: new Map(), tokens: new Map(), leases: new Map(), spent: new Map() };
      this.keys.set(keyId, s);
    }
    return s;
  }

  private snapshot(s: KeyState, nowMs: number, budget: { period: string; periodStart: number } | null): StoreState {
    const from = windowStart(nowMs);
    prune(s.requests, from);
    prune(s.tokens, from);
    let inFlight = 0;
    const reserved = { tokens: 0, costNanoUsd: 0 };
    const wanted = budget ? spendKey(budget.period, budget.periodStart) : null;
    for (const lease of s.leases.values()) {
      if (lease.slot && !lease.settled) inFlight++;
      if (wanted !== null && lease.spendKey === wanted) {
        reserved.tokens += lease.spend.tokens;
        reserved.costNanoUsd += lease.spend.costNanoUsd;
      }
    }
    return {
      requests: [...s.requests],
      tokens: [...s.tokens],
      inFlight,
      spent: (wanted !== null && s.spent.get(wanted)) || EMPTY_SPEND,
      reserved,
    };
  }

  // admit, settle and release answer at once (no promise): nothing here waits for anything.
  admit(r: AdmitRequest): StoreAdmission {
    const s = this.state(r.keyId);
    const state = this.snapshot(s, r.nowMs, r.budget);
    const refusal = firstRefusal(r, state);
    if (refusal) return { ok: false, reason: refusal, state };
    // The state after admission is the one before plus this request (not a second pass over the leases).
    if (r.rpmLimit !== null) {
      const second = Math.floor(r.nowMs / 1000);
      s.requests.set(second, (s.requests.get(second) ?? 0) + 1);
      state.requests = [...s.requests];
    }
    const leased = r.maxConcurrent !== null || r.budget !== null;
    if (leased) {
      const spend = r.budget ? { tokens: r.budget.tokens, costNanoUsd: r.budget.costNanoUsd } : EMPTY_SPEND;
      s.leases.set(r.leaseId, { slot: r.maxConcurrent !== null, settled: false, spendKey: r.budget ? spendKey(r.budget.period, r.budget.periodStart) : null, spend });
      if (r.maxConcurrent !== null) state.inFlight++;
      state.reserved.tokens += spend.tokens;
      state.reserved.costNanoUsd += spend.costNanoUsd;
    }
    return { ok: true, leased, state };
  }

  settle(r: SettleRequest): void {
    const s = this.state(r.keyId);
    if (r.windowTokens > 0) {
      const second = Math.floor(r.nowMs / 1000);
      s.tokens.set(second, (s.tokens.get(second) ?? 0) + r.windowTokens);
    }
    const lease = r.leaseId ? s.leases.get(r.leaseId) : undefined;
    if (!lease || !r.leaseId) return;
    // A slot alone is done; a reservation holds the real spend until its usage event is recorded.
    if (lease.spendKey === null) s.leases.delete(r.leaseId);
    else {
      lease.settled = true;
      lease.spend = r.spend;
    }
  }

  release(keyId: string, leaseId: string): void {
    this.keys.get(keyId)?.leases.delete(leaseId);
  }

  /** A request's spend was recorded (queued for KeySpend): it counts as spent, its lease is done. */
  recorded(keyId: string, at: number, spend: Spend, leaseId: string | null): void {
    const s = this.state(keyId);
    if (leaseId) s.leases.delete(leaseId);
    if (spend.tokens === 0 && spend.costNanoUsd === 0) return;
    for (const id of periodKeys(at)) {
      const current = s.spent.get(id) ?? EMPTY_SPEND;
      s.spent.set(id, { tokens: current.tokens + spend.tokens, costNanoUsd: current.costNanoUsd + spend.costNanoUsd });
    }
    // Spend of past periods is never asked for again.
    if (s.spent.size > PERIODS.length * 2) {
      const current = new Set(periodKeys(Date.now()));
      for (const id of s.spent.keys()) if (!current.has(id)) s.spent.delete(id);
    }
  }

  async inspect(r: InspectRequest): Promise<StoreState> {
    return this.snapshot(this.state(r.keyId), r.nowMs, r.budget);
  }

  async close(): Promise<void> {
    this.keys.clear();
  }
}

function prune(buckets: Map<number, number>, from: number): void {
  for (const second of buckets.keys()) if (second < from) buckets.delete(second);
}

/** The first check the request fails, in the policy order (concurrency, requests, tokens, budget). */
export function firstRefusal(r: AdmitRequest, state: StoreState): "concurrency" | "requests" | "tokens" | "budget" | null {
  if (r.maxConcurrent !== null && state.inFlight >= r.maxConcurrent) return "concurrency";
  if (r.rpmLimit !== null && sum(state.requests) + 1 > r.rpmLimit) return "requests";
  if (r.tpmLimit !== null && sum(state.tokens) >= r.tpmLimit) return "tokens";
  if (r.budget) {
    const { tokenLimit, costLimitNanoUsd, tokens, costNanoUsd } = r.budget;
    if (tokenLimit !== null && state.spent.tokens + state.reserved.tokens + tokens > tokenLimit) return "budget";
    if (costLimitNanoUsd !== null && state.spent.costNanoUsd + state.reserved.costNanoUsd + costNanoUsd > costLimitNanoUsd) return "budget";
  }
  return null;
}

const sum = (buckets: StoreState["requests"]) => buckets.reduce((a, [, n]) => a + n, 0);
