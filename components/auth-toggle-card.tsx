"use client";

import { useId, useState, type ReactNode } from "react";
import { AuthOffDialog } from "@/components/auth-off-dialog";
import { useSettings } from "@/components/hooks/use-settings";
import { useUpdateSettings } from "@/components/hooks/use-update-settings";
import { ShieldIcon, ShieldOffIcon } from "@/components/icons";
import { useCan } from "@/components/shell/session-user";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { Skeleton } from "@/components/ui/skeleton";
import { Switch } from "@/components/ui/switch";
import { useToast } from "@/components/ui/toast";

/** The seed's "Enable Authentication" toggle: persisted, effective on the next request. */
export function AuthToggleCard({ whenEnabled }: { whenEnabled?: ReactNode }) {
  const labelId = useId();
  const descriptionId = useId();
  const settings = useSettings();
  const update = useUpdateSettings();
  const toast = useToast();
  const enabled = settings.data?.authEnabled;
  const [confirmingOff, setConfirmingOff] = useState(false);
  // A viewer sees whether authentication is on, without the switch.
  const canEdit = useCan("admin");

  function onChange(next: boolean) {
    // Turning it off opens the proxy to anyone: asked first, in words that say so.
    if (!next) return setConfirmingOff(true);
    save(next);
  }

  function save(next: boolean) {
    update.mutate(
      { authEnabled: next },
      {
        onSuccess: () =>
          next
            ? toast.success("Authentication enabled", "Requests to /v1 now need a valid API key.")
            : toast.info("Authentication disabled", "Anyone who can reach this server can use the proxy."),
      },
    );
  }

  return (
    <Card>
      <div className="flex items-start gap-4 px-5 py-4">
        <div
          className={cn(
            "flex size-10 shrink-0 items-center justify-center rounded-lg",
            enabled === false
              ? "bg-amber-100 text-amber-700 dark:bg-amber-400/15 dark:text-amber-300"
              : "bg-indigo-50 text-indigo-600 dark:bg-indigo-500/15 dark:text-indigo-300",
          )}
        >
          {enabled === false ? <ShieldOffIcon className="size-5" /> : <ShieldIcon className="size-5" />}
        </div>
        <div className="min-w-0 flex-1">
          <h2 id={labelId} className="text-base font-semibold">
            {canEdit ? "Enable Authentication" : "Authentication"}
          </h2>
          <p id={descriptionId} className="mt-0.5 text-sm text-zinc-600 dark:text-zinc-400">
            When on, every request to the proxy must include a valid API key. Changes take effect immediately.
          </p>
        </div>
        <div className="pt-1">
          {settings.isPending ? (
            <Skeleton className="h-6 w-11 rounded-full" />
          ) : settings.isError ? (
            <Button variant="secondary" size="sm" onClick={() => settings.refetch()}>
              Retry
            </Button>
          ) : !canEdit ? (
            <Badge tone={enabled ? "success" : "warning"} aria-describedby={descriptionId} data-testid="auth-status">
              {enabled ? "On" : "Off"}
            </Badge>
          ) : (
            <Switch
              checked={enabled === true}
              onCheckedChange={onChange}
              disabled={update.isPending}
              aria-labelledby={labelId}
              aria-describedby={descriptionId}
            />
          )}
        </div>
      </div>
      {settings.isError && (
        <div className="px-5 pb-4">
          <Callout tone="danger" title="Could not load the authentication setting" role="alert" />
        </div>
      )}
      {enabled === false && (
        <div className="px-5 pb-4">
          <Callout tone="warning" role="alert" title="Authentication is off: the proxy is open to anyone who can reach it">
            Enable authentication before exposing the proxy to the network, to prevent unauthorized access.
          </Callout>
        </div>
      )}
      {enabled === true && whenEnabled && <div className="px-5 pb-4">{whenEnabled}</div>}
      {canEdit && confirmingOff && (
        <AuthOffDialog
          pending={update.isPending}
          onClose={() => setConfirmingOff(false)}
          onConfirm={() => {
            setConfirmingOff(false);
            save(false);
          }}
        />
      )}
    </Card>
  );
}
