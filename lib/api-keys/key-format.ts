import { randomBytes } from "node:crypto";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const BODY_LENGTH = 32;
// 248 = 4 × 62: bytes at or above it are dropped so every character is equally likely.
const UNBIASED_LIMIT = 256 - (256 % ALPHABET.length);

export const API_KEY_PATTERN = /^sk-[A-Za-z0-9]{32}$/;

/** `sk-` + 32 characters of [A-Za-z0-9] from the CSPRNG, by rejection sampling (no modulo bias). */
export function generateApiKey(): string {
  let body = "";
  while (body.length < BODY_LENGTH) {
    for (const byte of randomBytes(48)) {
      if (byte >= UNBIASED_LIMIT) continue;
      body += ALPHABET[byte % ALPHABET.length];
      if (body.length === BODY_LENGTH) break;
    }
  }
  return `sk-${body}`;
}

/** `sk-AbCd…wXyZ`: enough to recognise a key, useless to an attacker. */
export function maskApiKey(key: string): string {
  if (key.length <= 11) return `${key.slice(0, 3)}…`;
  return `${key.slice(0, 7)}…${key.slice(-4)}`;
}

/**
 * A provider's key, of any format and length: at most an eighth of it at each end (never more than
 * 7 + 4 characters), so a short key shows almost nothing (`upstream-key-123` → `up…23`).
 */
export function maskSecret(secret: string): string {
  const part = Math.floor(secret.length / 8);
  if (part === 0) return "…";
  return `${secret.slice(0, Math.min(7, part))}…${secret.slice(-Math.min(4, part))}`;
}
