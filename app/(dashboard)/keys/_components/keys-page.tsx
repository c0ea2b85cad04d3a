"use client";

import { useState } from "react";
import { AuthToggleCard } from "@/components/auth-toggle-card";
import { useDebouncedValue } from "@/components/hooks/use-debounced-value";
import { PlusIcon } from "@/components/icons";
import { PageHeader } from "@/components/shell/page-header";
import { Button } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { KeysCard } from "@/app/(dashboard)/keys/_components/keys-card";
import { FirstRunChecklist } from "@/app/(dashboard)/keys/_components/first-run-checklist";
import { KeyUsageSnippetsCard } from "@/app/(dashboard)/keys/_components/key-usage-snippets-card";
import { BestPractices } from "@/app/(dashboard)/keys/_components/best-practices";
import { CreateKeyDialog } from "@/app/(dashboard)/keys/_components/create-key-dialog";
import type { StatusFilter } from "@/app/(dashboard)/keys/_components/keys-toolbar";
import { useKeys } from "@/app/(dashboard)/keys/_components/use-keys";

const PAGE_SIZE = 20;

export function KeysPage({ baseUrl }: { baseUrl: string }) {
  const [creating, setCreating] = useState(false);
  const [search, setSearch] = useState("");
  const [status, setStatus] = useState<StatusFilter>("all");
  const [page, setPage] = useState(1);
  const debouncedSearch = useDebouncedValue(search.trim());
  const keys = useKeys({ page, pageSize: PAGE_SIZE, search: debouncedSearch || undefined, status });
  const unfiltered = debouncedSearch === "" && status === "all";
  const noKeys = unfiltered && keys.data?.total === 0;

  return (
    <>
      <PageHeader
        title="API Keys"
        description={<>Keys authenticate the applications that call this proxy at <span className="font-mono text-zinc-800 dark:text-zinc-200">{baseUrl}/v1</span>.</>}
        actions={
          <Button onClick={() => setCreating(true)} icon={<PlusIcon />}>
            New API Key
          </Button>
        }
      />
      <div className="space-y-6">
        <FirstRunChecklist baseUrl={baseUrl} onCreateKey={() => setCreating(true)} />
        <AuthToggleCard
          whenEnabled={
            noKeys && (
              <Callout
                tone="info"
                title="Create your first API key"
                action={
                  <Button size="sm" onClick={() => setCreating(true)} icon={<PlusIcon />}>
                    Create key
                  </Button>
                }
              >
                Authentication is on but no key exists yet, so every request to the proxy is refused.
              </Callout>
            )
          }
        />
        <KeysCard
          baseUrl={baseUrl}
          query={keys}
          page={page}
          pageSize={PAGE_SIZE}
          onPageChange={setPage}
          search={search}
          onSearchChange={(value) => {
            setSearch(value);
            setPage(1);
          }}
          status={status}
          onStatusChange={(value) => {
            setStatus(value);
            setPage(1);
          }}
          showEmptyState={noKeys}
          onCreate={() => setCreating(true)}
        />
        {/* The empty state carries the snippets itself; once a key exists they sit below the list. */}
        {keys.data && !noKeys && <KeyUsageSnippetsCard baseUrl={baseUrl} />}
        <BestPractices />
      </div>
      <CreateKeyDialog open={creating} onOpenChange={setCreating} baseUrl={baseUrl} />
    </>
  );
}
