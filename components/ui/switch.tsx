import type { ButtonHTMLAttributes } from "react";
import { cn } from "@/components/ui/cn";

interface SwitchProps extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, "onChange" | "role"> {
  checked: boolean;
  onCheckedChange: (checked: boolean) => void;
  size?: "sm" | "md";
}

/** An on/off switch (role="switch"): label it with aria-label or aria-labelledby. */
export function Switch({ checked, onCheckedChange, size = "md", className, disabled, ...props }: SwitchProps) {
  return (
    <button
      type="button"
      role="switch"
      aria-checked={checked}
      disabled={disabled}
      onClick={() => onCheckedChange(!checked)}
      className={cn(
        "relative inline-flex shrink-0 cursor-pointer items-center rounded-full transition-colors",
        "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500 disabled:cursor-not-allowed disabled:opacity-50",
        checked ? "bg-indigo-600 dark:bg-indigo-500" : "bg-zinc-300 dark:bg-zinc-700",
        size === "md" ? "h-6 w-11" : "h-5 w-9",
        className,
      )}
      {...props}
    >
      <span
        aria-hidden="true"
        className={cn(
          "pointer-events-none inline-block rounded-full bg-white shadow-sm ring-0 transition-transform",
          size === "md" ? "size-5" : "size-4",
          checked ? (size === "md" ? "translate-x-5.5" : "translate-x-4.5") : "translate-x-0.5",
        )}
      />
    </button>
  );
}
