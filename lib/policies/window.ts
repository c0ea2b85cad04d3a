// Sliding rate-limit windows of 60 one-second buckets. Every store keeps the same buckets (a map of
// second → amount) and hands them here, so what is admitted, and what the headers say, is computed once.

export const WINDOW_SECONDS = 60;
export const WINDOW_MS = WINDOW_SECONDS * 1000;

/** Buckets as [second since the epoch, amount], any order; those outside the window are ignored. */
export type Buckets = readonly (readonly [number, number])[];

export interface WindowView {
  limit: number;
  /** Counted in the window, after this request when it was admitted. */
  used: number;
  remaining: number;
  /** Milliseconds until the oldest counted second leaves the window (0 when nothing is counted). */
  resetMs: number;
}

/** The second a time falls in, and the first second still inside the window ending there. */
export function windowStart(nowMs: number): number {
  return Math.floor(nowMs / 1000) - WINDOW_SECONDS + 1;
}

/** The buckets inside the window, oldest first (read only: it may be `buckets` itself). */
function live(buckets: Buckets, nowMs: number): Buckets {
  const from = windowStart(nowMs);
  // Usually every bucket is live and in order already (the stores prune old seconds and add new
  // ones at the end): then nothing is copied or sorted. Asked several times per limited request.
  let previous = -Infinity;
  let ready = true;
  for (const [s, n] of buckets) {
    if (s < from || n <= 0 || s < previous) {
      ready = false;
      break;
    }
    previous = s;
  }
  if (ready) return buckets;
  return buckets.filter(([s, n]) => s >= from && n > 0).sort((a, b) => a[0] - b[0]);
}

export function usedIn(buckets: Buckets, nowMs: number): number {
  return live(buckets, nowMs).reduce((sum, [, n]) => sum + n, 0);
}

/** When second `s` leaves the window, in milliseconds from now. */
const leavesIn = (s: number, nowMs: number) => Math.max(0, (s + WINDOW_SECONDS) * 1000 - nowMs);

export function viewOf(buckets: Buckets, limit: number, nowMs: number): WindowView {
  const counted = live(buckets, nowMs);
  const used = counted.reduce((sum, [, n]) => sum + n, 0);
  const oldest = counted[0];
  return { limit, used, remaining: Math.max(0, limit - used), resetMs: oldest ? leavesIn(oldest[0], nowMs) : 0 };
}

/**
 * How long until the window holds at most `allowed` (oldest seconds leave first), in ms; 0 if it
 * already does. Requests: allowed = limit - 1 (room for one more). Tokens: allowed = limit - 1 (any room).
 */
export function waitUntilAtMost(buckets: Buckets, allowed: number, nowMs: number): number {
  const counted = live(buckets, nowMs);
  let used = counted.reduce((sum, [, n]) => sum + n, 0);
  for (const [s, n] of counted) {
    if (used <= allowed) break;
    used -= n;
    if (used <= allowed) return leavesIn(s, nowMs);
  }
  return used <= allowed ? 0 : WINDOW_MS;
}

/** OpenAI's duration format for x-ratelimit-reset-*: "1s", "350ms", "6m0s", "1h2m3s". */
export function formatReset(ms: number): string {
  if (ms <= 0) return "0s";
  if (ms < 1000) return `${Math.ceil(ms)}ms`;
  const total = Math.ceil(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h}h${m}m${s}s`;
  if (m > 0) return `${m}m${s}s`;
  return `${s}s`;
}

/** The inverse of formatReset: "6m0s" → 360000 ms (0 for anything unreadable). */
export function parseReset(text: string): number {
  const match = /^(?:(\d+)h)?(?:(\d+)m(?!s))?(?:(\d+)s)?$|^(\d+)ms$/.exec(text.trim());
  if (!match) return 0;
  if (match[4] !== undefined) return Number(match[4]);
  return (Number(match[1] ?? 0) * 3600 + Number(match[2] ?? 0) * 60 + Number(match[3] ?? 0)) * 1000;
}
