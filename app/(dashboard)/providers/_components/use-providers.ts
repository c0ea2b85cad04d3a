"use client";

import { useQuery } from "@tanstack/react-query";
import { z } from "zod";
import { apiFetch } from "@/components/api/client";
import { queryKeys } from "@/components/hooks/query-keys";
import { providerSchema } from "@/lib/providers/schemas";

const providerListSchema = z.object({ items: z.array(providerSchema) });

export function useProviders() {
  return useQuery({
    queryKey: queryKeys.providers,
    queryFn: async ({ signal }) => (await apiFetch("/api/providers", { schema: providerListSchema, signal })).items,
  });
}
