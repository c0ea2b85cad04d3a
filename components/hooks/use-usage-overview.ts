"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { apiFetch } from "@/components/api/client";
import { queryKeys } from "@/components/hooks/query-keys";
import { toQueryString, type GroupBy, type UsageParams } from "@/components/usage/params";
import { usageOverviewSchema } from "@/lib/usage/schemas";

/** Totals, series and rankings for a range and filters (from the rollups); refreshed while the page is open. */
export function useUsageOverview(params: UsageParams & { groupBy?: GroupBy }, { enabled = true } = {}) {
  const query = toQueryString(params);
  return useQuery({
    queryKey: queryKeys.usageOverview(query),
    queryFn: ({ signal }) => apiFetch(`/api/usage?${query}`, { schema: usageOverviewSchema, signal }),
    placeholderData: keepPreviousData,
    refetchInterval: 30_000,
    enabled,
    meta: { errorTitle: "Could not load usage" },
  });
}
