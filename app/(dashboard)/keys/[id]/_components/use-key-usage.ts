"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { apiFetch } from "@/components/api/client";
import { queryKeys } from "@/components/hooks/query-keys";
import { keyUsageSchema } from "@/lib/usage/schemas";

/** One key's daily usage and model split for the last `days` UTC days (asked once the key is known to exist). */
export function useKeyUsage(id: string, days: number, { enabled = true } = {}) {
  return useQuery({
    queryKey: queryKeys.keyUsage(id, days),
    queryFn: ({ signal }) => apiFetch(`/api/keys/${encodeURIComponent(id)}/usage?days=${days}`, { schema: keyUsageSchema, signal }),
    placeholderData: keepPreviousData,
    refetchInterval: 30_000,
    enabled,
    meta: { errorTitle: "Could not load the key's usage" },
  });
}
