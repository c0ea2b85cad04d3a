"use client";

import { useState } from "react";
import { CalendarIcon } from "@/components/icons";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Segmented } from "@/components/ui/segmented";
import { CustomRangeDialog } from "@/components/usage/custom-range-dialog";
import type { RangeId, UsageParams } from "@/components/usage/params";

const PRESETS = [
  { id: "1h", label: "1h", ariaLabel: "Last hour" },
  { id: "24h", label: "24h", ariaLabel: "Last 24 hours" },
  { id: "7d", label: "7d", ariaLabel: "Last 7 days" },
  { id: "30d", label: "30d", ariaLabel: "Last 30 days" },
] as const satisfies readonly { id: Exclude<RangeId, "custom">; label: string; ariaLabel: string }[];

const short = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });

export type RangeValue = Pick<UsageParams, "range" | "from" | "to">;

/** Last hour, 24 hours, 7 or 30 days, or a custom from–to chosen in a dialog. */
export function RangePicker({ value, onChange }: { value: RangeValue; onChange: (value: RangeValue) => void }) {
  const [editing, setEditing] = useState(false);
  const custom = value.range === "custom" && value.from && value.to;
  return (
    <div className="flex flex-wrap items-center gap-2">
      <Segmented
        label="Time range"
        options={PRESETS}
        value={value.range === "custom" ? undefined : value.range}
        onValueChange={(range) => onChange({ range })}
      />
      <Button
        variant="secondary"
        size="sm"
        aria-pressed={value.range === "custom"}
        aria-label={custom ? `Custom range ${short.format(new Date(value.from ?? ""))} to ${short.format(new Date(value.to ?? ""))}` : "Custom range"}
        onClick={() => setEditing(true)}
        icon={<CalendarIcon className="size-3.5" />}
        className={cn("h-9", value.range === "custom" && "ring-2 ring-indigo-500 dark:ring-indigo-400")}
      >
        {custom ? `${short.format(new Date(value.from ?? ""))} – ${short.format(new Date(value.to ?? ""))}` : "Custom"}
      </Button>
      {editing && (
        <CustomRangeDialog
          from={value.from}
          to={value.to}
          onClose={() => setEditing(false)}
          onApply={(range) => {
            setEditing(false);
            onChange({ range: "custom", ...range });
          }}
        />
      )}
    </div>
  );
}
