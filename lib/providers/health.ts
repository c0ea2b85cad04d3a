import { processSingleton } from "@/lib/singleton";

// A circuit breaker per provider, in this process: after FAILURES_TO_OPEN failures in a row
// (unreachable, timed out, 429 or 5xx before the first byte) the provider is skipped for a
// cool-down; after it the provider is tried again ("half open"): one more failure opens the circuit
// for another cool-down at once, a success closes it.
// A skipped provider is still tried when no other provider serving the model is left.

export const FAILURES_TO_OPEN = 3;

interface Health {
  failures: number;
  /** Until when (ms since epoch) the provider is skipped; 0 when its circuit is closed. */
  openUntil: number;
}

const state = processSingleton("provider-health", () => new Map<string, Health>());

function health(id: string): Health {
  let h = state.get(id);
  if (!h) state.set(id, (h = { failures: 0, openUntil: 0 }));
  return h;
}

/** Whether requests should pass this provider by for now. */
export function isCoolingDown(id: string, nowMs = Date.now()): boolean {
  const h = state.get(id);
  return h !== undefined && nowMs < h.openUntil;
}

export function reportFailure(id: string, cooldownMs: number, nowMs = Date.now()): void {
  const h = health(id);
  h.failures++;
  if (h.failures >= FAILURES_TO_OPEN) h.openUntil = nowMs + cooldownMs;
}

export function reportSuccess(id: string): void {
  state.delete(id);
}

/** For tests: forget every provider's failures. */
export function resetHealth(): void {
  state.clear();
}
