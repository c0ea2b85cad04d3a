"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { apiFetch } from "@/components/api/client";
import { priceQueryKeys } from "@/app/(dashboard)/models/_components/price-query-keys";
import { catalogPageSchema, type SearchCatalogQuery } from "@/lib/prices/schemas";

/** One page of the shipped price table. */
export function useCatalog(query: SearchCatalogQuery) {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined && value !== "") params.set(name, String(value));
  return useQuery({
    queryKey: priceQueryKeys.catalog(query),
    queryFn: ({ signal }) => apiFetch(`/api/prices/catalog?${params}`, { schema: catalogPageSchema, signal }),
    placeholderData: keepPreviousData,
    staleTime: Infinity,
    meta: { errorTitle: "Could not load the catalog" },
  });
}
