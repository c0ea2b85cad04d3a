"use client";

import { useSettings } from "@/components/hooks/use-settings";
import { useCan } from "@/components/shell/session-user";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { KeyRow } from "@/app/(dashboard)/keys/_components/key-row";
import { ROTATE_AFTER_DAYS } from "@/lib/api-keys/hints";
import type { ApiKey } from "@/lib/api-keys/schemas";

interface KeysTableProps {
  keys: ApiKey[] | undefined;
  onToggle: (key: ApiKey, enabled: boolean) => void;
  onEdit: (key: ApiKey) => void;
  onDelete: (key: ApiKey) => void;
}

export function KeysTable({ keys, onToggle, onEdit, onDelete }: KeysTableProps) {
  const rotateAfterDays = useSettings().data?.rotationReminderDays ?? ROTATE_AFTER_DAYS;
  // A viewer has no row actions: no column for them.
  const canEdit = useCan("admin");
  return (
    <Table aria-label="API keys" aria-busy={keys === undefined}>
      <THead>
        <tr>
          <TH>Name</TH>
          <TH>Key</TH>
          <TH>Status</TH>
          <TH>Usage</TH>
          <TH>Last used</TH>
          <TH>Created</TH>
          {canEdit && (
            <TH>
              <span className="sr-only">Actions</span>
            </TH>
          )}
        </tr>
      </THead>
      <TBody>
        {keys === undefined
          ? Array.from({ length: 4 }, (_, i) => (
              <TR key={i}>
                <TD className="col-span-2">
                  <Skeleton className="h-4 w-32" />
                  <Skeleton className="mt-2 h-3 w-48" />
                </TD>
                <TD className="col-span-2">
                  <Skeleton className="h-5 w-36" />
                </TD>
                <TD>
                  <Skeleton className="h-5 w-20" />
                </TD>
                <TD>
                  <Skeleton className="h-4 w-10" />
                </TD>
                <TD>
                  <Skeleton className="h-4 w-20" />
                </TD>
                <TD>
                  <Skeleton className="h-4 w-24" />
                </TD>
                {canEdit && (
                  <TD className="col-span-2">
                    <Skeleton className="ml-auto h-6 w-16" />
                  </TD>
                )}
              </TR>
            ))
          : keys.map((key) => (
              <KeyRow
                key={key.id}
                apiKey={key}
                rotateAfterDays={rotateAfterDays}
                onToggle={(enabled) => onToggle(key, enabled)}
                onEdit={() => onEdit(key)}
                onDelete={() => onDelete(key)}
              />
            ))}
      </TBody>
    </Table>
  );
}
