"use client";

import type { ReactNode } from "react";
import { PencilIcon, PlugIcon, TrashIcon } from "@/components/icons";
import { useCan } from "@/components/shell/session-user";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Switch } from "@/components/ui/switch";
import { useToast } from "@/components/ui/toast";
import { ConnectionResultPanel } from "@/app/(dashboard)/providers/_components/connection-result";
import { useTestConnection } from "@/app/(dashboard)/providers/_components/use-test-connection";
import { useUpdateProvider } from "@/app/(dashboard)/providers/_components/use-update-provider";
import type { Provider } from "@/lib/providers/schemas";

const SHOWN_MODELS = 8;

function Detail({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs font-medium text-zinc-500 dark:text-zinc-400">{label}</dt>
      <dd className="mt-1 text-sm text-zinc-800 dark:text-zinc-200">{children}</dd>
    </div>
  );
}

export function ProviderCard({ provider, onEdit, onDelete }: { provider: Provider; onEdit: () => void; onDelete: () => void }) {
  const update = useUpdateProvider();
  const test = useTestConnection();
  const toast = useToast();
  // Testing a connection is a POST that uses the stored key: an admin's, like every control here.
  const canEdit = useCan("admin");
  const { name, baseUrl, apiKeyDisplay, enabled, allModels, models, priority, weight, modelAliases } = provider;
  const aliases = Object.entries(modelAliases);

  function onToggle(next: boolean) {
    update.mutate({ id: provider.id, input: { enabled: next } }, { onSuccess: () => toast.success(next ? `“${name}” enabled` : `“${name}” disabled`) });
  }

  return (
    <Card aria-label={name}>
      <div className="flex flex-wrap items-start justify-between gap-3 px-5 pt-4">
        <div className="min-w-0">
          <div className="flex items-center gap-2">
            <h2 className="truncate text-base font-semibold">{name}</h2>
            {enabled ? <Badge tone="success">Enabled</Badge> : <Badge tone="neutral">Disabled</Badge>}
            {provider.kind === "anthropic" && <Badge tone="neutral">Anthropic</Badge>}
          </div>
          <p className="mt-1 font-mono text-xs break-all text-zinc-500 dark:text-zinc-400">{baseUrl}</p>
        </div>
        {canEdit && <Switch checked={enabled} onCheckedChange={onToggle} disabled={update.isPending} aria-label={`${name} enabled`} />}
      </div>
      <dl className="grid grid-cols-2 gap-4 px-5 py-4 sm:grid-cols-4">
        <Detail label="API key">
          {apiKeyDisplay ? <span className="font-mono text-xs">{apiKeyDisplay}</span> : <span className="text-zinc-400 dark:text-zinc-500">None</span>}
        </Detail>
        <Detail label="Priority">
          {priority}
          {weight !== 1 && <span className="text-zinc-500 dark:text-zinc-400"> · weight {weight}</span>}
        </Detail>
        <Detail label="Models">
          {allModels ? (
            "All models"
          ) : (
            <span className="flex flex-wrap gap-1">
              {models.slice(0, SHOWN_MODELS).map((m) => (
                <Badge key={m} className="font-mono">{m}</Badge>
              ))}
              {models.length > SHOWN_MODELS && <Badge>+{models.length - SHOWN_MODELS}</Badge>}
            </span>
          )}
        </Detail>
        {aliases.length > 0 && (
          <Detail label="Aliases">
            <span className="flex flex-col gap-0.5 font-mono text-xs">
              {aliases.slice(0, SHOWN_MODELS).map(([alias, target]) => (
                <span key={alias} className="break-all">
                  {alias} → {target}
                </span>
              ))}
              {aliases.length > SHOWN_MODELS && <span>+{aliases.length - SHOWN_MODELS} more</span>}
            </span>
          </Detail>
        )}
      </dl>
      {test.data && (
        <div className="px-5 pb-4">
          <ConnectionResultPanel result={test.data} />
        </div>
      )}
      {canEdit && (
        <div className="flex flex-wrap items-center gap-2 border-t border-zinc-950/5 px-5 py-3 dark:border-white/10">
          <Button variant="secondary" size="sm" onClick={() => test.mutate({ providerId: provider.id, kind: provider.kind, baseUrl })} loading={test.isPending} icon={<PlugIcon />} aria-label={`Test connection to ${name}`}>
            Test connection
          </Button>
          <div className="ml-auto flex items-center gap-1">
            <Button variant="ghost" size="sm" onClick={onEdit} icon={<PencilIcon />} aria-label={`Edit ${name}`}>
              Edit
            </Button>
            <Button variant="danger-ghost" size="sm" onClick={onDelete} icon={<TrashIcon />} aria-label={`Delete ${name}`}>
              Delete
            </Button>
          </div>
        </div>
      )}
    </Card>
  );
}
