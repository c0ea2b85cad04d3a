"use client";

import { useMutation, useQueryClient, type QueryKey } from "@tanstack/react-query";
import { apiFetch } from "@/components/api/client";
import { queryKeys } from "@/components/hooks/query-keys";
import { apiKeySchema, type ApiKeyPage } from "@/lib/api-keys/schemas";

/** The status switch: flips at once in every cached page, rolls back if the server refuses. */
export function useSetKeyEnabled() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, enabled }: { id: string; enabled: boolean }) =>
      apiFetch(`/api/keys/${encodeURIComponent(id)}`, { method: "PATCH", body: { enabled }, schema: apiKeySchema }),
    meta: { errorTitle: "Could not change the key's status" },
    onMutate: async ({ id, enabled }) => {
      await client.cancelQueries({ queryKey: queryKeys.keys });
      const snapshot = client.getQueriesData<ApiKeyPage>({ queryKey: queryKeys.keys });
      client.setQueriesData<ApiKeyPage>({ queryKey: queryKeys.keys }, (page) =>
        page ? { ...page, items: page.items.map((k) => (k.id === id ? { ...k, enabled } : k)) } : page,
      );
      return { snapshot };
    },
    onError: (_error, _vars, context) => {
      for (const [key, data] of context?.snapshot ?? ([] as [QueryKey, ApiKeyPage | undefined][])) client.setQueryData(key, data);
    },
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.keys }),
  });
}
