import "server-only";
import { request } from "undici";
import { cacheGeneration, onInvalidate } from "@/lib/cache/invalidation";
import { openSecret } from "@/lib/crypto";
import { getDb } from "@/lib/db";
import { joinUrl, upstreamAgent } from "@/lib/http/agent";
import type { ProviderKind } from "@/lib/providers/schemas";
import { processSingleton } from "@/lib/singleton";

/** An enabled provider as the proxy uses it: with its upstream key decrypted, in memory only. */
export interface Upstream {
  id: string;
  name: string;
  kind: ProviderKind;
  baseUrl: string;
  apiKey: string | null;
  allModels: boolean;
  models: Set<string>;
  priority: number;
  weight: number;
  /** Public model name → this provider's model id. */
  aliases: Map<string, string>;
}

/** Whether `upstream` serves the public model name `model` (by alias, by list, or all). */
export function serves(upstream: Upstream, model: string): boolean {
  return upstream.allModels || upstream.models.has(model) || upstream.aliases.has(model);
}

/** The provider's own id for a public model name. */
export const upstreamModel = (upstream: Upstream, model: string): string => upstream.aliases.get(model) ?? model;

function aliasMap(value: unknown): Map<string, string> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return new Map();
  return new Map(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === "string"));
}

export interface ModelEntry {
  id: string;
  object: "model";
  created: number;
  owned_by: string;
}

const MODELS_TTL_MS = 60_000;
const FAILED_MODELS_TTL_MS = 10_000;

const cache = processSingleton("provider-cache", () => ({
  upstreams: undefined as Upstream[] | undefined,
  models: new Map<string, { expires: number; models: ModelEntry[] }>(),
}));
onInvalidate(() => {
  cache.upstreams = undefined;
  cache.models.clear();
});

/** The enabled providers when they are cached (almost always), without a promise: for the proxy's hot path. */
export function cachedUpstreams(): Upstream[] | undefined {
  return cache.upstreams;
}

/** Enabled providers in routing order (priority, then age). */
export async function getUpstreams(): Promise<Upstream[]> {
  if (cache.upstreams) return cache.upstreams;
  const generation = cacheGeneration();
  const db = await getDb();
  const rows = await db.provider.findMany({
    where: { enabled: true },
    orderBy: [{ priority: "asc" }, { createdAt: "asc" }],
    select: { id: true, name: true, kind: true, baseUrl: true, apiKeyCiphertext: true, allModels: true, models: true, priority: true, weight: true, modelAliases: true },
  });
  const upstreams = rows.map((r) => ({
    id: r.id,
    name: r.name,
    kind: (r.kind === "anthropic" ? "anthropic" : "openai") as ProviderKind,
    baseUrl: r.baseUrl,
    apiKey: r.apiKeyCiphertext ? openSecret(r.apiKeyCiphertext) : null,
    allModels: r.allModels,
    models: new Set(r.models),
    priority: r.priority,
    weight: Math.max(1, r.weight),
    aliases: aliasMap(r.modelAliases),
  }));
  if (generation === cacheGeneration()) cache.upstreams = upstreams;
  return upstreams;
}

/** The first enabled provider of one of `kinds` that serves `model`. */
export async function resolveUpstream(model: string, kinds: readonly ProviderKind[] = ["openai"]): Promise<Upstream | undefined> {
  return (await getUpstreams()).find((u) => kinds.includes(u.kind) && serves(u, model));
}

/** Anthropic's API version sent when the client names none. */
export const ANTHROPIC_VERSION = "2023-06-01";

/** How a provider of each kind expects its key. */
export function upstreamHeaders(kind: ProviderKind, apiKey: string | null): Record<string, string> {
  if (kind === "anthropic") return { ...(apiKey ? { "x-api-key": apiKey } : {}), "anthropic-version": ANTHROPIC_VERSION };
  return apiKey ? { authorization: `Bearer ${apiKey}` } : {};
}

/** The model list's path under a provider's base URL. */
const modelsPath = (kind: ProviderKind) => (kind === "anthropic" ? "v1/models" : "models");

/** GET the model list of an upstream: its model ids, or a readable error. */
export async function fetchUpstreamModels(upstream: { kind: ProviderKind; baseUrl: string; apiKey: string | null }, timeoutMs = 10_000) {
  const response = await request(joinUrl(upstream.baseUrl, modelsPath(upstream.kind)), {
    method: "GET",
    dispatcher: upstreamAgent(),
    headers: { accept: "application/json", ...upstreamHeaders(upstream.kind, upstream.apiKey) },
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
  const text = await response.body.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const data = (json as { data?: unknown } | undefined)?.data;
  const models = Array.isArray(data)
    ? data.flatMap((m: { id?: unknown; created?: unknown; owned_by?: unknown }) =>
        typeof m?.id === "string"
          ? [{ id: m.id, created: typeof m.created === "number" ? m.created : 0, owned_by: typeof m.owned_by === "string" ? m.owned_by : "" }]
          : [],
      )
    : [];
  return { status: response.statusCode, models, body: text, json };
}

/** A provider's models under their public names: its aliases, then what it serves that no alias renames. */
async function modelsOf(upstream: Upstream): Promise<ModelEntry[]> {
  const toEntry = (id: string, created = 0, owned_by = upstream.name): ModelEntry => ({ id, object: "model", created, owned_by: owned_by || upstream.name });
  const aliased = new Set(upstream.aliases.values());
  const aliases = [...upstream.aliases.keys()].map((id) => toEntry(id));
  const own = await ownModelsOf(upstream, toEntry);
  return [...aliases, ...own.filter((m) => !aliased.has(m.id))];
}

async function ownModelsOf(upstream: Upstream, toEntry: (id: string, created?: number, owned_by?: string) => ModelEntry): Promise<ModelEntry[]> {
  if (!upstream.allModels) return [...upstream.models].map((id) => toEntry(id));
  const hit = cache.models.get(upstream.id);
  if (hit && hit.expires > Date.now()) return hit.models;
  try {
    const result = await fetchUpstreamModels(upstream);
    if (result.status >= 400) throw new Error(`status ${result.status}`);
    const models = result.models.map((m) => toEntry(m.id, m.created, m.owned_by));
    cache.models.set(upstream.id, { expires: Date.now() + MODELS_TTL_MS, models });
    return models;
  } catch (error) {
    // Remember the failure briefly too, so a down upstream costs one warning, not one per request.
    console.warn(`[keygate] could not list models of provider "${upstream.name}": ${(error as Error).message}`);
    cache.models.set(upstream.id, { expires: Date.now() + FAILED_MODELS_TTL_MS, models: [] });
    return [];
  }
}

/** What the enabled providers serve: configured lists, or the upstream's own list, deduplicated by id. */
export async function listModels(): Promise<ModelEntry[]> {
  const lists = await Promise.all((await getUpstreams()).map(modelsOf));
  const seen = new Map<string, ModelEntry>();
  for (const entry of lists.flat()) if (!seen.has(entry.id)) seen.set(entry.id, entry);
  return [...seen.values()];
}
