"use client";

import { useSettings } from "@/components/hooks/use-settings";
import { useUpdateSettings } from "@/components/hooks/use-update-settings";
import { ShieldOffIcon } from "@/components/icons";
import { useCan } from "@/components/shell/session-user";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toast";

/** On every dashboard page while authentication is off: the proxy is open, and one click closes it. */
export function AuthOffBanner() {
  const settings = useSettings();
  const update = useUpdateSettings();
  const toast = useToast();
  const canEdit = useCan("admin");
  if (settings.data?.authEnabled !== false) return null;

  return (
    <div
      role="alert"
      aria-label="Authentication is off"
      className="border-b border-amber-600/20 bg-amber-50 text-amber-950 dark:border-amber-400/20 dark:bg-amber-400/10 dark:text-amber-100"
    >
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-2.5 text-sm sm:px-6 lg:px-8">
        <ShieldOffIcon className="size-4 shrink-0 text-amber-600 dark:text-amber-300" />
        {/* At least 16rem of text: on a phone the button goes to its own line instead of squeezing it. */}
        <p className="min-w-0 flex-1 basis-64">
          <span className="font-semibold">Authentication is off.</span> Anyone who can reach this server can use the proxy without a key.
        </p>
        {canEdit ? (
          <Button
            size="sm"
            variant="secondary"
            loading={update.isPending}
            onClick={() =>
              update.mutate({ authEnabled: true }, { onSuccess: () => toast.success("Authentication enabled", "Requests to /v1 now need a valid API key.") })
            }
          >
            Turn authentication on
          </Button>
        ) : (
          <p className="text-xs">Ask an admin or owner to turn it on.</p>
        )}
      </div>
    </div>
  );
}
