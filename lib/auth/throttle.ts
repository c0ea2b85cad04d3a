import "server-only";
import { getDb } from "@/lib/db";

/**
 * Failed sign-ins, counted per account and per client address in the database so every instance
 * sees the same numbers. From the threshold on, each failure locks the key for twice as long
 * (30 s, 1 min, 2 min … capped at 15 min); an hour without failures starts the count afresh.
 */
const RULES = {
  account: { threshold: 5 },
  address: { threshold: 10 },
} as const;
const BASE_LOCK_S = 30;
const MAX_LOCK_S = 15 * 60;
const RESET_AFTER = "1 hour";
const RESET_AFTER_MS = 60 * 60 * 1000;

export type ThrottleScope = keyof typeof RULES;
export interface ThrottleKey {
  scope: ThrottleScope;
  value: string;
}

function id(key: ThrottleKey): string {
  return `${key.scope}:${key.value}`;
}

export function lockSeconds(failures: number, threshold: number): number {
  if (failures < threshold) return 0;
  return Math.min(MAX_LOCK_S, BASE_LOCK_S * 2 ** Math.min(failures - threshold, 16));
}

export interface ThrottleState {
  /** Failures in the current window (0 once an hour has passed without one). */
  failures: number;
  /** Seconds until the key is free again (0 when it is not locked). */
  retryAfterS: number;
}

/** Each key's recent failures and lock, in the order given. */
export async function loginThrottleState(keys: ThrottleKey[]): Promise<ThrottleState[]> {
  const db = await getDb();
  const rows = await db.loginThrottle.findMany({
    where: { key: { in: keys.map(id) } },
    select: { key: true, failures: true, lockedUntil: true, updatedAt: true },
  });
  const now = Date.now();
  const windowStart = now - RESET_AFTER_MS;
  return keys.map((key) => {
    const row = rows.find((r) => r.key === id(key));
    if (!row) return { failures: 0, retryAfterS: 0 };
    const until = row.lockedUntil?.getTime() ?? 0;
    return { failures: row.updatedAt.getTime() < windowStart ? 0 : row.failures, retryAfterS: until > now ? Math.ceil((until - now) / 1000) : 0 };
  });
}

/** Counts one failure against every key (atomically, so concurrent attempts all count); returns the new lock in seconds. */
export async function recordLoginFailure(keys: ThrottleKey[]): Promise<number> {
  const db = await getDb();
  let longest = 0;
  for (const key of keys) {
    const rows = await db.$queryRaw<{ failures: number }[]>`
      INSERT INTO "LoginThrottle" ("key", "failures", "updatedAt") VALUES (${id(key)}, 1, now())
      ON CONFLICT ("key") DO UPDATE SET
        "failures" = CASE WHEN "LoginThrottle"."updatedAt" < now() - ${RESET_AFTER}::interval THEN 1
                          ELSE "LoginThrottle"."failures" + 1 END,
        "updatedAt" = now()
      RETURNING "failures"`;
    const seconds = lockSeconds(rows[0]?.failures ?? 1, RULES[key.scope].threshold);
    if (seconds > 0) {
      await db.loginThrottle.update({ where: { key: id(key) }, data: { lockedUntil: new Date(Date.now() + seconds * 1000) } });
      longest = Math.max(longest, seconds);
    }
  }
  return longest;
}

export async function clearLoginFailures(keys: ThrottleKey[]): Promise<void> {
  const db = await getDb();
  await db.loginThrottle.deleteMany({ where: { key: { in: keys.map(id) } } });
}
