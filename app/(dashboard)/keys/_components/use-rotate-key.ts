"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/components/api/client";
import { queryKeys } from "@/components/hooks/query-keys";
import type { RotateApiKeyInput } from "@/lib/api-keys/rotation";
import { apiKeySchema, createdApiKeySchema } from "@/lib/api-keys/schemas";

/** A new secret for the key; like a created key's, it comes back once, in this mutation's result. */
export function useRotateKey() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: string; input: RotateApiKeyInput }) =>
      apiFetch(`/api/keys/${encodeURIComponent(id)}/rotate`, { method: "POST", body: input, schema: createdApiKeySchema }),
    meta: { errorTitle: "Could not rotate the key" },
    gcTime: 0,
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.keys }),
  });
}

/** Refuses the previous secret from now on. */
export function useEndGrace() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch(`/api/keys/${encodeURIComponent(id)}/end-grace`, { method: "POST", body: {}, schema: apiKeySchema }),
    meta: { errorTitle: "Could not end the grace period" },
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.keys }),
  });
}
