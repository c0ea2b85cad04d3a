import type { CSSProperties } from "react";
import { cn } from "@/components/ui/cn";

export function Skeleton({ className, style }: { className?: string; style?: CSSProperties }) {
  return <div aria-hidden="true" style={style} className={cn("animate-pulse rounded-md bg-zinc-200/80 dark:bg-zinc-800", className)} />;
}
