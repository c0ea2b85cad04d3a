"use client";

import type { ReactNode } from "react";
import { CloseIcon } from "@/components/icons";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { FilterSelect, type FilterOption } from "@/components/usage/filter-select";
import type { UsageParams } from "@/components/usage/params";
import { RangePicker, type RangeValue } from "@/components/usage/range-picker";

interface UsageFilterBarProps {
  params: UsageParams;
  keys: FilterOption[];
  models: FilterOption[];
  tags: FilterOption[];
  /** Called with the filters that changed (range, keyId, model or tag). */
  onChange: (patch: Partial<UsageParams>) => void;
  /** Shown when any filter is set; clears them all (the range stays). */
  onClear: () => void;
  filtered: boolean;
  /** Further filters (the request log's status, endpoint, stream): the filters then get a row of their own. */
  children?: ReactNode;
}

/** The range and the key, model and tag filters, shared by the overview and the request log. */
export function UsageFilterBar({ params, keys, models, tags, onChange, onClear, filtered, children }: UsageFilterBarProps) {
  const wide = children !== undefined;
  return (
    <div className={cn("mb-6 flex flex-col gap-3", !wide && "lg:flex-row lg:items-center lg:justify-between")}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <RangePicker value={params} onChange={(range: RangeValue) => onChange({ range: range.range, from: range.from, to: range.to })} />
        {wide && filtered && (
          <Button variant="ghost" size="sm" onClick={onClear} icon={<CloseIcon className="size-3.5" />}>
            Clear filters
          </Button>
        )}
      </div>
      <div className={cn("grid grid-cols-2 gap-2", wide ? "sm:grid-cols-3 lg:grid-cols-6" : "sm:flex sm:items-center")}>
        <FilterSelect label="Key" allLabel="All keys" value={params.keyId} options={keys} onChange={(keyId) => onChange({ keyId })} fill={wide} />
        <FilterSelect label="Model" allLabel="All models" value={params.model} options={models} onChange={(model) => onChange({ model })} fill={wide} />
        <FilterSelect label="Tag" allLabel="All tags" value={params.tag} options={tags} onChange={(tag) => onChange({ tag })} fill={wide} />
        {children}
        {!wide && filtered && (
          <Button variant="ghost" size="sm" className="col-span-2 h-9 justify-self-start" onClick={onClear} icon={<CloseIcon className="size-3.5" />}>
            Clear filters
          </Button>
        )}
      </div>
    </div>
  );
}
