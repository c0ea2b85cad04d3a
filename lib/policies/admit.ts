import { randomUUID } from "node:crypto";
import type { ErrorCode, ErrorType } from "@/lib/http/errors";
import { estimateRequest } from "@/lib/policies/estimate";
import { periodEnd, periodStart } from "@/lib/policies/periods";
import { hasBudget, usesStore, type KeyPolicy } from "@/lib/policies/policy";
import type { BudgetCheck, CounterStore, RefusalReason, StoreAdmission, StoreState } from "@/lib/policies/store/types";
import { formatReset, viewOf, waitUntilAtMost } from "@/lib/policies/window";
import { costNanoUsd, type PriceBook } from "@/lib/prices";

export interface AdmitInput {
  policy: KeyPolicy;
  store: CounterStore;
  /** The endpoint under /v1 (estimates differ for embeddings). */
  endpoint: string;
  /** The requested model; null for endpoints without one. */
  model: string | null;
  clientIp: string | null;
  /** The JSON body, read only when a budget needs an estimate. */
  body: Record<string, unknown> | null;
  prices: PriceBook | null;
  nowMs?: number;
}

export interface Refusal {
  ok: false;
  code: ErrorCode;
  type?: ErrorType;
  message: string;
  param: string | null;
  headers: Record<string, string>;
}

/** A request's hold on its key's counters: settled or released exactly once, whatever happens. */
export interface Lease {
  /** Set while the request holds a store lease (a slot or a reservation). */
  readonly id: string | null;
  /** x-ratelimit-* headers for the response. */
  readonly headers: Record<string, string>;
  /**
   * The request is over. With known usage its tokens and cost replace the reservation (and the id
   * to attach to its usage event is returned); without, slot and reservation are let go.
   */
  finish(usage: { totalTokens: number | null; costNanoUsd: number }): string | null;
  /**
   * Resolves once what finish() started has reached the counters, so an answer can wait for its
   * slot to be free before the client sees it (and sends its next request). Never rejects.
   * Undefined when there is nothing to wait for (the in-process counters are told at once).
   */
  finished(): Promise<void> | undefined;
}

export type Admission = { ok: true; lease: Lease } | Refusal;

const NO_LEASE: Lease = { id: null, headers: {}, finish: () => null, finished: () => undefined };

const usd = (nano: number) => {
  const dollars = nano / 1e9;
  return `$${dollars >= 1 ? dollars.toFixed(2) : dollars.toPrecision(2).replace(/0+$/, "").replace(/\.$/, "")}`;
};

function retryHeaders(ms: number): Record<string, string> {
  const wait = Math.max(1, Math.ceil(ms));
  return { "retry-after": String(Math.max(1, Math.ceil(wait / 1000))), "retry-after-ms": String(wait) };
}

/** OpenAI's x-ratelimit-* headers from a window state. */
export function rateLimitHeaders(policy: KeyPolicy, state: Pick<StoreState, "requests" | "tokens">, nowMs: number): Record<string, string> {
  const headers: Record<string, string> = {};
  if (policy.rpmLimit !== null) {
    const v = viewOf(state.requests, policy.rpmLimit, nowMs);
    headers["x-ratelimit-limit-requests"] = String(v.limit);
    headers["x-ratelimit-remaining-requests"] = String(v.remaining);
    headers["x-ratelimit-reset-requests"] = formatReset(v.resetMs);
  }
  if (policy.tpmLimit !== null) {
    const v = viewOf(state.tokens, policy.tpmLimit, nowMs);
    headers["x-ratelimit-limit-tokens"] = String(v.limit);
    headers["x-ratelimit-remaining-tokens"] = String(v.remaining);
    headers["x-ratelimit-reset-tokens"] = formatReset(v.resetMs);
  }
  return headers;
}

const refuse = (code: ErrorCode, message: string, param: string | null = null, headers: Record<string, string> = {}, type?: ErrorType): Refusal => ({
  ok: false,
  code,
  type,
  message,
  param,
  headers,
});

/** Checks the allowlists before anything is counted: IP, then model. */
export function checkAccess(policy: KeyPolicy, model: string | null, clientIp: string | null): Refusal | null {
  if (policy.ipAllowed && !policy.ipAllowed(clientIp)) {
    return refuse("ip_not_allowed", `This API key may not be used from ${clientIp ? `the address ${clientIp}` : "an unknown address"}. An admin can add it to the key's allowed IPs.`);
  }
  if (model !== null && policy.modelAllowed && !policy.modelAllowed(model)) {
    return refuse("model_not_allowed", `This API key may not use the model \`${model}\`. Allowed models: ${policy.allowedModels.join(", ")}.`, "model");
  }
  return null;
}

