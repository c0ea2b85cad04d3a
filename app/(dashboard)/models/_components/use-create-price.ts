"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/components/api/client";
import { priceQueryKeys } from "@/app/(dashboard)/models/_components/price-query-keys";
import { modelPriceSchema, type CreateModelPriceInput } from "@/lib/prices/schemas";

export function useCreatePrice() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateModelPriceInput) => apiFetch("/api/prices", { method: "POST", body: input, schema: modelPriceSchema }),
    meta: { errorTitle: "Could not add the price", fieldErrorsInForm: true },
    onSuccess: () => client.invalidateQueries({ queryKey: priceQueryKeys.prices }),
  });
}
