import type { ReactNode } from "react";

/** A setting's saved value as text, where a viewer (who cannot change it) would see a form field. */
export function ReadOnlySetting({ label, value, hint }: { label: string; value: ReactNode; hint?: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-sm font-medium text-zinc-800 dark:text-zinc-200">{label}</dt>
      <dd className="mt-1 text-sm text-zinc-900 tabular-nums dark:text-zinc-100">{value}</dd>
      {hint && <dd className="mt-0.5 text-xs text-zinc-500 dark:text-zinc-400">{hint}</dd>}
    </div>
  );
}
