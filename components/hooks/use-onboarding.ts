"use client";

import { useQuery } from "@tanstack/react-query";
import { apiFetch } from "@/components/api/client";
import { queryKeys } from "@/components/hooks/query-keys";
import { onboardingSchema, type Onboarding } from "@/lib/onboarding/schemas";

export const onboardingDone = (o: Onboarding) => o.providers > 0 && o.keys > 0 && o.firstCall;

/** The first-run checklist's state; polled while a step is open, so each step ticks itself. */
export function useOnboarding() {
  return useQuery({
    queryKey: queryKeys.onboarding,
    queryFn: ({ signal }) => apiFetch("/api/onboarding", { schema: onboardingSchema, signal }),
    refetchInterval: (query) => (query.state.data && onboardingDone(query.state.data) ? false : 3_000),
  });
}
