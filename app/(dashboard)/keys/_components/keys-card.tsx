"use client";

import type { UseQueryResult } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { errorMessage } from "@/components/api/client";
import { SearchIcon } from "@/components/icons";
import { Button } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { Card } from "@/components/ui/card";
import { useCan } from "@/components/shell/session-user";
import { Pagination } from "@/components/ui/pagination";
import { useToast } from "@/components/ui/toast";
import { DeleteKeyDialog } from "@/app/(dashboard)/keys/_components/delete-key-dialog";
import { EditKeyDialog } from "@/app/(dashboard)/keys/_components/edit-key-dialog";
import { KeysEmptyState } from "@/app/(dashboard)/keys/_components/keys-empty-state";
import { KeysTable } from "@/app/(dashboard)/keys/_components/keys-table";
import { KeysToolbar, type StatusFilter } from "@/app/(dashboard)/keys/_components/keys-toolbar";
import { useSetKeyEnabled } from "@/app/(dashboard)/keys/_components/use-set-key-enabled";
import type { ApiKey, ApiKeyPage } from "@/lib/api-keys/schemas";

interface KeysCardProps {
  baseUrl: string;
  query: UseQueryResult<ApiKeyPage>;
  page: number;
  pageSize: number;
  onPageChange: (page: number) => void;
  search: string;
  onSearchChange: (value: string) => void;
  status: StatusFilter;
  onStatusChange: (value: StatusFilter) => void;
  /** Clears every filter: search, status, and the URL's tag and owner. */
  onClearFilters: () => void;
  showEmptyState: boolean;
  onCreate: () => void;
}

export function KeysCard({ baseUrl, query, page, pageSize, onPageChange, search, onSearchChange, status, onStatusChange, onClearFilters, showEmptyState, onCreate }: KeysCardProps) {
  const setEnabled = useSetKeyEnabled();
  const canEdit = useCan("admin");
  const toast = useToast();
  const [editing, setEditing] = useState<ApiKey | null>(null);
  const [deleting, setDeleting] = useState<ApiKey | null>(null);
  const data = query.data;

  // Deleting the last key on a page: step back instead of showing an empty page.
  useEffect(() => {
    if (data && data.items.length === 0 && data.total > 0 && page > 1) onPageChange(Math.ceil(data.total / pageSize));
  }, [data, page, pageSize, onPageChange]);

  function onToggle(key: ApiKey, enabled: boolean) {
    setEnabled.mutate(
      { id: key.id, enabled },
      { onSuccess: () => toast.success(enabled ? `“${key.name}” enabled` : `“${key.name}” disabled`, enabled ? undefined : "Requests with this key are now refused.") },
    );
  }

  if (showEmptyState) return <Card aria-label="API keys"><KeysEmptyState baseUrl={baseUrl} onCreate={onCreate} /></Card>;

  return (
    <Card aria-label="API keys">
      <KeysToolbar
        search={search}
        onSearchChange={onSearchChange}
        status={status}
        onStatusChange={onStatusChange}
        onRefresh={() => void query.refetch()}
        refreshing={query.isFetching}
      />
      {query.isError && !data ? (
        <div className="p-5">
          <Callout tone="danger" role="alert" title="Could not load API keys" action={<Button variant="secondary" size="sm" onClick={() => void query.refetch()}>Try again</Button>}>
            {errorMessage(query.error)}
          </Callout>
        </div>
      ) : data && data.total === 0 ? (
        <div className="px-5 py-14 text-center">
          <SearchIcon className="mx-auto size-6 text-zinc-400" />
          <p className="mt-3 text-sm font-medium">No keys match{search.trim() ? ` “${search.trim()}”` : " this filter"}</p>
          <Button variant="secondary" size="sm" className="mt-4" onClick={onClearFilters}>
            Clear filters
          </Button>
        </div>
      ) : (
        <KeysTable keys={data?.items} onToggle={onToggle} onEdit={setEditing} onDelete={setDeleting} />
      )}
      {data && data.total > 0 && (
        <div className="border-t border-zinc-950/5 px-4 py-3 sm:px-5 dark:border-white/10">
          <Pagination page={page} pageSize={pageSize} total={data.total} noun={["key", "keys"]} onPageChange={onPageChange} />
        </div>
      )}
      {canEdit && editing && <EditKeyDialog apiKey={editing} onClose={() => setEditing(null)} />}
      {canEdit && deleting && <DeleteKeyDialog apiKey={deleting} onClose={() => setDeleting(null)} />}
    </Card>
  );
}
