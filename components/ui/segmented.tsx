"use client";

import { useRef, type KeyboardEvent, type ReactNode } from "react";
import { cn } from "@/components/ui/cn";

interface Option<T extends string> {
  id: T;
  label: ReactNode;
  /** The accessible name when the visible label is short ("7d" → "Last 7 days"). */
  ariaLabel?: string;
  title?: string;
}

interface SegmentedProps<T extends string> {
  label: string;
  options: readonly Option<T>[];
  value: T | undefined;
  onValueChange: (value: T) => void;
  size?: "sm" | "md";
  className?: string;
}

/** A small radio group drawn as joined buttons (time ranges, "by key / by model"); arrow keys move. */
export function Segmented<T extends string>({ label, options, value, onValueChange, size = "md", className }: SegmentedProps<T>) {
  const refs = useRef<(HTMLButtonElement | null)[]>([]);

  function onKeyDown(event: KeyboardEvent, index: number) {
    const delta = event.key === "ArrowRight" || event.key === "ArrowDown" ? 1 : event.key === "ArrowLeft" || event.key === "ArrowUp" ? -1 : 0;
    if (!delta) return;
    event.preventDefault();
    const next = (index + delta + options.length) % options.length;
    const option = options[next];
    if (!option) return;
    onValueChange(option.id);
    refs.current[next]?.focus();
  }

  const selectedIndex = Math.max(0, options.findIndex((o) => o.id === value));
  return (
    <div role="radiogroup" aria-label={label} className={cn("inline-flex shrink-0 rounded-lg bg-zinc-100 p-0.5 ring-1 ring-zinc-950/5 ring-inset dark:bg-zinc-800/80 dark:ring-white/10", className)}>
      {options.map((option, index) => {
        const checked = option.id === value;
        return (
          <button
            key={option.id}
            ref={(el) => {
              refs.current[index] = el;
            }}
            type="button"
            role="radio"
            aria-checked={checked}
            aria-label={option.ariaLabel}
            title={option.title ?? option.ariaLabel}
            tabIndex={index === selectedIndex ? 0 : -1}
            onClick={() => onValueChange(option.id)}
            onKeyDown={(event) => onKeyDown(event, index)}
            className={cn(
              "inline-flex items-center justify-center gap-1.5 rounded-md font-medium whitespace-nowrap transition-colors",
              size === "sm" ? "h-7 px-2.5 text-xs" : "h-8 px-3 text-sm",
              checked
                ? "bg-white text-zinc-900 shadow-sm ring-1 ring-zinc-950/10 dark:bg-zinc-700 dark:text-white dark:ring-white/10"
                : "text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100",
            )}
          >
            {option.label}
          </button>
        );
      })}
    </div>
  );
}
