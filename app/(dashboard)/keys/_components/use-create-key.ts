"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/components/api/client";
import { queryKeys } from "@/components/hooks/query-keys";
import { createdApiKeySchema, type CreateApiKeyInput } from "@/lib/api-keys/schemas";

/** The full key comes back once, in this mutation's result: it is shown, never cached. */
export function useCreateKey() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateApiKeyInput) => apiFetch("/api/keys", { method: "POST", body: input, schema: createdApiKeySchema }),
    meta: { errorTitle: "Could not create the key", fieldErrorsInForm: true },
    gcTime: 0,
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.keys }),
  });
}
