"use client";

import { useQuery } from "@tanstack/react-query";
import { apiFetch } from "@/components/api/client";
import { priceQueryKeys } from "@/app/(dashboard)/models/_components/price-query-keys";
import { resolvedModelPriceSchema } from "@/lib/prices/schemas";

/**
 * The price the proxy would charge `model` at. A model without a price is an answer (404), not a
 * failure: the card shows it in place, so this query raises no toast.
 */
export function useResolvePrice(model: string) {
  return useQuery({
    queryKey: priceQueryKeys.resolve(model),
    queryFn: ({ signal }) => apiFetch(`/api/prices/resolve?model=${encodeURIComponent(model)}`, { schema: resolvedModelPriceSchema, signal }),
    enabled: model !== "",
  });
}
