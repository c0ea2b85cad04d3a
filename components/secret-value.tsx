import { CopyButton } from "@/components/copy-button";

/** A value shown once (a new key, an invite link): labelled, selectable in one click, with a copy button. */
export function SecretValue({ label, value, testId, copyLabel, copiedMessage }: { label: string; value: string; testId: string; copyLabel: string; copiedMessage: string }) {
  return (
    <div>
      <p className="mb-1.5 text-sm font-medium text-zinc-800 dark:text-zinc-200">{label}</p>
      <div className="flex items-center gap-2 rounded-lg bg-zinc-50 p-2 pl-3 ring-1 ring-zinc-950/10 ring-inset dark:bg-zinc-950 dark:ring-white/10">
        <code data-testid={testId} className="min-w-0 flex-1 font-mono text-sm break-all text-zinc-900 select-all dark:text-zinc-100">
          {value}
        </code>
        <CopyButton value={value} label={copyLabel} successMessage={copiedMessage} showText variant="secondary" />
      </div>
    </div>
  );
}
