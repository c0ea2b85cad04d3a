import "server-only";
import { cacheGeneration, onInvalidate } from "@/lib/cache/invalidation";
import { sha256Hex } from "@/lib/crypto";
import { getDb } from "@/lib/db";
import { processSingleton } from "@/lib/singleton";
import { API_KEY_PATTERN } from "@/lib/api-keys/key-format";
import { POLICY_SELECT } from "@/lib/api-keys/select";
import { compilePolicy, type KeyPolicy } from "@/lib/policies/policy";

export type VerifyResult =
  | { ok: true; keyId: string; policy: KeyPolicy }
  | { ok: false; code: "invalid_api_key" | "api_key_disabled" }
  | { ok: false; code: "api_key_expired"; keyId: string; expiresAt: number };

const NEGATIVE_TTL_MS = 60_000;
const MAX_ENTRIES = 100_000;

// Known keys by hash, and recently seen unknown hashes, so neither a busy client nor a guessing
// flood reaches the database. Cleared on every key change (see lib/cache/invalidation).
const cache = processSingleton("api-key-cache", () => ({
  known: new Map<string, { id: string; enabled: boolean; policy: KeyPolicy }>(),
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

export async function verifyApiKey(key: string): Promise<VerifyResult> {
  if (!API_KEY_PATTERN.test(key)) return { ok: false, code: "invalid_api_key" };
  const hash = sha256Hex(key);
  let entry = cache.known.get(hash);
  if (!entry) {
    const expires = cache.unknown.get(hash);
    if (expires !== undefined && expires > Date.now()) return { ok: false, code: "invalid_api_key" };
    const generation = cacheGeneration();
    const db = await getDb();
    const row = await db.apiKey.findUnique({ where: { hash }, select: { id: true, enabled: true, ...POLICY_SELECT } });
    const current = generation === cacheGeneration();
    if (!row) {
      if (current) rememberUnknown(hash);
      return { ok: false, code: "invalid_api_key" };
    }
    if (cache.known.size >= MAX_ENTRIES) cache.known.clear();
    entry = { id: row.id, enabled: row.enabled, policy: compilePolicy(row.id, row) };
    if (current) cache.known.set(hash, entry);
  }
  if (!entry.enabled) return { ok: false, code: "api_key_disabled" };
  // Checked on every request, cached or not: a key that expires while cached is refused at once.
  const { expiresAt } = entry.policy;
  if (expiresAt !== null && expiresAt <= Date.now()) return { ok: false, code: "api_key_expired", keyId: entry.id, expiresAt };
  return { ok: true, keyId: entry.id, policy: entry.policy };
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
