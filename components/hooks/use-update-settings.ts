"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/components/api/client";
import { queryKeys } from "@/components/hooks/query-keys";
import { settingsSchema, type Settings, type UpdateSettingsInput } from "@/lib/settings/schemas";

/** Optimistic: the switch flips at once and flips back if the server refuses. */
export function useUpdateSettings() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: UpdateSettingsInput) => apiFetch("/api/settings", { method: "PATCH", body: input, schema: settingsSchema }),
    meta: { errorTitle: "Could not save the setting", fieldErrorsInForm: true },
    onMutate: async (input) => {
      await client.cancelQueries({ queryKey: queryKeys.settings });
      const previous = client.getQueryData<Settings>(queryKeys.settings);
      if (previous) client.setQueryData<Settings>(queryKeys.settings, { ...previous, ...input });
      return { previous };
    },
    onError: (_error, _input, context) => {
      if (context?.previous) client.setQueryData(queryKeys.settings, context.previous);
    },
    onSuccess: (settings) => client.setQueryData(queryKeys.settings, settings),
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.health }),
  });
}
