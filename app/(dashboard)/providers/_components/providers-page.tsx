"use client";

import { useState } from "react";
import { errorMessage } from "@/components/api/client";
import { PlusIcon, ServerIcon } from "@/components/icons";
import { PageHeader } from "@/components/shell/page-header";
import { useCan } from "@/components/shell/session-user";
import { ViewOnlyNote } from "@/components/view-only-note";
import { Button } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { Card } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { DeleteProviderDialog } from "@/app/(dashboard)/providers/_components/delete-provider-dialog";
import { ProviderCard } from "@/app/(dashboard)/providers/_components/provider-card";
import { ProviderDialog } from "@/app/(dashboard)/providers/_components/provider-dialog";
import { useProviders } from "@/app/(dashboard)/providers/_components/use-providers";
import type { Provider } from "@/lib/providers/schemas";

export function ProvidersPage() {
  const providers = useProviders();
  const canEdit = useCan("admin");
  const [editing, setEditing] = useState<Provider | "new" | null>(null);
  const [deleting, setDeleting] = useState<Provider | null>(null);

  return (
    <>
      <PageHeader
        title="Providers"
        description="Upstream APIs, OpenAI-compatible or Anthropic. Each request goes to the enabled provider with the lowest priority number that serves its model (shared by weight on a tie); when it fails before answering, the next one takes over."
        actions={
          canEdit && (
            <Button onClick={() => setEditing("new")} icon={<PlusIcon />}>
              Add provider
            </Button>
          )
        }
      />
      <ViewOnlyNote what="providers" />
      {providers.isPending ? (
        <div className="space-y-4">
          {[0, 1].map((i) => (
            <Card key={i} className="space-y-3 p-5">
              <Skeleton className="h-5 w-40" />
              <Skeleton className="h-3 w-64" />
              <Skeleton className="h-10 w-full" />
            </Card>
          ))}
        </div>
      ) : providers.isError ? (
        <Callout tone="danger" role="alert" title="Could not load providers" action={<Button variant="secondary" size="sm" onClick={() => void providers.refetch()}>Try again</Button>}>
          {errorMessage(providers.error)}
        </Callout>
      ) : providers.data.length === 0 ? (
        <Card className="px-6 py-14 text-center">
          <div className="mx-auto flex size-12 items-center justify-center rounded-xl bg-indigo-50 text-indigo-600 dark:bg-indigo-500/15 dark:text-indigo-300">
            <ServerIcon className="size-6" />
          </div>
          <h2 className="mt-4 text-base font-semibold">No providers yet</h2>
          <p className="mx-auto mt-2 max-w-md text-sm text-zinc-600 dark:text-zinc-400">
            The proxy needs at least one upstream, such as OpenAI or any OpenAI-compatible server, to answer requests.
          </p>
          {canEdit && (
            <Button className="mt-6" onClick={() => setEditing("new")} icon={<PlusIcon />}>
              Add provider
            </Button>
          )}
        </Card>
      ) : (
        <div className="space-y-4">
          {providers.data.map((provider) => (
            <ProviderCard key={provider.id} provider={provider} onEdit={() => setEditing(provider)} onDelete={() => setDeleting(provider)} />
          ))}
        </div>
      )}
      {canEdit && editing && <ProviderDialog provider={editing === "new" ? null : editing} onClose={() => setEditing(null)} />}
      {canEdit && deleting && <DeleteProviderDialog provider={deleting} onClose={() => setDeleting(null)} />}
    </>
  );
}
