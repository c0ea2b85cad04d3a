"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/components/api/client";
import { priceQueryKeys } from "@/app/(dashboard)/models/_components/price-query-keys";
import { modelPriceSchema, type UpdateModelPriceInput } from "@/lib/prices/schemas";

export function useUpdatePrice() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: string; input: UpdateModelPriceInput }) =>
      apiFetch(`/api/prices/${encodeURIComponent(id)}`, { method: "PATCH", body: input, schema: modelPriceSchema }),
    meta: { errorTitle: "Could not save the price", fieldErrorsInForm: true },
    onSuccess: () => client.invalidateQueries({ queryKey: priceQueryKeys.prices }),
  });
}
