import "server-only";
import { cacheGeneration, onInvalidate } from "@/lib/cache/invalidation";
import { sha256Hex } from "@/lib/crypto";
import { getDb } from "@/lib/db";
import { processSingleton } from "@/lib/singleton";
import { API_KEY_PATTERN } from "@/lib/api-keys/key-format";
import { previousSecretAccepted, type SecretUsed } from "@/lib/api-keys/rotation";
import { POLICY_SELECT } from "@/lib/api-keys/select";
import { compilePolicy, type KeyPolicy } from "@/lib/policies/policy";

export type VerifyResult =
  | { ok: true; keyId: string; policy: KeyPolicy; secret: SecretUsed }
  | { ok: false; code: "invalid_api_key" | "api_key_disabled" }
  | { ok: false; code: "api_key_expired"; keyId: string; expiresAt: number; secret: SecretUsed };

interface Entry {
  id: string;
  enabled: boolean;
  policy: KeyPolicy;
  /** Which secret this hash is; a previous one carries the end of its grace period (epoch ms). */
  secret: SecretUsed;
  previousExpiresAt: number | null;
}

const NEGATIVE_TTL_MS = 60_000;
const MAX_ENTRIES = 100_000;

// Known keys by hash, and recently seen unknown hashes, so neither a busy client nor a guessing
// flood reaches the database. Cleared on every key change (see lib/cache/invalidation).
const cache = processSingleton("api-key-cache", () => ({
  known: new Map<string, Entry>(),
  unknown: new Map<string, number>(),
  keyCount: undefined as number | undefined,
}));
onInvalidate(() => {
  cache.known.clear();
  cache.unknown.clear();
  cache.keyCount = undefined;
});

function rememberUnknown(hash: string): void {
  if (cache.unknown.size >= MAX_ENTRIES) {
    // Oldest first: Map keeps insertion order.
    const oldest = cache.unknown.keys().next().value;
    if (oldest !== undefined) cache.unknown.delete(oldest);
  }
  cache.unknown.set(hash, Date.now() + NEGATIVE_TTL_MS);
}

const INVALID: VerifyResult = { ok: false, code: "invalid_api_key" };

/**
 * Checks a key. A key in the cache (or an unknown one seen lately) is answered at once, without a
 * promise: this runs on every proxied request, and every await costs there (Next's async contexts
 * hook each promise). Only a cache miss asks the database.
 */
export function verifyApiKey(key: string): VerifyResult | Promise<VerifyResult> {
  if (!API_KEY_PATTERN.test(key)) return INVALID;
  const hash = sha256Hex(key);
  const entry = cache.known.get(hash);
  if (entry) return checkEntry(entry);
  const expires = cache.unknown.get(hash);
  if (expires !== undefined && expires > Date.now()) return INVALID;
  return lookUp(hash);
}

async function lookUp(hash: string): Promise<VerifyResult> {
  const generation = cacheGeneration();
  const db = await getDb();
  // The current secret or, during a rotation's grace period, the previous one. Two findUnique
  // calls rather than one OR: Prisma batches concurrent findUnique calls into one query, which
  // keeps a burst of first requests (a cold cache) from taking every pooled connection.
  const select = { id: true, enabled: true, hash: true, previousExpiresAt: true, ...POLICY_SELECT } as const;
  const row = (await db.apiKey.findUnique({ where: { hash }, select })) ?? (await db.apiKey.findUnique({ where: { previousHash: hash }, select }));
  const current = generation === cacheGeneration();
  if (!row) {
    if (current) rememberUnknown(hash);
    return INVALID;
  }
  if (cache.known.size >= MAX_ENTRIES) cache.known.clear();
  const secret: SecretUsed = row.hash === hash ? "current" : "previous";
  const entry: Entry = {
    id: row.id,
    enabled: row.enabled,
    policy: compilePolicy(row.id, row),
    secret,
    previousExpiresAt: secret === "previous" ? (row.previousExpiresAt?.getTime() ?? null) : null,
  };
  if (current) cache.known.set(hash, entry);
  return checkEntry(entry);
}

function checkEntry(entry: Entry): VerifyResult {
  // Checked on every request, cached or not: a previous secret is refused the moment its grace
  // period ends, on every instance, without waiting for a change to clear the cache.
  if (entry.secret === "previous" && !previousSecretAccepted(entry.previousExpiresAt)) return INVALID;
  if (!entry.enabled) return { ok: false, code: "api_key_disabled" };
  // Checked on every request, cached or not: a key that expires while cached is refused at once.
  const { expiresAt } = entry.policy;
  if (expiresAt !== null && expiresAt <= Date.now()) return { ok: false, code: "api_key_expired", keyId: entry.id, expiresAt, secret: entry.secret };
  return { ok: true, keyId: entry.id, policy: entry.policy, secret: entry.secret };
}

/** How many keys exist (cached like the keys), to tell "no key created yet" apart from a wrong key. */
export async function cachedKeyCount(): Promise<number> {
  if (cache.keyCount !== undefined) return cache.keyCount;
  const generation = cacheGeneration();
  const db = await getDb();
  const count = await db.apiKey.count();
  if (generation === cacheGeneration()) cache.keyCount = count;
  return count;
}
