import type { ReactNode } from "react";
import { AlertIcon, CheckCircleIcon, InfoIcon, XCircleIcon } from "@/components/icons";
import { cn } from "@/components/ui/cn";

const TONES = {
  info: { box: "bg-indigo-50 text-indigo-900 ring-indigo-600/15 dark:bg-indigo-500/10 dark:text-indigo-100 dark:ring-indigo-400/20", icon: InfoIcon, iconClass: "text-indigo-600 dark:text-indigo-300" },
  warning: { box: "bg-amber-50 text-amber-900 ring-amber-600/20 dark:bg-amber-400/10 dark:text-amber-100 dark:ring-amber-400/20", icon: AlertIcon, iconClass: "text-amber-600 dark:text-amber-300" },
  danger: { box: "bg-red-50 text-red-900 ring-red-600/15 dark:bg-red-500/10 dark:text-red-100 dark:ring-red-400/20", icon: XCircleIcon, iconClass: "text-red-600 dark:text-red-400" },
  success: { box: "bg-emerald-50 text-emerald-900 ring-emerald-600/15 dark:bg-emerald-500/10 dark:text-emerald-100 dark:ring-emerald-400/20", icon: CheckCircleIcon, iconClass: "text-emerald-600 dark:text-emerald-400" },
} as const;

interface CalloutProps {
  tone?: keyof typeof TONES;
  title?: ReactNode;
  children?: ReactNode;
  action?: ReactNode;
  role?: "alert" | "status";
  className?: string;
}

export function Callout({ tone = "info", title, children, action, role, className }: CalloutProps) {
  const { box, icon: Icon, iconClass } = TONES[tone];
  return (
    <div role={role} className={cn("flex flex-col gap-3 rounded-lg p-4 text-sm ring-1 ring-inset sm:flex-row sm:items-center", box, className)}>
      <div className="flex min-w-0 flex-1 gap-3">
        <Icon className={cn("mt-0.5 size-5 shrink-0", iconClass)} />
        <div className="min-w-0 space-y-1">
          {title && <p className="font-semibold">{title}</p>}
          {children && <div className="opacity-90">{children}</div>}
        </div>
      </div>
      {action && <div className="shrink-0 pl-8 sm:pl-0">{action}</div>}
    </div>
  );
}
