"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { apiFetch } from "@/components/api/client";
import { queryKeys } from "@/components/hooks/query-keys";
import { auditPageSchema } from "@/lib/audit/schemas";

/** The audit log for a query string of filters, newest first, a keyset page at a time. */
export function useAuditLog(query: string, { limit = 50 } = {}) {
  const base = query ? `${query}&limit=${limit}` : `limit=${limit}`;
  return useInfiniteQuery({
    queryKey: queryKeys.auditLog(base),
    queryFn: ({ signal, pageParam }) => apiFetch(`/api/audit?${base}${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ""}`, { schema: auditPageSchema, signal }),
    initialPageParam: "",
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // Always fresh on arrival: any change elsewhere in the dashboard wrote an entry.
    staleTime: 0,
    meta: { errorTitle: "Could not load the audit log" },
  });
}
