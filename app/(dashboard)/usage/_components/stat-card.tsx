import type { ReactNode } from "react";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { Skeleton } from "@/components/ui/skeleton";

interface StatCardProps {
  title: string;
  icon: ReactNode;
  value: ReactNode;
  testId: string;
  loading: boolean;
  className?: string;
  children?: ReactNode;
}

/** One headline number with its context underneath. */
export function StatCard({ title, icon, value, testId, loading, className, children }: StatCardProps) {
  return (
    <Card aria-label={title} className={cn("flex min-w-0 flex-col p-4 sm:p-5", className)}>
      <div className="flex items-center justify-between gap-2">
        <h2 className="text-sm font-medium text-zinc-600 dark:text-zinc-400">{title}</h2>
        <span className="text-zinc-400 dark:text-zinc-500">{icon}</span>
      </div>
      {loading ? (
        <>
          <Skeleton className="mt-3 h-8 w-24" />
          <Skeleton className="mt-3 h-3 w-32" />
        </>
      ) : (
        <>
          <p data-testid={testId} className="mt-2 truncate text-2xl font-semibold tracking-tight text-zinc-900 tabular-nums sm:text-[1.7rem] dark:text-white">
            {value}
          </p>
          <div className="mt-auto pt-2 text-xs text-zinc-500 dark:text-zinc-400">{children}</div>
        </>
      )}
    </Card>
  );
}
