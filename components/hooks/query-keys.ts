import type { ListApiKeysQuery } from "@/lib/api-keys/schemas";

/** Every query key in one place, so mutations invalidate exactly what they change. */
export const queryKeys = {
  settings: ["settings"] as const,
  health: ["health"] as const,
  keys: ["keys"] as const,
  keyList: (query: ListApiKeysQuery) => ["keys", "list", query] as const,
  providers: ["providers"] as const,
};
