/** Hygiene hints the dashboard shows next to a key (the seed's best practices). Client-safe. */
/** The default of the "Rotation reminder age" setting (rotationReminderDays). */
export const ROTATE_AFTER_DAYS = 90;
export const IDLE_AFTER_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface KeyHints {
  /** Its secret is older than the rotation reminder age (default 90 days): rotate it. */
  rotate: boolean;
  /** Never used: likely not needed, disable it. */
  unused: boolean;
  /** Used once, but not for 30 days. */
  idle: boolean;
}

/** `rotatedAt`: when the current secret was issued by a rotation; the age counts from there (else from creation). */
export function keyHints(
  key: { createdAt: Date; rotatedAt?: Date | null; lastUsedAt: Date | null; usageCount: number },
  now = Date.now(),
  rotateAfterDays = ROTATE_AFTER_DAYS,
): KeyHints {
  const days = (date: Date) => (now - date.getTime()) / DAY_MS;
  return {
    rotate: days(key.rotatedAt ?? key.createdAt) >= rotateAfterDays,
    unused: key.usageCount === 0,
    idle: key.lastUsedAt !== null && days(key.lastUsedAt) >= IDLE_AFTER_DAYS,
  };
}
