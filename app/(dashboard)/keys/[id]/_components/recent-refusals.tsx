import { refusalReason } from "@/components/keys/limits-format";
import { formatTimestamp } from "@/components/usage/format";
import type { KeyLimits } from "@/lib/policies/schemas";

/** The latest requests the key's policy refused: when, why in plain words, and which model. */
export function RecentRefusals({ refusals }: { refusals: KeyLimits["refusals"] }) {
  return (
    <div>
      <h3 className="text-xs font-semibold tracking-wide text-zinc-500 uppercase dark:text-zinc-400">Recent refusals</h3>
      {refusals.length === 0 ? (
        <p className="mt-2 text-sm text-zinc-500 dark:text-zinc-400">No request has been refused by these limits.</p>
      ) : (
        <ul aria-label="Recent refusals" className="mt-2 divide-y divide-zinc-950/5 rounded-lg ring-1 ring-zinc-950/5 dark:divide-white/10 dark:ring-white/10">
          {refusals.map((r, i) => (
            <li key={`${r.createdAt}-${i}`} className="flex flex-col gap-0.5 px-3 py-2 text-sm sm:flex-row sm:items-center sm:gap-4">
              <time dateTime={r.createdAt} title={formatTimestamp(r.createdAt, true)} className="shrink-0 text-xs text-zinc-500 tabular-nums sm:w-32 dark:text-zinc-400">
                {formatTimestamp(r.createdAt)}
              </time>
              <span className="min-w-0 flex-1">
                <span data-testid="refusal-reason" className="font-medium text-zinc-900 dark:text-zinc-100">{refusalReason(r.errorCode)}</span>
                <span className="block font-mono text-xs whitespace-nowrap text-zinc-500 sm:ml-2 sm:inline dark:text-zinc-400">
                  {r.status} {r.errorCode}
                </span>
              </span>
              <span className="min-w-0 truncate font-mono text-xs text-zinc-600 sm:max-w-80 dark:text-zinc-300" title={r.model ?? undefined}>
                {r.model ?? "(no model)"} <span className="text-zinc-400 dark:text-zinc-500">· {r.endpoint}</span>
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
