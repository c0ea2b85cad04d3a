"use client";

import { useMutation } from "@tanstack/react-query";
import { apiFetch } from "@/components/api/client";
import { connectionResultSchema, type ProviderKind } from "@/lib/providers/schemas";

export interface TestConnectionRequest {
  /** A saved provider: its stored key stays on the server. */
  providerId?: string;
  kind: ProviderKind;
  baseUrl: string;
  /** undefined: use the stored key; null: test without a key. */
  apiKey?: string | null;
}

/** Asks the upstream for its models through the server: the answer, or why it failed. */
export function useTestConnection() {
  return useMutation({
    mutationFn: ({ providerId, kind, baseUrl, apiKey }: TestConnectionRequest) =>
      providerId
        ? apiFetch(`/api/providers/${encodeURIComponent(providerId)}/test`, { method: "POST", body: { kind, baseUrl, ...(apiKey === undefined ? {} : { apiKey }) }, schema: connectionResultSchema })
        : apiFetch("/api/providers/test", { method: "POST", body: { kind, baseUrl, apiKey: apiKey ?? null }, schema: connectionResultSchema }),
    meta: { errorTitle: "Could not test the connection" },
  });
}
