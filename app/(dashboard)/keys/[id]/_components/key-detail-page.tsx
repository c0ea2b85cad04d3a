"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ApiClientError, errorMessage } from "@/components/api/client";
import { ArrowLeftIcon, PencilIcon, RotateIcon, TrashIcon } from "@/components/icons";
import { PageHeader } from "@/components/shell/page-header";
import { useCan } from "@/components/shell/session-user";
import { ViewOnlyNote } from "@/components/view-only-note";
import { Badge } from "@/components/ui/badge";
import { Button, buttonClasses } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { Skeleton } from "@/components/ui/skeleton";
import { DeleteKeyDialog } from "@/app/(dashboard)/keys/_components/delete-key-dialog";
import { EditKeyDialog } from "@/app/(dashboard)/keys/_components/edit-key-dialog";
import { KeyPolicyBadges } from "@/app/(dashboard)/keys/_components/key-policy-badges";
import { RotateKeyDialog } from "@/app/(dashboard)/keys/_components/rotate-key-dialog";
import { KeyLimitsCard } from "@/app/(dashboard)/keys/[id]/_components/key-limits-card";
import { KeyModelsCard } from "@/app/(dashboard)/keys/[id]/_components/key-models-card";
import { KeySettingsCard } from "@/app/(dashboard)/keys/[id]/_components/key-settings-card";
import { KeyUsageCard, type DaysOption } from "@/app/(dashboard)/keys/[id]/_components/key-usage-card";
import { RecentRequestsCard } from "@/app/(dashboard)/keys/[id]/_components/recent-requests-card";
import { useKey } from "@/app/(dashboard)/keys/[id]/_components/use-key";
import { useKeyUsage } from "@/app/(dashboard)/keys/[id]/_components/use-key-usage";

const back = (
  <Link href="/keys" className="mb-4 inline-flex items-center gap-1.5 text-sm font-medium text-zinc-500 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100">
    <ArrowLeftIcon className="size-4" />
    API Keys
  </Link>
);

/** One key: its settings, its limits against current use, its usage over time and per model, and its recent requests. */
export function KeyDetailPage({ id, baseUrl, openRotate = false }: { id: string; baseUrl: string; openRotate?: boolean }) {
  const router = useRouter();
  const canEdit = useCan("admin");
  const [days, setDays] = useState<DaysOption>("30");
  const [dialog, setDialog] = useState<"edit" | "limits" | "delete" | "rotate" | null>(openRotate && canEdit ? "rotate" : null);
  const key = useKey(id);
  const apiKey = key.data;
  const usage = useKeyUsage(id, Number(days), { enabled: apiKey !== undefined });

  if (key.isError && !apiKey) {
    const gone = key.error instanceof ApiClientError && key.error.status === 404;
    return (
      <>
        {back}
        <Callout tone={gone ? "warning" : "danger"} role="alert" title={gone ? "This key does not exist" : "Could not load the key"}
          action={gone ? <Link href="/keys" className={buttonClasses("secondary", "sm")}>All keys</Link> : <Button variant="secondary" size="sm" onClick={() => void key.refetch()}>Try again</Button>}>
          {gone ? "It may have been deleted. Its past requests still count in the usage totals." : errorMessage(key.error)}
        </Callout>
      </>
    );
  }

  return (
    <>
      {back}
      {apiKey ? (
        <PageHeader
          title={apiKey.name}
          description={
            <span className="inline-flex flex-wrap items-center gap-2">
              {apiKey.enabled ? <Badge tone="success">Enabled</Badge> : <Badge tone="neutral">Disabled</Badge>}
              <KeyPolicyBadges apiKey={apiKey} className="contents" />
              <span>API key usage, limits and settings</span>
            </span>
          }
          actions={
            canEdit && (
              <>
                <Button variant="secondary" onClick={() => setDialog("rotate")} icon={<RotateIcon />}>Rotate</Button>
                <Button variant="secondary" onClick={() => setDialog("edit")} icon={<PencilIcon />}>Edit</Button>
                <Button variant="secondary" className="text-red-600 dark:text-red-400" onClick={() => setDialog("delete")} icon={<TrashIcon />}>Delete</Button>
              </>
            )
          }
        />
      ) : (
        <div className="mb-6" aria-busy="true">
          <Skeleton className="h-8 w-56" />
          <Skeleton className="mt-2 h-4 w-40" />
        </div>
      )}
      <ViewOnlyNote what="keys" />
      <div className="space-y-6">
        <div className="grid gap-6 lg:grid-cols-5">
          <div className="min-w-0 lg:col-span-2">
            {apiKey ? <KeySettingsCard apiKey={apiKey} firstUsedAt={usage.data?.key.firstUsedAt} onRotate={() => setDialog("rotate")} /> : <Skeleton className="h-80 w-full rounded-xl" />}
          </div>
          <div className="min-w-0 lg:col-span-3">{usage.data ? <KeyModelsCard usage={usage.data} /> : <Skeleton className="h-80 w-full rounded-xl" />}</div>
        </div>
        {apiKey ? <KeyLimitsCard apiKey={apiKey} onEdit={() => setDialog("limits")} /> : <Skeleton className="h-40 w-full rounded-xl" />}
        <KeyUsageCard keyId={id} usage={usage.data} days={days} onDaysChange={setDays} />
        {usage.data && <RecentRequestsCard keyId={id} range={usage.data.range} />}
      </div>
      {canEdit && apiKey && (dialog === "edit" || dialog === "limits") && <EditKeyDialog apiKey={apiKey} focusLimits={dialog === "limits"} onClose={() => setDialog(null)} />}
      {canEdit && apiKey && dialog === "rotate" && (
        <RotateKeyDialog
          apiKey={apiKey}
          baseUrl={baseUrl}
          onClose={() => {
            setDialog(null);
            // Closing the dialog opened from a hint link leaves the key page, not the dialog, in history.
            if (openRotate) router.replace(`/keys/${encodeURIComponent(id)}`);
          }}
        />
      )}
      {canEdit && apiKey && dialog === "delete" && <DeleteKeyDialog apiKey={apiKey} onClose={() => setDialog(null)} onDeleted={() => router.push("/keys")} />}
    </>
  );
}
