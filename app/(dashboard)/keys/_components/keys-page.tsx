"use client";

import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { useEffect, useState } from "react";
import { AuthToggleCard } from "@/components/auth-toggle-card";
import { useDebouncedValue } from "@/components/hooks/use-debounced-value";
import { PlusIcon, CloseIcon } from "@/components/icons";
import { PageHeader } from "@/components/shell/page-header";
import { useCan } from "@/components/shell/session-user";
import { ViewOnlyNote } from "@/components/view-only-note";
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
  const canEdit = useCan("admin");
  const [creating, setCreating] = useState(false);
  const [search, setSearch] = useState("");
  const [status, setStatus] = useState<StatusFilter>("all");
  const [page, setPage] = useState(1);
  // Tag and owner filters live in the URL (/keys?tag=team:search), so a row's tag is a link to them.
  const router = useRouter();
  const params = useSearchParams();
  const tag = params.get("tag") || undefined;
  const owner = params.get("owner") || undefined;
  useEffect(() => setPage(1), [tag, owner]);
  const debouncedSearch = useDebouncedValue(search.trim());
  const keys = useKeys({ page, pageSize: PAGE_SIZE, search: debouncedSearch || undefined, status, tag, owner });
  const unfiltered = debouncedSearch === "" && status === "all" && !tag && !owner;
  const noKeys = unfiltered && keys.data?.total === 0;

  return (
    <>
      <PageHeader
        title="API Keys"
        description={<>Keys authenticate the applications that call this proxy at <span className="font-mono text-zinc-800 dark:text-zinc-200">{baseUrl}/v1</span>.</>}
        actions={
          canEdit && (
            <Button onClick={() => setCreating(true)} icon={<PlusIcon />}>
              New API Key
            </Button>
          )
        }
      />
      <ViewOnlyNote what="keys" />
      <div className="space-y-6">
        {/* Every step of the checklist is an admin's to take: a viewer has nothing to do there. */}
        {canEdit && <FirstRunChecklist baseUrl={baseUrl} onCreateKey={() => setCreating(true)} />}
        <AuthToggleCard
          whenEnabled={
            noKeys && (
              <Callout
                tone="info"
                title={canEdit ? "Create your first API key" : "No API key exists yet"}
                action={
                  canEdit && (
                    <Button size="sm" onClick={() => setCreating(true)} icon={<PlusIcon />}>
                      Create key
                    </Button>
                  )
                }
              >
                Authentication is on but no key exists yet, so every request to the proxy is refused.
              </Callout>
            )
          }
        />
        {(tag || owner) && (
          <div className="flex flex-wrap items-center gap-2 text-sm text-zinc-600 dark:text-zinc-400" data-testid="key-filters">
            <span>Showing keys</span>
            {tag && <FilterChip label={`tagged ${tag}`} href={owner ? `/keys?owner=${encodeURIComponent(owner)}` : "/keys"} />}
            {owner && <FilterChip label={`owned by ${owner}`} href={tag ? `/keys?tag=${encodeURIComponent(tag)}` : "/keys"} />}
            {tag && (
              <Link href={`/usage?range=30d&groupBy=tag&tag=${encodeURIComponent(tag)}`} className="font-medium text-indigo-600 hover:underline dark:text-indigo-300">
                Usage of {tag}
              </Link>
            )}
          </div>
        )}
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
          onClearFilters={() => {
            setSearch("");
            setStatus("all");
            setPage(1);
            if (tag || owner) router.replace("/keys");
          }}
          showEmptyState={noKeys}
          onCreate={() => setCreating(true)}
        />
        {/* The empty state carries the snippets itself; once a key exists they sit below the list. */}
        {keys.data && !noKeys && <KeyUsageSnippetsCard baseUrl={baseUrl} />}
        <BestPractices />
      </div>
      {canEdit && <CreateKeyDialog open={creating} onOpenChange={setCreating} baseUrl={baseUrl} />}
    </>
  );
}

/** An active URL filter, with a link that drops it. */
function FilterChip({ label, href }: { label: string; href: string }) {
  return (
    <span className="inline-flex items-center gap-1 rounded-full bg-indigo-50 py-0.5 pr-1 pl-2.5 font-medium text-indigo-700 ring-1 ring-indigo-600/20 dark:bg-indigo-500/10 dark:text-indigo-300 dark:ring-indigo-400/30">
      {label}
      <Link href={href} aria-label={`Remove filter: ${label}`} title="Remove filter" className="rounded-full p-0.5 hover:bg-indigo-100 dark:hover:bg-indigo-500/20">
        <CloseIcon className="size-3.5" />
      </Link>
    </span>
  );
}
