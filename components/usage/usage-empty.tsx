import type { ReactNode } from "react";
import { ChartIcon } from "@/components/icons";
import { Card } from "@/components/ui/card";

/** "No requests in this range", with the ways out the caller offers (a wider range, fewer filters). */
export function UsageEmpty({ title = "No requests in this range", children, actions }: { title?: string; children?: ReactNode; actions?: ReactNode }) {
  return (
    <Card className="px-6 py-14 text-center">
      <div className="mx-auto flex size-12 items-center justify-center rounded-xl bg-indigo-50 text-indigo-600 dark:bg-indigo-500/15 dark:text-indigo-300">
        <ChartIcon className="size-6" />
      </div>
      <h2 className="mt-4 text-base font-semibold">{title}</h2>
      {children && <div className="mx-auto mt-2 max-w-md text-sm text-zinc-600 dark:text-zinc-400">{children}</div>}
      {actions && <div className="mt-6 flex flex-wrap justify-center gap-2">{actions}</div>}
    </Card>
  );
}
