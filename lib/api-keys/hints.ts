/** Hygiene hints the dashboard shows next to a key (the seed's best practices). Client-safe. */
export const ROTATE_AFTER_DAYS = 90;
export const IDLE_AFTER_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface KeyHints {
  /** Older than 90 days: replace it. */
  rotate: boolean;
  /** Never used: likely not needed, disable it. */
  unused: boolean;
  /** Used once, but not for 30 days. */
  idle: boolean;
}

export function keyHints(key: { createdAt: Date; lastUsedAt: Date | null; usageCount: number }, now = Date.now()): KeyHints {
  const days = (date: Date) => (now - date.getTime()) / DAY_MS;
  return {
    rotate: days(key.createdAt) >= ROTATE_AFTER_DAYS,
    unused: key.usageCount === 0,
    idle: key.lastUsedAt !== null && days(key.lastUsedAt) >= IDLE_AFTER_DAYS,
  };
}
