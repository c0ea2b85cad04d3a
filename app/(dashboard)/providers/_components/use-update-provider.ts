"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/components/api/client";
import { queryKeys } from "@/components/hooks/query-keys";
import { providerSchema, type UpdateProviderInput } from "@/lib/providers/schemas";

export function useUpdateProvider() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: string; input: UpdateProviderInput }) =>
      apiFetch(`/api/providers/${encodeURIComponent(id)}`, { method: "PATCH", body: input, schema: providerSchema }),
    meta: { errorTitle: "Could not save the provider", fieldErrorsInForm: true },
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.providers }),
  });
}
