"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/components/api/client";
import { queryKeys } from "@/components/hooks/query-keys";
import { providerSchema, type CreateProviderInput } from "@/lib/providers/schemas";

export function useCreateProvider() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateProviderInput) => apiFetch("/api/providers", { method: "POST", body: input, schema: providerSchema }),
    meta: { errorTitle: "Could not add the provider", fieldErrorsInForm: true },
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.providers }),
  });
}
