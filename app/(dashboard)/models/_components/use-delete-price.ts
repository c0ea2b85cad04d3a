"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/components/api/client";
import { priceQueryKeys } from "@/app/(dashboard)/models/_components/price-query-keys";

export function useDeletePrice() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch(`/api/prices/${encodeURIComponent(id)}`, { method: "DELETE" }),
    meta: { errorTitle: "Could not delete the price" },
    onSuccess: () => client.invalidateQueries({ queryKey: priceQueryKeys.prices }),
  });
}
