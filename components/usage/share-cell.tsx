import { formatNumber } from "@/components/format";
import { cn } from "@/components/ui/cn";
import { formatPercent } from "@/components/usage/format";

const TONES = { indigo: "bg-indigo-500", sky: "bg-sky-400", emerald: "bg-emerald-500" } as const;

interface ShareCellProps {
  value: number;
  share: number;
  tone: keyof typeof TONES;
  testId: string;
  /** How the value reads (a count by default; dollars for cost). */
  format?: (value: number) => string;
}

/** A count (or an amount), its share of the total, and a bar to compare rows at a glance. */
export function ShareCell({ value, share, tone, testId, format = formatNumber }: ShareCellProps) {
  return (
    <div className="min-w-28">
      <div className="flex items-baseline justify-between gap-2">
        <span data-testid={testId} className="font-medium text-zinc-900 tabular-nums dark:text-zinc-100">
          {format(value)}
        </span>
        <span className="text-xs text-zinc-500 tabular-nums dark:text-zinc-400">{formatPercent(share)}</span>
      </div>
      <div aria-hidden="true" className="mt-1.5 h-1.5 overflow-hidden rounded-full bg-zinc-100 dark:bg-zinc-800">
        <div className={cn("h-full rounded-full", TONES[tone])} style={{ width: `${Math.max(share * 100, share > 0 ? 1.5 : 0)}%` }} />
      </div>
    </div>
  );
}
