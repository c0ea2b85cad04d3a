"use client";

import { useUsageOverview } from "@/components/hooks/use-usage-overview";
import type { FilterOption } from "@/components/usage/filter-select";
import type { UsageParams } from "@/components/usage/params";
import type { UsageRankRow } from "@/lib/usage/schemas";

const toOptions = (rows: UsageRankRow[] | undefined): FilterOption[] =>
  (rows ?? []).filter((row) => row.id !== "").map((row) => ({ id: row.id, label: row.label }));

/**
 * The keys, models and tags with traffic in the range, ranked, for the filter menus: read from the same
 * overview without the key and model filters (the very query the unfiltered usage page makes).
 * `known` adds rows the caller already has (the selected key's name from a filtered overview).
 */
export function useFilterOptions({ range, from, to }: UsageParams, known: { byKey?: UsageRankRow[]; byModel?: UsageRankRow[]; byTag?: UsageRankRow[] } = {}) {
  const overview = useUsageOverview({ range, from, to, groupBy: "key" });
  const merge = (base: FilterOption[], extra: FilterOption[]) => [...base, ...extra.filter((e) => !base.some((b) => b.id === e.id))];
  return {
    keys: merge(toOptions(overview.data?.byKey), toOptions(known.byKey)),
    models: merge(toOptions(overview.data?.byModel), toOptions(known.byModel)),
    tags: merge(toOptions(overview.data?.byTag), toOptions(known.byTag)),
  };
}
