import type { BudgetPeriod } from "@/lib/api-keys/schemas";
import type { Buckets } from "@/lib/policies/window";

/**
 * The counters behind key policies. Three implementations (in-process for the embedded database,
 * PostgreSQL, Redis) pass one shared test suite (store.test.ts). Each admission is atomic: either
 * every check passes and the request takes its slot, counts against its rate window and reserves
 * its estimate, or nothing changes.
 */
export interface CounterStore {
  readonly kind: "memory" | "postgresql" | "redis";
  /** The in-process store answers admit, settle and release at once; the others with a promise. */
  admit(request: AdmitRequest): StoreAdmission | Promise<StoreAdmission>;
  /**
   * The request is over and its usage known: its slot is free, its tokens count in the token window,
   * and its reservation becomes its real spend (until the usage batch writes that to KeySpend).
   */
  settle(request: SettleRequest): void | Promise<void>;
  /** The request is over without a usage figure (error, abort): slot and reservation are let go. */
  release(keyId: string, leaseId: string): void | Promise<void>;
  /** A key's windows, slots and budget use right now, for the key page and GET /v1/usage. */
  inspect(request: InspectRequest): Promise<StoreState>;
  close(): Promise<void>;
}

export interface BudgetCheck {
  period: BudgetPeriod;
  /** ms since the epoch; 0 for "total". */
  periodStart: number;
  tokenLimit: number | null;
  costLimitNanoUsd: number | null;
  /** This request's reservation. */
  tokens: number;
  costNanoUsd: number;
}

export interface AdmitRequest {
  keyId: string;
  /** Unique per request; names its lease when it takes a slot or reserves budget. */
  leaseId: string;
  nowMs: number;
  maxConcurrent: number | null;
  rpmLimit: number | null;
  tpmLimit: number | null;
  budget: BudgetCheck | null;
}

export interface Spend {
  tokens: number;
  costNanoUsd: number;
}

export interface StoreState {
  /** Request and token buckets of the last 60 s (empty without the limit). */
  requests: Buckets;
  tokens: Buckets;
  inFlight: number;
  /** Budget of the period asked about: spent (settled) and reserved (in flight). */
  spent: Spend;
  reserved: Spend;
}

export type RefusalReason = "concurrency" | "requests" | "tokens" | "budget";

export type StoreAdmission =
  | { ok: true; leased: boolean; state: StoreState }
  | { ok: false; reason: RefusalReason; state: StoreState };

export interface SettleRequest {
  keyId: string;
  /** null when the request held no lease (a key with only rate limits). */
  leaseId: string | null;
  nowMs: number;
  /** Tokens to count in the token window (0 without a token limit). */
  windowTokens: number;
  /** The request's real spend, replacing its reservation. */
  spend: Spend;
  /** The period the reservation was made in (spend counts there, as the usage log does). */
  period: BudgetPeriod | null;
  periodStart: number | null;
}

export interface InspectRequest {
  keyId: string;
  nowMs: number;
  rpm: boolean;
  tpm: boolean;
  budget: { period: BudgetPeriod; periodStart: number } | null;
}

export const EMPTY_SPEND: Spend = { tokens: 0, costNanoUsd: 0 };
