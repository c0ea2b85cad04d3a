import "server-only";
import { cachedKeyCount, extractApiKey, verifyApiKey } from "@/lib/api-keys";
import { errorResponse } from "@/lib/http/errors";
import { getSettings } from "@/lib/settings";

type Rejected = { ok: false; response: Response };
export type AuthResult = { ok: true; keyId: string | null } | Rejected;

const MESSAGES = {
  missing_api_key:
    "Missing API key. Send it as `Authorization: Bearer sk-…`, as an `X-API-Key: sk-…` header, or as the `api_key` URL parameter.",
  invalid_api_key: "Invalid API key. Check the key you are sending, or ask an admin for a new one.",
  api_key_disabled: "This API key is disabled. An admin can enable it again on the API Keys page.",
  no_api_keys:
    "Authentication is enabled but no API key has been created yet. Create one on the dashboard's API Keys page (New API Key) or with POST /api/keys.",
} as const;

function reject(code: keyof typeof MESSAGES): Rejected {
  return { ok: false, response: errorResponse(code, MESSAGES[code], null, { "www-authenticate": 'Bearer realm="keygate"' }) };
}

type KeyCheck = { ok: true; keyId: string } | { ok: false; code: "missing_api_key" | "invalid_api_key" | "api_key_disabled" };

async function checkKey(request: Request, url: URL): Promise<KeyCheck> {
  const found = extractApiKey(request.headers, url);
  if (!found) return { ok: false, code: "missing_api_key" };
  const result = await verifyApiKey(found.key);
  return result.ok ? result : { ok: false, code: result.code };
}

/** Who is calling: a key id, null when authentication is off, or the 401 to send back. */
export async function authenticate(request: Request, url: URL): Promise<AuthResult> {
  const { authEnabled } = await getSettings();
  if (!authEnabled) return { ok: true, keyId: null };
  const check = await checkKey(request, url);
  if (check.ok) return check;
  if (check.code !== "api_key_disabled" && (await cachedKeyCount()) === 0) return reject("no_api_keys");
  return reject(check.code);
}

/** The calling key, even with authentication off: for endpoints that are about the key itself. */
export async function requireApiKey(request: Request, url: URL): Promise<{ ok: true; keyId: string } | Rejected> {
  const check = await checkKey(request, url);
  return check.ok ? check : reject(check.code);
}
