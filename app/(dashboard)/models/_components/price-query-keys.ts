import type { SearchCatalogQuery } from "@/lib/prices/schemas";

// Under "prices": a change to an override refreshes the list and every "Check a model" answer.
// The shipped catalog never changes while the server runs, so it lives under its own root.
export const priceQueryKeys = {
  prices: ["prices"] as const,
  list: ["prices", "list"] as const,
  resolve: (model: string) => ["prices", "resolve", model] as const,
  catalog: (query: SearchCatalogQuery) => ["price-catalog", query] as const,
};
