"use client";

import type { ReactNode } from "react";
import { formatNumber, formatRelative } from "@/components/format";
import { keyHints, ROTATE_AFTER_DAYS } from "@/lib/api-keys/hints";
import { useSettings } from "@/components/hooks/use-settings";
import { Button } from "@/components/ui/button";
import { useCan } from "@/components/shell/session-user";
import { Card, CardHeader } from "@/components/ui/card";
import { Switch } from "@/components/ui/switch";
import { useToast } from "@/components/ui/toast";
import { formatMoment } from "@/components/usage/format";
import { EnabledDot, RotateBadge, rotateHintTitle } from "@/app/(dashboard)/keys/_components/key-hint-badges";
import { KeyValue } from "@/app/(dashboard)/keys/_components/key-value";
import { useEndGrace } from "@/app/(dashboard)/keys/_components/use-rotate-key";
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

interface KeySettingsCardProps {
  apiKey: ApiKey;
  firstUsedAt: string | null | undefined;
  onRotate: () => void;
}

function RotateHint({ days, onRotate }: { days: number; onRotate: () => void }) {
  if (!useCan("admin")) return <RotateBadge title={rotateHintTitle(days, false)} />;
  return (
    <button type="button" onClick={onRotate} className="rounded-md focus-visible:outline-2 focus-visible:outline-indigo-500" title={rotateHintTitle(days, true)}>
      <RotateBadge className="cursor-pointer hover:opacity-80" />
    </button>
  );
}

/** The key's settings: masked value, a rotation's previous secret, status switch, and when it was created, rotated, first and last used. */
export function KeySettingsCard({ apiKey, firstUsedAt, onRotate }: KeySettingsCardProps) {
  const setEnabled = useSetKeyEnabled();
  const endGrace = useEndGrace();
  const toast = useToast();
  const canEdit = useCan("admin");
  const reminderDays = useSettings().data?.rotationReminderDays ?? ROTATE_AFTER_DAYS;
  const { rotate } = keyHints(apiKey, Date.now(), reminderDays);
  const previous = apiKey.previousSecret;

  function onEndGrace() {
    endGrace.mutate(apiKey.id, { onSuccess: () => toast.success("Grace period ended", "The previous secret is refused from now on.") });
  }

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
        {previous && (
          <Row label="Previous secret">
            <div data-testid="previous-secret" className="flex flex-col items-start gap-1.5 sm:items-end">
              <code className="font-mono text-xs">{previous.display}</code>
              <span className="text-zinc-600 dark:text-zinc-400">
                Valid until <span title={previous.expiresAt.toISOString()} className="font-medium whitespace-nowrap text-zinc-900 dark:text-zinc-100">{formatMoment(previous.expiresAt)}</span>
              </span>
              {canEdit && (
                <Button variant="secondary" size="sm" onClick={onEndGrace} loading={endGrace.isPending}>
                  End grace period now
                </Button>
              )}
            </div>
          </Row>
        )}
        <Row label="Status">
          <span className="inline-flex items-center gap-2">
            {!canEdit && <EnabledDot enabled={apiKey.enabled} />}
            <span className="text-xs text-zinc-600 dark:text-zinc-400">{apiKey.enabled ? "Enabled" : "Disabled"}</span>
            {canEdit && <Switch size="sm" checked={apiKey.enabled} onCheckedChange={onToggle} aria-label={`${apiKey.name} enabled`} />}
          </span>
        </Row>
        <Row label="Created">
          <span className="inline-flex flex-wrap items-center gap-2 sm:justify-end">
            <When iso={apiKey.createdAt} testId="key-created" />
            {rotate && !apiKey.rotatedAt && <RotateHint days={reminderDays} onRotate={onRotate} />}
          </span>
        </Row>
        {apiKey.rotatedAt && (
          <Row label="Last rotated">
            <span className="inline-flex flex-wrap items-center gap-2 sm:justify-end">
              <When iso={apiKey.rotatedAt} testId="key-rotated" />
              {rotate && <RotateHint days={reminderDays} onRotate={onRotate} />}
            </span>
          </Row>
        )}
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
