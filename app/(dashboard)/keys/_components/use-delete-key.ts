"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/components/api/client";
import { queryKeys } from "@/components/hooks/query-keys";

export function useDeleteKey() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch(`/api/keys/${encodeURIComponent(id)}`, { method: "DELETE" }),
    meta: { errorTitle: "Could not delete the key" },
    onSuccess: (_result, id) => {
      // The key's own page must not ask for it again (and fail) while it navigates away.
      client.removeQueries({ queryKey: queryKeys.key(id) });
      client.removeQueries({ queryKey: queryKeys.keyUsages(id) });
      client.removeQueries({ queryKey: queryKeys.keyLimits(id) });
      return client.invalidateQueries({ queryKey: queryKeys.keys });
    },
  });
}
