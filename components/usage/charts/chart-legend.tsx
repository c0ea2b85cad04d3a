import { cn } from "@/components/ui/cn";

export interface LegendItem {
  id: string;
  label: string;
  color: string;
}

export function ChartLegend({ items, className }: { items: LegendItem[]; className?: string }) {
  return (
    <ul aria-label="Legend" className={cn("flex flex-wrap gap-x-4 gap-y-1.5 text-xs text-zinc-600 dark:text-zinc-400", className)}>
      {items.map((item) => (
        <li key={item.id} className="flex min-w-0 items-center gap-1.5">
          <span aria-hidden="true" className="size-2.5 shrink-0 rounded-sm" style={{ backgroundColor: item.color }} />
          <span className="max-w-48 truncate" title={item.label}>
            {item.label}
          </span>
        </li>
      ))}
    </ul>
  );
}
