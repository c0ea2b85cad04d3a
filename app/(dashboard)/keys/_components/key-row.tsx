"use client";

import Link from "next/link";
import { formatDate, formatDateTime, formatNumber, formatRelative } from "@/components/format";
import { PencilIcon, TrashIcon } from "@/components/icons";
import { useCan } from "@/components/shell/session-user";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Switch } from "@/components/ui/switch";
import { TD, TR } from "@/components/ui/table";
import { EnabledDot, RotateBadge, rotateHintTitle } from "@/app/(dashboard)/keys/_components/key-hint-badges";
import { KeyPolicyBadges } from "@/app/(dashboard)/keys/_components/key-policy-badges";
import { KeyValue } from "@/app/(dashboard)/keys/_components/key-value";
import { IDLE_AFTER_DAYS, keyHints } from "@/lib/api-keys/hints";
import type { ApiKey } from "@/lib/api-keys/schemas";

interface KeyRowProps {
  apiKey: ApiKey;
  /** The "Rotation reminder age" setting. */
  rotateAfterDays: number;
  onToggle: (enabled: boolean) => void;
  onEdit: () => void;
  onDelete: () => void;
}

export function KeyRow({ apiKey, rotateAfterDays, onToggle, onEdit, onDelete }: KeyRowProps) {
  const { name, description, enabled, usageCount, lastUsedAt, createdAt } = apiKey;
  const { rotate, idle, unused } = keyHints(apiKey, Date.now(), rotateAfterDays);
  const canEdit = useCan("admin");

  return (
    <TR aria-label={name} className={cn(!enabled && (canEdit ? "[&>td:not(:last-child)]:opacity-60" : "[&>td]:opacity-60"))}>
      <TD className="col-span-2 md:max-w-64">
        <Link
          href={`/keys/${encodeURIComponent(apiKey.id)}`}
          className="block truncate font-medium text-zinc-900 hover:text-indigo-600 hover:underline dark:text-zinc-100 dark:hover:text-indigo-300"
          title={`${name}: usage and settings`}
        >
          {name}
        </Link>
        {description && (
          <p className="mt-0.5 line-clamp-2 text-xs text-zinc-500 dark:text-zinc-400" title={description}>
            {description}
          </p>
        )}
        {(apiKey.tags.length > 0 || apiKey.owner) && (
          <div className="mt-1.5 flex flex-wrap gap-1" data-testid="key-tags">
            {apiKey.tags.map((tag) => (
              <Link
                key={tag}
                href={`/keys?tag=${encodeURIComponent(tag)}`}
                title={`Keys tagged ${tag}`}
                className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-[11px] text-zinc-700 hover:bg-indigo-50 hover:text-indigo-700 dark:bg-white/10 dark:text-zinc-300 dark:hover:bg-indigo-500/20 dark:hover:text-indigo-200"
              >
                {tag}
              </Link>
            ))}
            {apiKey.owner && (
              <Link
                href={`/keys?owner=${encodeURIComponent(apiKey.owner)}`}
                title={`Keys owned by ${apiKey.owner}`}
                className="max-w-full truncate rounded px-1.5 py-0.5 text-[11px] text-zinc-500 hover:text-indigo-700 dark:text-zinc-400 dark:hover:text-indigo-200"
              >
                Owner: {apiKey.owner}
              </Link>
            )}
          </div>
        )}
        <KeyPolicyBadges apiKey={apiKey} className="mt-1.5" />
      </TD>
      <TD label="Key" className="col-span-2">
        <KeyValue apiKey={apiKey} />
      </TD>
      <TD label="Status">
        <div className="flex items-center gap-2">
          {canEdit ? (
            <Switch size="sm" checked={enabled} onCheckedChange={onToggle} aria-label={`${name} enabled`} />
          ) : (
            <EnabledDot enabled={enabled} />
          )}
          <span className="text-xs text-zinc-600 dark:text-zinc-400">{enabled ? "Enabled" : "Disabled"}</span>
        </div>
      </TD>
      <TD label="Usage">
        <div className="flex items-center gap-2">
          <span data-testid="usage-count" className="font-medium tabular-nums">
            {formatNumber(usageCount)}
          </span>
          {unused && (
            <Badge tone="warning" title="No request has used this key yet. Disable keys that are not needed.">
              Unused
            </Badge>
          )}
        </div>
      </TD>
      <TD label="Last used">
        <span data-testid="last-used" className={cn("whitespace-nowrap", !lastUsedAt && "text-zinc-400 dark:text-zinc-500")} title={lastUsedAt ? formatDateTime(lastUsedAt) : undefined}>
          {lastUsedAt ? formatRelative(lastUsedAt) : "Never"}
        </span>
        {idle && (
          <Badge tone="neutral" className="ml-2" title={`Not used for ${IDLE_AFTER_DAYS}+ days: disable it if it is no longer needed.`}>
            Idle
          </Badge>
        )}
      </TD>
      <TD label="Created">
        <span className="whitespace-nowrap" title={formatDateTime(createdAt)}>
          {formatDate(createdAt)}
        </span>
        {rotate && !canEdit && <RotateBadge className="ml-2" title={rotateHintTitle(rotateAfterDays, false)} />}
        {rotate && canEdit && (
          <Link href={`/keys/${encodeURIComponent(apiKey.id)}?rotate`} className="ml-2 inline-flex rounded-md hover:opacity-80" title={rotateHintTitle(rotateAfterDays, true)}>
            <RotateBadge className="cursor-pointer" />
          </Link>
        )}
      </TD>
      {canEdit && (
        <TD className="col-span-2 md:w-px">
          <div className="flex items-center justify-end gap-1 border-t border-zinc-950/5 pt-3 md:border-0 md:pt-0 dark:border-white/10">
            <Button variant="ghost" size="sm" aria-label={`Edit ${name}`} title="Edit name, description and limits" onClick={onEdit} icon={<PencilIcon />}>
              <span className="md:sr-only">Edit</span>
            </Button>
            <Button variant="danger-ghost" size="sm" aria-label={`Delete ${name}`} title="Delete key" onClick={onDelete} icon={<TrashIcon />}>
              <span className="md:sr-only">Delete</span>
            </Button>
          </div>
        </TD>
      )}
    </TR>
  );
}
