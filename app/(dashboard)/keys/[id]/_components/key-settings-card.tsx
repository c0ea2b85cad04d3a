"use client";

import type { ReactNode } from "react";
import { formatNumber, formatRelative } from "@/components/format";
import { keyHints, ROTATE_AFTER_DAYS } from "@/lib/api-keys/hints";
import { RotateIcon } from "@/components/icons";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { Switch } from "@/components/ui/switch";
import { useToast } from "@/components/ui/toast";
import { formatMoment } from "@/components/usage/format";
import { KeyValue } from "@/app/(dashboard)/keys/_components/key-value";
import { useSetKeyEnabled } from "@/app/(dashboard)/keys/_components/use-set-key-enabled";
import type { ApiKey } from "@/lib/api-keys/schemas";

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex flex-col gap-1 px-5 py-3 sm:flex-row sm:items-center sm:justify-between sm:gap-4">
      <dt className="shrink-0 text-sm text-zinc-500 dark:text-zinc-400">{label}</dt>
      <dd className="min-w-0 text-sm text-zinc-900 sm:text-right dark:text-zinc-100">{children}</dd>
    </div>
  );
}

function When({ iso, testId }: { iso: string | Date | null; testId: string }) {
  if (!iso) return <span data-testid={testId} className="text-zinc-400 dark:text-zinc-500">Never</span>;
  const date = new Date(iso);
  return (
    <span data-testid={testId} title={date.toISOString()}>
      {formatMoment(date)} <span className="text-zinc-500 dark:text-zinc-400">· {formatRelative(date)}</span>
    </span>
  );
}

/** The key's settings: masked value, status switch, and when it was created, first and last used. */
export function KeySettingsCard({ apiKey, firstUsedAt }: { apiKey: ApiKey; firstUsedAt: string | null | undefined }) {
  const setEnabled = useSetKeyEnabled();
  const toast = useToast();
  const { rotate } = keyHints(apiKey);

  function onToggle(enabled: boolean) {
    setEnabled.mutate(
      { id: apiKey.id, enabled },
      { onSuccess: () => toast.success(enabled ? `“${apiKey.name}” enabled` : `“${apiKey.name}” disabled`, enabled ? undefined : "Requests with this key are now refused.") },
    );
  }

  return (
    <Card aria-label="Key settings" className="h-full min-w-0">
      <CardHeader title="Key" description={apiKey.description ?? "No description."} />
      <dl className="divide-y divide-zinc-950/5 dark:divide-white/10">
        <Row label="Key">
          <div className="flex justify-start sm:justify-end">
            <KeyValue apiKey={apiKey} />
          </div>
        </Row>
        <Row label="Status">
          <span className="inline-flex items-center gap-2">
            <span className="text-xs text-zinc-600 dark:text-zinc-400">{apiKey.enabled ? "Enabled" : "Disabled"}</span>
            <Switch size="sm" checked={apiKey.enabled} onCheckedChange={onToggle} aria-label={`${apiKey.name} enabled`} />
          </span>
        </Row>
        <Row label="Created">
          <span className="inline-flex flex-wrap items-center gap-2 sm:justify-end">
            <When iso={apiKey.createdAt} testId="key-created" />
            {rotate && (
              <Badge tone="warning" title={`Older than ${ROTATE_AFTER_DAYS} days: create a replacement, move your application to it, then delete this key.`}>
                <RotateIcon className="size-3" />
                Rotate
              </Badge>
            )}
          </span>
        </Row>
        <Row label="First used">{firstUsedAt === undefined ? "…" : <When iso={firstUsedAt} testId="key-first-used" />}</Row>
        <Row label="Last used">
          <When iso={apiKey.lastUsedAt} testId="key-last-used" />
        </Row>
        <Row label="Requests, all time">
          <span data-testid="key-usage-count" className="font-medium tabular-nums">{formatNumber(apiKey.usageCount)}</span>
        </Row>
      </dl>
    </Card>
  );
}
