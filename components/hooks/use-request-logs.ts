"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { apiFetch } from "@/components/api/client";
import { queryKeys } from "@/components/hooks/query-keys";
import { toQueryString, type LogParams } from "@/components/usage/params";
import { requestLogPageSchema } from "@/lib/usage/schemas";

/** The request log, newest first, one keyset page at a time ("Load more" follows nextCursor). */
export function useRequestLogs(params: LogParams, { limit = 50 } = {}) {
  const query = toQueryString({ ...params, limit });
  return useInfiniteQuery({
    queryKey: queryKeys.requestLogs(query),
    queryFn: ({ signal, pageParam }) =>
      apiFetch(`/api/usage/logs?${query}${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ""}`, { schema: requestLogPageSchema, signal }),
    initialPageParam: "",
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    meta: { errorTitle: "Could not load the request log" },
  });
}
