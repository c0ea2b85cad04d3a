"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/components/api/client";
import { queryKeys } from "@/components/hooks/query-keys";
import { retentionResultSchema } from "@/lib/usage/schemas";

/** Runs the retention job now instead of at its next 10-minute tick. */
export function useRunRetention() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch("/api/usage/retention", { method: "POST", schema: retentionResultSchema }),
    meta: { errorTitle: "Could not delete old usage data" },
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.usage }),
  });
}
