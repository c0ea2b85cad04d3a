"use client";

import { useQuery } from "@tanstack/react-query";
import { apiFetch } from "@/components/api/client";
import { queryKeys } from "@/components/hooks/query-keys";
import { healthSchema } from "@/lib/health-schema";

export function useHealth() {
  return useQuery({
    queryKey: queryKeys.health,
    queryFn: ({ signal }) => apiFetch("/api/health", { schema: healthSchema, signal }),
    refetchInterval: 30_000,
  });
}
