"use client";

import { useQuery } from "@tanstack/react-query";
import { apiFetch } from "@/components/api/client";
import { queryKeys } from "@/components/hooks/query-keys";
import { requestLogEntrySchema, type RequestLogEntry } from "@/lib/usage/schemas";

/**
 * One recorded request, for the detail view. A log row never changes once written, so the row a
 * list already holds is the answer; a link to a request (?request=id) fetches it.
 */
export function useRequestLog(id: string | null, listed?: RequestLogEntry) {
  return useQuery({
    queryKey: queryKeys.requestLog(id ?? ""),
    queryFn: ({ signal }) => apiFetch(`/api/usage/logs/${encodeURIComponent(id ?? "")}`, { schema: requestLogEntrySchema, signal }),
    enabled: id !== null,
    initialData: listed && listed.id === id ? listed : undefined,
    staleTime: Infinity,
    meta: { errorTitle: "Could not load the request" },
  });
}
