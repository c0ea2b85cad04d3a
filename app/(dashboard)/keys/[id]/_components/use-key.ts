"use client";

import { useQuery } from "@tanstack/react-query";
import { apiFetch } from "@/components/api/client";
import { queryKeys } from "@/components/hooks/query-keys";
import { apiKeySchema } from "@/lib/api-keys/schemas";

/** One key's settings (never the key itself: that is fetched only when the admin asks to see it). */
export function useKey(id: string) {
  return useQuery({
    queryKey: queryKeys.key(id),
    queryFn: ({ signal }) => apiFetch(`/api/keys/${encodeURIComponent(id)}`, { schema: apiKeySchema, signal }),
    refetchInterval: 30_000,
  });
}
