"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/components/api/client";
import { queryKeys } from "@/components/hooks/query-keys";

export function useDeleteProvider() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch(`/api/providers/${encodeURIComponent(id)}`, { method: "DELETE" }),
    meta: { errorTitle: "Could not delete the provider" },
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.providers }),
  });
}
