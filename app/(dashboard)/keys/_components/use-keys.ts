"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { apiFetch } from "@/components/api/client";
import { queryKeys } from "@/components/hooks/query-keys";
import { apiKeyPageSchema, type ListApiKeysQuery } from "@/lib/api-keys/schemas";

/** One page of keys (server-side paging and search); usage counts refresh while the page is open. */
export function useKeys(query: ListApiKeysQuery) {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined && value !== "") params.set(name, String(value));
  return useQuery({
    queryKey: queryKeys.keyList(query),
    queryFn: ({ signal }) => apiFetch(`/api/keys?${params}`, { schema: apiKeyPageSchema, signal }),
    placeholderData: keepPreviousData,
    refetchInterval: 15_000,
  });
}
