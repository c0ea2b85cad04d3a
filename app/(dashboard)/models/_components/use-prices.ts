"use client";

import { useQuery } from "@tanstack/react-query";
import { apiFetch } from "@/components/api/client";
import { priceQueryKeys } from "@/app/(dashboard)/models/_components/price-query-keys";
import { modelPriceListSchema } from "@/lib/prices/schemas";

/** The admin's price overrides, in the order the proxy tries them. */
export function usePrices() {
  return useQuery({
    queryKey: priceQueryKeys.list,
    queryFn: async ({ signal }) => (await apiFetch("/api/prices", { schema: modelPriceListSchema, signal })).items,
  });
}