// A lease id only has to be unique among every instance's leases: a random prefix per process and
// a counter cost less than a UUID per request.
const LEASE_PREFIX = `${randomUUID()}-`;
let leaseCount = 0;

/**
 * Decides whether a request may go upstream, in the policy order (IP, model, concurrency, rate
 * limits, budget; expiry is checked with the key). Concurrency, rate limits and budget are one
 * atomic step in the counter store: a refused request takes nothing and counts against nothing.
 * Answers at once (no promise) when the counter store does; a failing store throws or rejects.
 */
export function admit(input: AdmitInput): Admission | Promise<Admission> {
  const { policy, store } = input;
  const nowMs = input.nowMs ?? Date.now();
  const denied = checkAccess(policy, input.model, input.clientIp);
  if (denied) return denied;
  if (!usesStore(policy)) return { ok: true, lease: NO_LEASE };

  let budget: BudgetCheck | null = null;
  if (hasBudget(policy)) {
    const price = input.model !== null && input.prices ? input.prices.lookup(input.model) : null;
    if (policy.costBudgetNanoUsd !== null && !price) {
      return refuse(
        "model_price_unknown",
        `The model \`${input.model ?? ""}\` has no price, and this API key has a cost budget, so its cost could not be counted. An admin can add the price on the Models & pricing page (or with POST /api/prices).`,
        "model",
      );
    }
    const estimate = estimateRequest(input.endpoint, input.body ?? {}, price?.maxOutputTokens ?? null);
    budget = {
      period: policy.budgetPeriod,
      periodStart: periodStart(policy.budgetPeriod, nowMs),
      tokenLimit: policy.tokenBudget,
      costLimitNanoUsd: policy.costBudgetNanoUsd,
      tokens: estimate.promptTokens + estimate.maxOutputTokens,
      costNanoUsd: price ? costNanoUsd(price, estimate.promptTokens, estimate.maxOutputTokens) : 0,
    };
  }

  const leaseId = LEASE_PREFIX + (leaseCount++).toString(36);
  const result = store.admit({
    keyId: policy.keyId,
    leaseId,
    nowMs,
    maxConcurrent: policy.maxConcurrent,
    rpmLimit: policy.rpmLimit,
    tpmLimit: policy.tpmLimit,
    budget,
  });
  return result instanceof Promise ? result.then((r) => admission(r, policy, store, leaseId, budget, nowMs)) : admission(result, policy, store, leaseId, budget, nowMs);
}

/** The store's answer as an admission: a refusal in words, or the request's lease. */
function admission(result: StoreAdmission, policy: KeyPolicy, store: CounterStore, leaseId: string, budget: BudgetCheck | null, nowMs: number): Admission {
  const headers = rateLimitHeaders(policy, result.state, nowMs);
  if (!result.ok) return refusal(result.reason, policy, result.state, budget, headers, nowMs);

  const lease = result.leased ? leaseId : null;
  let done = false;
  let pending: Promise<void> | undefined;
  // The store's answer to a settle or release: a promise is waited for by finished(), an error logged.
  const settling = (run: () => void | Promise<void>) => {
    try {
      const result = run();
      if (result instanceof Promise) pending = result.catch(logStoreError);
    } catch (error) {
      logStoreError(error);
    }
  };
  return {
    ok: true,
    lease: {
      id: lease,
      headers,
      finished: () => pending,
      finish(usage) {
        if (done) return null;
        done = true;
        const known = usage.totalTokens !== null;
        if (!known) {
          if (lease) settling(() => store.release(policy.keyId, lease));
          return null;
        }
        const windowTokens = policy.tpmLimit !== null ? (usage.totalTokens ?? 0) : 0;
        if (!lease && windowTokens === 0) return null;
        settling(() =>
          store.settle({
            keyId: policy.keyId,
            leaseId: lease,
            nowMs: Date.now(),
            windowTokens,
            spend: { tokens: usage.totalTokens ?? 0, costNanoUsd: usage.costNanoUsd },
            period: budget?.period ?? null,
            periodStart: budget?.periodStart ?? null,
          }),
        );
        return budget ? lease : null;
      },
    },
  };
}

