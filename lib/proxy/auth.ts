import "server-only";
import { cachedKeyCount, extractApiKey, verifyApiKey, type SecretUsed } from "@/lib/api-keys";
import { syncCachesIfStale } from "@/lib/cache/invalidation";
import { errorResponse } from "@/lib/http/errors";
import type { KeyPolicy } from "@/lib/policies";
import { cachedSettings, getSettings, type Settings } from "@/lib/settings";

/** Refused before the request was looked at; `keyId` is set when the key is known (an expired key). */
type Rejected = { ok: false; response: Response; keyId?: string; secret?: SecretUsed; code: string };
/** `secret`: which of the key's secrets was sent (a rotation's previous one during its grace period). */
export type AuthResult = { ok: true; keyId: string | null; policy: KeyPolicy | null; secret: SecretUsed | null } | Rejected;

const MESSAGES = {
  missing_api_key:
    "Missing API key. Send it as `Authorization: Bearer sk-…`, as an `X-API-Key: sk-…` header, or as the `api_key` URL parameter.",
  invalid_api_key: "Invalid API key. Check the key you are sending, or ask an admin for a new one.",
  api_key_disabled: "This API key is disabled. An admin can enable it again on the API Keys page.",
  no_api_keys:
    "Authentication is enabled but no API key exists: none has been created yet, or every key has been deleted. Create one on the dashboard's API Keys page (New API Key) or with POST /api/keys.",
} as const;

function reject(code: keyof typeof MESSAGES): Rejected {
  return { ok: false, code, response: errorResponse(code, MESSAGES[code], null, { "www-authenticate": 'Bearer realm="keygate"' }) };
}

type KeyCheck =
  | { ok: true; keyId: string; policy: KeyPolicy; secret: SecretUsed }
  | { ok: false; code: "missing_api_key" | "invalid_api_key" | "api_key_disabled" }
  | { ok: false; code: "api_key_expired"; keyId: string; expiresAt: number; secret: SecretUsed };

function checkKey(request: Request, url: URL): KeyCheck | Promise<KeyCheck> {
  const found = extractApiKey(request.headers, url);
  if (!found) return { ok: false, code: "missing_api_key" };
  return verifyApiKey(found.key);
}

function rejectCheck(check: Exclude<KeyCheck, { ok: true }>): Rejected {
  if (check.code !== "api_key_expired") return reject(check.code);
  const message = `This API key expired at ${new Date(check.expiresAt).toISOString()}. Ask an admin for a new key or a later expiry.`;
  return {
    ok: false,
    code: check.code,
    keyId: check.keyId,
    secret: check.secret,
    response: errorResponse("api_key_expired", message, null, { "www-authenticate": 'Bearer realm="keygate", error="invalid_token"' }),
  };
}

const AUTH_OFF: AuthResult = { ok: true, keyId: null, policy: null, secret: null };

/**
 * Who is calling: a key and its policy, null when authentication is off, or the 401 to send back.
 * With the settings and the key cached (every request but the first few) it answers at once,
 * without a promise: every await on the hot path costs (Next's async contexts hook each one).
 */
export function authenticate(request: Request, url: URL): AuthResult | Promise<AuthResult> {
  // Serverless: a key disabled through another instance is refused here within a second.
  const sync = syncCachesIfStale();
  const settings = sync ? undefined : cachedSettings();
  if (!settings) return authenticateAfterSync(sync, request, url);
  return authenticateWith(settings, request, url);
}

async function authenticateAfterSync(sync: Promise<void> | undefined, request: Request, url: URL): Promise<AuthResult> {
  await sync;
  return authenticateWith(await getSettings(), request, url);
}

function authenticateWith(settings: Settings, request: Request, url: URL): AuthResult | Promise<AuthResult> {
  if (!settings.authEnabled) return AUTH_OFF;
  const check = checkKey(request, url);
  return check instanceof Promise ? check.then(settleCheck) : settleCheck(check);
}

function settleCheck(check: KeyCheck): AuthResult | Promise<AuthResult> {
  if (check.ok) return check;
  if (check.code === "invalid_api_key" || check.code === "missing_api_key") return noKeysYet(check);
  return rejectCheck(check);
}

/** A wrong or missing key when no key exists at all gets the message that says how to make one. */
async function noKeysYet(check: Exclude<KeyCheck, { ok: true }>): Promise<AuthResult> {
  return (await cachedKeyCount()) === 0 ? reject("no_api_keys") : rejectCheck(check);
}

/** The calling key, even with authentication off: for endpoints that are about the key itself. */
export async function requireApiKey(request: Request, url: URL): Promise<{ ok: true; keyId: string; policy: KeyPolicy; secret: SecretUsed } | Rejected> {
  await syncCachesIfStale();
  const check = await checkKey(request, url);
  return check.ok ? check : rejectCheck(check);
}
