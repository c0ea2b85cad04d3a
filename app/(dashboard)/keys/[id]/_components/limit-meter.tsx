import type { ReactNode } from "react";
import { cn } from "@/components/ui/cn";

const FILL = {
  ok: "bg-indigo-500 dark:bg-indigo-400",
  warning: "bg-amber-500 dark:bg-amber-400",
  danger: "bg-red-500 dark:bg-red-400",
} as const;
// Reserved: the same colour, lighter, so "held by requests in flight" reads as part of the same budget.
const RESERVED = {
  ok: "bg-indigo-300 dark:bg-indigo-400/40",
  warning: "bg-amber-300 dark:bg-amber-400/40",
  danger: "bg-red-300 dark:bg-red-400/40",
} as const;

export function shareTone(share: number): keyof typeof FILL {
  return share >= 1 ? "danger" : share >= 0.8 ? "warning" : "ok";
}

const pct = (part: number, whole: number) => `${whole > 0 ? Math.max(0, Math.min(1, part / whole)) * 100 : 0}%`;

/** A bar of use against a limit; `reserved` is drawn after `used` in a lighter shade (together at most full). */
export function UsageBar({ used, reserved = 0, limit, label, valueText }: { used: number; reserved?: number; limit: number; label: string; valueText: string }) {
  const tone = shareTone(limit > 0 ? (used + reserved) / limit : 0);
  const shownUsed = Math.min(used, limit);
  const shownReserved = Math.min(reserved, limit - shownUsed);
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={limit}
      aria-valuenow={shownUsed + shownReserved}
      aria-valuetext={valueText}
      className="flex h-2 w-full overflow-hidden rounded-full bg-zinc-100 dark:bg-zinc-800"
    >
      <div data-testid="bar-used" className={cn("h-full transition-[width]", FILL[tone])} style={{ width: pct(shownUsed, limit) }} />
      {shownReserved > 0 && <div data-testid="bar-reserved" className={cn("h-full transition-[width]", RESERVED[tone])} style={{ width: pct(shownReserved, limit) }} />}
    </div>
  );
}

/** A coloured dot before "spent" and "reserved", so the text doubles as the bar's legend. */
export function Swatch({ share, reserved = false }: { share: number; reserved?: boolean }) {
  const tone = shareTone(share);
  return <span aria-hidden="true" className={cn("mr-1 inline-block size-2 rounded-full align-middle", reserved ? RESERVED[tone] : FILL[tone])} />;
}

interface MeterProps {
  label: string;
  testId: string;
  /** "12 / 60"; null when this limit is not set. */
  value: ReactNode | null;
  detail?: ReactNode;
  bar?: ReactNode;
}

/** One limit against its current use: a label, "used / limit", a bar and what is left. */
export function Meter({ label, testId, value, detail, bar }: MeterProps) {
  return (
    <div data-testid={testId} className="min-w-0">
      <dt className="text-xs font-medium text-zinc-500 dark:text-zinc-400">{label}</dt>
      <dd className="mt-1 space-y-2">
        {value === null ? (
          <span className="text-sm text-zinc-400 dark:text-zinc-500">No limit</span>
        ) : (
          <>
            <span data-testid={`${testId}-value`} className="block text-lg font-semibold tracking-tight tabular-nums">{value}</span>
            {bar}
            {detail && <span className="block text-xs text-zinc-500 dark:text-zinc-400">{detail}</span>}
          </>
        )}
      </dd>
    </div>
  );
}
