import "server-only";
import { openSecret } from "@/lib/crypto";
import { getDb } from "@/lib/db";
import { ApiError } from "@/lib/http/errors";
import { fetchUpstreamModels } from "@/lib/providers/registry";
import { testConnectionSchema, type ConnectionResult, type ProviderKind, type TestConnectionInput } from "@/lib/providers/schemas";

function describe(error: unknown): string {
  const e = error as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = e.cause?.code ?? e.code;
  if (code === "ECONNREFUSED") return "Connection refused: nothing is listening at that address";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return "Host not found";
  if (code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_CONNECT_TIMEOUT") return "The upstream did not answer in time";
  return e.cause?.message ?? e.message ?? "Unknown error";
}

/** Asks an upstream for its model list, as the proxy would: reports what it found, or why it failed. */
export async function testConnection(input: TestConnectionInput): Promise<ConnectionResult> {
  const { kind, baseUrl, apiKey } = testConnectionSchema.parse(input);
  const started = performance.now();
  try {
    const result = await fetchUpstreamModels({ kind, baseUrl, apiKey });
    const latencyMs = Math.round(performance.now() - started);
    if (result.status >= 400) {
      const message = (result.json as { error?: { message?: string } } | undefined)?.error?.message;
      return { ok: false, status: result.status, latencyMs, models: [], error: `Upstream answered ${result.status}${message ? `: ${message}` : ""}` };
    }
    if (result.json === undefined) {
      const hint = kind === "anthropic" ? "the API root without /v1 (e.g. https://api.anthropic.com)" : "the API root (e.g. …/v1)";
      return { ok: false, status: result.status, latencyMs, models: [], error: `Upstream did not answer with JSON: is the base URL ${hint}?` };
    }
    return { ok: true, status: result.status, latencyMs, models: result.models.map((m) => m.id), error: null };
  } catch (error) {
    return { ok: false, status: null, latencyMs: Math.round(performance.now() - started), models: [], error: describe(error) };
  }
}

/** Tests a saved provider with its stored key (which never leaves the server). */
export async function testProviderConnection(
  id: string,
  override: { kind?: ProviderKind; baseUrl?: string; apiKey?: string | null } = {},
): Promise<ConnectionResult> {
  const db = await getDb();
  const row = await db.provider.findUnique({ where: { id }, select: { kind: true, baseUrl: true, apiKeyCiphertext: true } });
  if (!row) throw new ApiError("not_found", `No provider with id ${id}`, "id");
  const baseUrl = override.baseUrl ?? row.baseUrl;
  // The stored key goes only where it is already sent: a test against another URL uses the key
  // given with it, or none, so the endpoint cannot be used to send a stored key elsewhere.
  const sameUpstream = sameBaseUrl(baseUrl, row.baseUrl);
  const stored = sameUpstream && row.apiKeyCiphertext ? openSecret(row.apiKeyCiphertext) : null;
  return testConnection({
    kind: override.kind ?? (row.kind === "anthropic" ? "anthropic" : "openai"),
    baseUrl,
    apiKey: override.apiKey === undefined ? stored : override.apiKey,
  });
}

/** Whether two base URLs name the same upstream, as the provider schema normalises them. */
export function sameBaseUrl(a: string, b: string): boolean {
  const normalise = (v: string) => {
    const trimmed = v.trim().replace(/\/+$/, "");
    return URL.canParse(trimmed) ? new URL(trimmed).href.replace(/\/+$/, "") : trimmed;
  };
  return normalise(a) === normalise(b);
}
