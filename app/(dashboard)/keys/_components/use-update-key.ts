"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/components/api/client";
import { queryKeys } from "@/components/hooks/query-keys";
import { apiKeySchema, type UpdateApiKeyInput } from "@/lib/api-keys/schemas";

/** Changes a key's name, description, status or limits (only the fields given). */
export function useUpdateKey() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: string; input: UpdateApiKeyInput }) =>
      apiFetch(`/api/keys/${encodeURIComponent(id)}`, { method: "PATCH", body: input, schema: apiKeySchema }),
    meta: { errorTitle: "Could not save the key", fieldErrorsInForm: true },
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.keys }),
  });
}
