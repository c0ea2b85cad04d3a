import "server-only";
import { onInvalidate } from "@/lib/cache/invalidation";
import { forget, notOpened, openOnce } from "@/lib/cache/opened";
import { getDb } from "@/lib/db";
import { modelPattern } from "@/lib/policies/patterns";
import { loadCatalog, type CatalogEntry } from "@/lib/prices/catalog";
import type { Price } from "@/lib/prices/cost";
import { comparePatterns } from "@/lib/prices/precedence";
import { processSingleton } from "@/lib/singleton";

export interface ResolvedPrice extends Price {
  /** "override": an admin's price (pattern names it); "catalog": the shipped price table. */
  source: "override" | "catalog";
  /** The override's pattern, or the catalog's model id. */
  matched: string;
  /** The model's output limit, from the catalog (what a budget reserves when max_tokens is absent). */
  maxOutputTokens: number | null;
}

export interface PriceBook {
  lookup(model: string): ResolvedPrice | null;
}

interface Override extends Price {
  pattern: string;
  test: (model: string) => boolean;
}

const cache = processSingleton("price-book", () => notOpened<PriceBook>());
onInvalidate(() => void forget(cache));

function catalogLookup(catalog: Map<string, CatalogEntry>, model: string): CatalogEntry | undefined {
  const direct = catalog.get(model);
  if (direct) return direct;
  // "my-gateway/openai/gpt-4o-mini" or "openai/gpt-4o-mini-2024-07-18": try the shorter forms too.
  const slash = model.indexOf("/");
  return slash > 0 ? catalogLookup(catalog, model.slice(slash + 1)) : undefined;
}

async function build(): Promise<PriceBook> {
  const db = await getDb();
  const [rows, catalog] = await Promise.all([
    db.modelPrice.findMany({ select: { pattern: true, inputUsdPerMTok: true, outputUsdPerMTok: true } }),
    loadCatalog(),
  ]);
  const overrides: Override[] = rows
    .sort((a, b) => comparePatterns(a.pattern, b.pattern))
    .map((r) => ({ ...r, test: r.pattern.includes("*") ? ((re: RegExp) => (m: string) => re.test(m))(modelPattern(r.pattern)) : (m: string) => m === r.pattern }));
  const memo = new Map<string, ResolvedPrice | null>();
  const book: PriceBook = {
    lookup(model) {
      const known = memo.get(model);
      if (known !== undefined) return known;
      const entry = catalogLookup(catalog, model);
      const override = overrides.find((o) => o.test(model));
      const price: ResolvedPrice | null = override
        ? { inputUsdPerMTok: override.inputUsdPerMTok, outputUsdPerMTok: override.outputUsdPerMTok, source: "override", matched: override.pattern, maxOutputTokens: entry?.maxOutputTokens ?? null }
        : entry
          ? { inputUsdPerMTok: entry.inputUsdPerMTok, outputUsdPerMTok: entry.outputUsdPerMTok, source: "catalog", matched: entry.id, maxOutputTokens: entry.maxOutputTokens }
          : null;
      if (memo.size > 10_000) memo.clear();
      memo.set(model, price);
      return price;
    },
  };
  return book;
}

/** Prices of every model (admin overrides over the shipped table), cached until prices change. */
export function getPriceBook(): Promise<PriceBook> {
  return openOnce(cache, build);
}

/** The price book when it is built (almost always), without a promise: for the proxy's hot path. */
export function cachedPriceBook(): PriceBook | undefined {
  return cache.ready;
}
