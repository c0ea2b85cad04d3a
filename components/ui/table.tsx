import type { HTMLAttributes, TdHTMLAttributes, ThHTMLAttributes } from "react";
import { cn } from "@/components/ui/cn";
import { Skeleton } from "@/components/ui/skeleton";

/**
 * A data table that turns into stacked cards below the `md` breakpoint: each cell then shows its
 * column name from `data-label`, so nothing scrolls sideways on a phone.
 */
export function Table({ className, ...props }: HTMLAttributes<HTMLTableElement>) {
  return <table className={cn("w-full border-collapse text-left text-sm", className)} {...props} />;
}

export function THead({ className, ...props }: HTMLAttributes<HTMLTableSectionElement>) {
  return (
    <thead
      className={cn(
        "hidden border-b border-zinc-950/5 bg-zinc-50/80 text-xs font-medium tracking-wide text-zinc-500 uppercase md:table-header-group dark:border-white/10 dark:bg-white/[0.02] dark:text-zinc-400",
        className,
      )}
      {...props}
    />
  );
}

export function TBody({ className, ...props }: HTMLAttributes<HTMLTableSectionElement>) {
  return <tbody className={cn("block divide-y divide-zinc-950/5 md:table-row-group dark:divide-white/10", className)} {...props} />;
}

export function TR({ className, ...props }: HTMLAttributes<HTMLTableRowElement>) {
  return (
    <tr
      className={cn("grid grid-cols-2 gap-x-4 gap-y-3 px-4 py-4 md:table-row md:p-0 md:hover:bg-zinc-50/60 dark:md:hover:bg-white/[0.02]", className)}
      {...props}
    />
  );
}

export function TH({ className, ...props }: ThHTMLAttributes<HTMLTableCellElement>) {
  return <th scope="col" className={cn("px-4 py-2.5 font-medium whitespace-nowrap first:pl-5 last:pr-5", className)} {...props} />;
}

export function TD({ className, label, ...props }: TdHTMLAttributes<HTMLTableCellElement> & { label?: string }) {
  return (
    <td
      data-label={label}
      className={cn(
        "block min-w-0 align-middle md:table-cell md:px-4 md:py-3 md:first:pl-5 md:last:pr-5",
        label && "before:mb-1 before:block before:text-xs before:font-medium before:text-zinc-500 before:content-[attr(data-label)] md:before:hidden dark:before:text-zinc-400",
        className,
      )}
      {...props}
    />
  );
}

/** Placeholder rows while a table's first page loads. */
export function SkeletonRows({ rows = 6, columns }: { rows?: number; columns: number }) {
  return Array.from({ length: rows }, (_, i) => (
    <TR key={i}>
      {Array.from({ length: columns }, (_, j) => (
        <TD key={j}>
          <Skeleton className="h-4 w-20" />
        </TD>
      ))}
    </TR>
  ));
}
