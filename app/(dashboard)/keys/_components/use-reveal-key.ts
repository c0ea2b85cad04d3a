"use client";

import { useMutation } from "@tanstack/react-query";
import { z } from "zod";
import { apiFetch } from "@/components/api/client";

const revealedSchema = z.object({ id: z.string(), key: z.string() });

/**
 * Fetches one full key when the admin asks to view or copy it. A mutation, not a query, with no
 * cache time: the secret lives only in the component that asked for it. The purpose goes to the
 * audit log (a view or a copy).
 */
export function useRevealKey() {
  return useMutation({
    mutationFn: async ({ id, purpose = "view" }: { id: string; purpose?: "view" | "copy" }) =>
      (await apiFetch(`/api/keys/${encodeURIComponent(id)}/reveal?purpose=${purpose}`, { schema: revealedSchema })).key,
    meta: { errorTitle: "Could not load the full key" },
    gcTime: 0,
  });
}
