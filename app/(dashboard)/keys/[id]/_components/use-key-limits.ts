"use client";

import { useQuery } from "@tanstack/react-query";
import { apiFetch } from "@/components/api/client";
import { queryKeys } from "@/components/hooks/query-keys";
import { keyLimitsSchema } from "@/lib/policies/schemas";

/**
 * A key's limits against its current use (this minute's requests and tokens, requests in flight,
 * the budget period's spend), refreshed every 5 s while the page is open. No toast on failure:
 * the card shows the error, and a toast every 5 s would drown the page.
 */
export function useKeyLimits(id: string, { enabled = true } = {}) {
  return useQuery({
    queryKey: queryKeys.keyLimits(id),
    queryFn: ({ signal }) => apiFetch(`/api/keys/${encodeURIComponent(id)}/limits`, { schema: keyLimitsSchema, signal }),
    refetchInterval: 5_000,
    staleTime: 0,
    enabled,
  });
}
