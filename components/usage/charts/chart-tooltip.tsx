export interface TooltipRow {
  label: string;
  color: string;
  value: string;
}

/** The hover card of every usage chart: the bucket, one line per series, and an optional total. */
export function ChartTooltip({ title, rows, total }: { title: string; rows: TooltipRow[]; total?: string }) {
  return (
    <div className="min-w-44 rounded-lg bg-white/95 px-3 py-2.5 text-xs shadow-lg ring-1 ring-zinc-950/10 backdrop-blur dark:bg-zinc-800/95 dark:ring-white/10">
      <p className="mb-1.5 font-medium text-zinc-900 dark:text-zinc-100">{title}</p>
      <ul className="space-y-1">
        {rows.map((row) => (
          <li key={row.label} className="flex items-center gap-2">
            <span aria-hidden="true" className="size-2 shrink-0 rounded-sm" style={{ backgroundColor: row.color }} />
            <span className="max-w-40 truncate text-zinc-600 dark:text-zinc-300">{row.label}</span>
            <span className="ml-auto pl-3 font-medium text-zinc-900 tabular-nums dark:text-zinc-100">{row.value}</span>
          </li>
        ))}
      </ul>
      {total !== undefined && (
        <p className="mt-1.5 flex justify-between border-t border-zinc-950/5 pt-1.5 text-zinc-600 dark:border-white/10 dark:text-zinc-300">
          <span>Total</span>
          <span className="font-medium text-zinc-900 tabular-nums dark:text-zinc-100">{total}</span>
        </p>
      )}
    </div>
  );
}
