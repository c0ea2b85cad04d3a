"use client";

import type { ReactNode } from "react";
import { CloseIcon } from "@/components/icons";
import { Button } from "@/components/ui/button";
import { FilterSelect, type FilterOption } from "@/components/usage/filter-select";
import type { UsageParams } from "@/components/usage/params";
import { RangePicker, type RangeValue } from "@/components/usage/range-picker";

interface UsageFilterBarProps {
  params: UsageParams;
  keys: FilterOption[];
  models: FilterOption[];
  onRangeChange: (value: RangeValue) => void;
  onKeyChange: (keyId: string | undefined) => void;
  onModelChange: (model: string | undefined) => void;
  /** Shown when any filter is set; clears them all (the range stays). */
  onClear?: () => void;
  filtered: boolean;
  /** Further filters (the request log's status, endpoint, stream). */
  children?: ReactNode;
}

/** The range and the key and model filters, shared by the overview and the request log. */
export function UsageFilterBar({ params, keys, models, onRangeChange, onKeyChange, onModelChange, onClear, filtered, children }: UsageFilterBarProps) {
  return (
    <div className="mb-6 flex flex-col gap-3 xl:flex-row xl:items-center xl:justify-between">
      <RangePicker value={params} onChange={onRangeChange} />
      <div className="grid grid-cols-2 gap-2 sm:flex sm:flex-wrap sm:items-center xl:justify-end">
        <FilterSelect label="Key" allLabel="All keys" value={params.keyId} options={keys} onChange={onKeyChange} />
        <FilterSelect label="Model" allLabel="All models" value={params.model} options={models} onChange={onModelChange} />
        {children}
        {filtered && onClear && (
          <Button variant="ghost" size="sm" className="col-span-2 h-9 justify-self-start" onClick={onClear} icon={<CloseIcon className="size-3.5" />}>
            Clear filters
          </Button>
        )}
      </div>
    </div>
  );
}
