import type { ListApiKeysQuery } from "@/lib/api-keys/schemas";

/** Every query key in one place, so mutations invalidate exactly what they change. */
export const queryKeys = {
  settings: ["settings"] as const,
  health: ["health"] as const,
  onboarding: ["onboarding"] as const,
  keys: ["keys"] as const,
  keyLists: ["keys", "list"] as const,
  keyList: (query: ListApiKeysQuery) => ["keys", "list", query] as const,
  // Under "keys": editing, toggling or deleting a key refreshes its detail page too.
  key: (id: string) => ["keys", "detail", id] as const,
  keyUsages: (id: string) => ["keys", "usage", id] as const,
  keyUsage: (id: string, days: number) => ["keys", "usage", id, days] as const,
  keyLimits: (id: string) => ["keys", "limits", id] as const,
  providers: ["providers"] as const,
  usage: ["usage"] as const,
  usageOverview: (query: string) => ["usage", "overview", query] as const,
  requestLogs: (query: string) => ["usage", "logs", query] as const,
  requestLog: (id: string) => ["usage", "log", id] as const,
  users: ["users"] as const,
  // Every change writes an entry: mutations invalidate the whole audit log.
  audit: ["audit"] as const,
  auditLog: (query: string) => ["audit", query] as const,
};
