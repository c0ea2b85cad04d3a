"use client";

import { Select } from "@/components/ui/input";
import { cn } from "@/components/ui/cn";

export interface FilterOption {
  id: string;
  label: string;
}

interface FilterSelectProps {
  label: string;
  allLabel: string;
  value: string | undefined;
  options: readonly FilterOption[];
  onChange: (value: string | undefined) => void;
  /** Fill a grid cell instead of a fixed width. */
  fill?: boolean;
}

/** A labelled filter ("All keys", then each key); the selected value stays listed even if the options lack it. */
export function FilterSelect({ label, allLabel, value, options, onChange, fill = false }: FilterSelectProps) {
  const listed = value === undefined || options.some((o) => o.id === value) ? options : [...options, { id: value, label: value }];
  return (
    <Select
      aria-label={label}
      value={value ?? ""}
      onChange={(event) => onChange(event.target.value || undefined)}
      className={cn("w-full min-w-0", !fill && "sm:w-44", value !== undefined && "ring-indigo-400 dark:ring-indigo-500")}
    >
      <option value="">{allLabel}</option>
      {listed.map((option) => (
        <option key={option.id} value={option.id}>
          {option.label}
        </option>
      ))}
    </Select>
  );
}