function logStoreError(error: unknown): void {
  console.error("[keygate] key limit counters:", (error as Error).message);
}

function refusal(
  reason: RefusalReason,
  policy: KeyPolicy,
  state: StoreState,
  budget: BudgetCheck | null,
  rateHeaders: Record<string, string>,
  nowMs: number,
): Refusal {
  switch (reason) {
    case "concurrency":
      return refuse(
        "concurrency_limit_exceeded",
        `Too many requests in flight for this API key: Limit ${policy.maxConcurrent}, in flight ${state.inFlight}. Try again when one of them has finished.`,
        null,
        { ...rateHeaders, ...retryHeaders(1000) },
      );
    case "requests":
      return windowRefusal("requests", policy.rpmLimit ?? 0, state.requests, rateHeaders, nowMs);
    case "tokens":
      return windowRefusal("tokens", policy.tpmLimit ?? 0, state.tokens, rateHeaders, nowMs);
    case "budget":
      return budgetRefusal(policy, state, budget, rateHeaders, nowMs);
  }
}

/** OpenAI's wording: "Rate limit reached for requests per minute (RPM) …: Limit 60, Used 60, Requested 1. Please try again in 12s." */
function windowRefusal(kind: "requests" | "tokens", limit: number, buckets: StoreState["requests"], rateHeaders: Record<string, string>, nowMs: number): Refusal {
  // Requests need room for one more; tokens only need the window below its limit.
  const wait = waitUntilAtMost(buckets, limit - 1, nowMs);
  const used = viewOf(buckets, limit, nowMs).used;
  const what = kind === "requests" ? "requests per minute (RPM)" : "tokens per minute (TPM)";
  const counts = kind === "requests" ? `Limit ${limit}, Used ${used}, Requested 1` : `Limit ${limit}, Used ${used}`;
  return refuse(
    "rate_limit_exceeded",
    `Rate limit reached for ${what} on this API key: ${counts}. Please try again in ${Math.max(1, Math.ceil(wait / 1000))}s.`,
    null,
    { ...rateHeaders, ...retryHeaders(wait) },
    kind,
  );
}

function budgetRefusal(
  policy: KeyPolicy,
  state: StoreState,
  budget: BudgetCheck | null,
  rateHeaders: Record<string, string>,
  nowMs: number,
): Refusal {
  const b = budget ?? { tokenLimit: null, costLimitNanoUsd: null, tokens: 0, costNanoUsd: 0 };
  const period = policy.budgetPeriod === "total" ? "total" : `${policy.budgetPeriod === "day" ? "daily" : `${policy.budgetPeriod}ly`}`;
  const costOver = b.costLimitNanoUsd !== null && state.spent.costNanoUsd + state.reserved.costNanoUsd + b.costNanoUsd > b.costLimitNanoUsd;
  const detail = costOver
    ? `spent ${usd(state.spent.costNanoUsd)} and ${usd(state.reserved.costNanoUsd)} reserved by requests in flight, of ${usd(b.costLimitNanoUsd ?? 0)}; this request may cost up to ${usd(b.costNanoUsd)}`
    : `spent ${state.spent.tokens} tokens and ${state.reserved.tokens} reserved by requests in flight, of ${b.tokenLimit ?? 0}; this request may use up to ${b.tokens}`;
  // Spent for good (until the period resets), or only held by requests in flight that may settle lower.
  const spentForGood = costOver
    ? state.spent.costNanoUsd + b.costNanoUsd > (b.costLimitNanoUsd ?? 0)
    : state.spent.tokens + b.tokens > (b.tokenLimit ?? 0);
  const end = periodEnd(policy.budgetPeriod, nowMs);
  const when = end === null ? "This budget never resets; an admin can raise it." : `The budget resets at ${new Date(end).toISOString()}.`;
  const hint = b.tokens > 0 ? " A lower max_tokens reserves less." : "";
  const headers: Record<string, string> = { ...rateHeaders };
  if (spentForGood) {
    headers["x-should-retry"] = "false";
    if (end !== null) Object.assign(headers, retryHeaders(end - nowMs));
  } else {
    Object.assign(headers, retryHeaders(1000));
  }
  return refuse(
    "insufficient_quota",
    `You exceeded this API key's ${period} budget: ${detail}. ${when}${spentForGood ? "" : " Requests in flight may leave room when they finish."}${hint}`,
    null,
    headers,
  );
}
