"use client";

import { useMutation, useQueryClient, type QueryKey } from "@tanstack/react-query";
import { apiFetch } from "@/components/api/client";
import { queryKeys } from "@/components/hooks/query-keys";
import { apiKeySchema, type ApiKey, type ApiKeyPage } from "@/lib/api-keys/schemas";

/** The status switch: flips at once in every cached page and the key's own page, rolls back if the server refuses. */
export function useSetKeyEnabled() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, enabled }: { id: string; enabled: boolean }) =>
      apiFetch(`/api/keys/${encodeURIComponent(id)}`, { method: "PATCH", body: { enabled }, schema: apiKeySchema }),
    meta: { errorTitle: "Could not change the key's status" },
    onMutate: async ({ id, enabled }) => {
      await client.cancelQueries({ queryKey: queryKeys.keys });
      const snapshot = client.getQueriesData<ApiKeyPage>({ queryKey: queryKeys.keyLists });
      client.setQueriesData<ApiKeyPage>({ queryKey: queryKeys.keyLists }, (page) =>
        page ? { ...page, items: page.items.map((k) => (k.id === id ? { ...k, enabled } : k)) } : page,
      );
      const detail = client.getQueryData<ApiKey>(queryKeys.key(id));
      if (detail) client.setQueryData<ApiKey>(queryKeys.key(id), { ...detail, enabled });
      return { snapshot, detail };
    },
    onError: (_error, { id }, context) => {
      for (const [key, data] of context?.snapshot ?? ([] as [QueryKey, ApiKeyPage | undefined][])) client.setQueryData(key, data);
      if (context?.detail) client.setQueryData(queryKeys.key(id), context.detail);
    },
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.keys }),
  });
}
