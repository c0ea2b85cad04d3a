import { CheckCircleIcon, XCircleIcon } from "@/components/icons";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import type { ConnectionResult } from "@/lib/providers/schemas";

const SHOWN_MODELS = 12;

/** What Test connection found: the upstream's models (with a button to list them), or its error. */
export function ConnectionResultPanel({ result, onUseModels }: { result: ConnectionResult; onUseModels?: (models: string[]) => void }) {
  if (!result.ok) {
    return (
      <div role="status" className="flex gap-3 rounded-lg bg-red-50 p-3 text-sm text-red-900 ring-1 ring-red-600/15 ring-inset dark:bg-red-500/10 dark:text-red-100 dark:ring-red-400/20">
        <XCircleIcon className="mt-0.5 size-5 shrink-0 text-red-600 dark:text-red-400" />
        <div className="min-w-0">
          <p className="font-medium">Connection failed</p>
          <p className="mt-0.5 break-words opacity-90">{result.error ?? "Unknown error"}</p>
        </div>
      </div>
    );
  }
  const extra = result.models.length - SHOWN_MODELS;
  return (
    <div role="status" className="flex gap-3 rounded-lg bg-emerald-50 p-3 text-sm text-emerald-900 ring-1 ring-emerald-600/15 ring-inset dark:bg-emerald-500/10 dark:text-emerald-100 dark:ring-emerald-400/20">
      <CheckCircleIcon className="mt-0.5 size-5 shrink-0 text-emerald-600 dark:text-emerald-400" />
      <div className="min-w-0">
        <p className="font-medium">
          Connected in {result.latencyMs} ms · {result.models.length} {result.models.length === 1 ? "model" : "models"} found
        </p>
        {result.models.length > 0 && (
          <ul aria-label="Models found" className="mt-2 flex flex-wrap gap-1.5">
            {result.models.slice(0, SHOWN_MODELS).map((model) => (
              <li key={model}>
                <Badge tone="neutral" className="font-mono">
                  {model}
                </Badge>
              </li>
            ))}
            {extra > 0 && (
              <li>
                <Badge tone="neutral">+{extra} more</Badge>
              </li>
            )}
          </ul>
        )}
        {result.models.length > 0 && onUseModels && (
          <div className="mt-3 flex flex-wrap items-center gap-2">
            <Button size="sm" variant="secondary" onClick={() => onUseModels(result.models)}>
              Use these models
            </Button>
            <span className="text-xs opacity-80">Fills the provider&apos;s model list with all {result.models.length}: review it, then save.</span>
          </div>
        )}
      </div>
    </div>
  );
}
